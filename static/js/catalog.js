// Catalog filters: apply a filter as soon as it is ticked (the form also works without JavaScript).
(function () {
  "use strict";
  var form = document.getElementById("catalog-filters");
  if (!form) { return; }
  form.addEventListener("change", function (event) {
    if (event.target.matches("input[type=checkbox], input[type=radio]")) { form.requestSubmit(); }
  });
})();
