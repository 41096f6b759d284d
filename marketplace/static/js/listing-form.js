// Listing form: hide lists made moot by "all" (the pricing rows' terms: pricing-terms.js).
(function () {
  "use strict";
  document.querySelectorAll("[data-hides]").forEach(function (box) {
    var target = document.getElementById(box.getAttribute("data-hides"));
    var wrapper = target && (target.closest(".field") || target);
    function sync() { if (wrapper) { wrapper.hidden = box.checked; } }
    sync();
    box.addEventListener("change", sync);
  });
})();
