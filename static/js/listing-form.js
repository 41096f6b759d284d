// Listing form: show only the terms each pricing model needs, and hide lists made moot by "all".
(function () {
  "use strict";
  function syncRow(row) {
    var select = row.querySelector("[data-pricing-type]");
    var type = select ? select.value : "";
    row.querySelectorAll("[data-term]").forEach(function (box) {
      box.hidden = box.getAttribute("data-term") !== type;
    });
  }
  document.querySelectorAll("[data-pricing-row]").forEach(function (row) {
    syncRow(row);
    row.addEventListener("change", function () { syncRow(row); });
  });
  document.querySelectorAll("[data-hides]").forEach(function (box) {
    var target = document.getElementById(box.getAttribute("data-hides"));
    var wrapper = target && (target.closest(".field") || target);
    function sync() { if (wrapper) { wrapper.hidden = box.checked; } }
    sync();
    box.addEventListener("change", sync);
  });
})();
