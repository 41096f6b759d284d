// Pricing terms (listing form rows, contract terms form): show only the terms of the chosen pricing model,
// and hide a box of terms left with none. Which model a term belongs to comes from the page's data-term
// attributes (core.vocab.PRICING_TERMS). Without this script every term stays visible, each label naming
// its model.
(function () {
  "use strict";
  function sync(scope) {
    var select = scope.querySelector("[data-pricing-type]");
    var type = select ? select.value : "";
    scope.querySelectorAll("[data-term]").forEach(function (box) {
      box.hidden = box.getAttribute("data-term") !== type;
      // A hidden term is not sent: what was typed there for another model can't refuse the form.
      box.querySelectorAll("input, select, textarea").forEach(function (input) { input.disabled = box.hidden; });
    });
    scope.querySelectorAll("[data-terms]").forEach(function (box) {
      box.hidden = !box.querySelector("[data-term]:not([hidden])");
    });
  }
  document.querySelectorAll("[data-pricing-row]").forEach(function (scope) {
    sync(scope);
    scope.addEventListener("change", function (event) {
      if (event.target.matches("[data-pricing-type]")) { sync(scope); }
    });
  });
})();
