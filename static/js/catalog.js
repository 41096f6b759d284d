// Catalog filters: apply a filter as soon as it is ticked (the form also works without JavaScript).
(function () {
  "use strict";
  var form = document.getElementById("catalog-filters");
  if (!form) { return; }
  // On a phone the filters start folded (unless some are in use), so that results come first.
  var panel = form.querySelector(".filter-panel");
  if (panel && !panel.hasAttribute("data-active") && window.matchMedia("(max-width: 799px)").matches) {
    panel.open = false;
  }
  form.addEventListener("change", function (event) {
    if (event.target.matches("input[type=checkbox], input[type=radio]")) { form.requestSubmit(); }
  });
})();
