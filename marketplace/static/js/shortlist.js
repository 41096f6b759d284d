// "Lưu" buttons save to / remove from the shortlist in place: the reader stays where they are. Without
// JavaScript the same forms post and come back to the product (#p-<id>).
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) { return; }
  document.querySelectorAll("form.shortlist-toggle").forEach(function (form) {
    // On the form itself: this runs before app.js's document-wide double-submit guard.
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button");
      button.disabled = true;
      fetch(form.action, { method: "POST", body: new FormData(form), headers: { "Accept": "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (body) {
          form.action = form.getAttribute(body.saved ? "data-remove" : "data-save");
          button.querySelector(".save-text").textContent =
            button.getAttribute(body.saved ? "data-remove-text" : "data-save-text");
          document.querySelectorAll(".shortlist-count").forEach(function (count) { count.textContent = body.count; });
        })
        .catch(function () { form.submit(); })  // the plain post shows what went wrong
        .finally(function () { button.disabled = false; });
    });
  });
})();
