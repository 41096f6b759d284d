// Catalog filters, progressive enhancement. Without JavaScript the form submits a plain GET (its "Lọc"
// button to #catalog-results, so the page opens at the results). With it, a ticked filter updates the
// results and the counts in place: no reload, the reader stays where they are; "Lọc" does the same and,
// on a phone, folds the panel and brings the results into view. A new sort order applies the same way.
(function () {
  "use strict";
  var form = document.getElementById("catalog-filters");
  if (!form) { return; }
  var panel = form.querySelector(".filter-panel");
  var results = document.getElementById("catalog-results");
  var phone = window.matchMedia("(max-width: 799px)");
  // On a phone the filters start folded (unless some are in use), so that results come first.
  if (panel && !panel.hasAttribute("data-active") && phone.matches) { panel.open = false; }
  var inPlace = results && panel && window.fetch && window.DOMParser && window.URLSearchParams;
  var inflight = null;

  function address() {
    var query = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (value !== "") { query.append(key, value); }
    });
    var text = query.toString();
    return form.action + (text ? "?" + text : "");
  }

  // The fresh page's counts, "đang lọc" badge and "Xóa bộ lọc" link, without touching the boxes the
  // reader is ticking (focus and open sections stay as they are).
  function refreshPanel(fresh) {
    form.querySelectorAll(".facets label .count").forEach(function (count) {
      var box = count.parentNode.querySelector("input");
      var twin = box && fresh.querySelector("input[name='" + box.name + "'][value='" + CSS.escape(box.value) + "']");
      var freshCount = twin && twin.parentNode.querySelector(".count");
      count.textContent = freshCount ? freshCount.textContent : "0";
    });
    var heading = form.querySelector(".filter-panel > summary h2");
    var freshHeading = fresh.querySelector(".filter-panel > summary h2");
    if (heading && freshHeading) { heading.replaceChildren.apply(heading, Array.from(freshHeading.childNodes)); }
    var actions = form.querySelector(".filter-panel > .actions");
    var clear = fresh.querySelector(".filter-panel > .actions a");
    actions.querySelectorAll("a").forEach(function (link) { link.remove(); });
    if (clear) { actions.appendChild(clear); }
  }

  function apply(thenShowResults) {
    var url = address();
    if (inflight) { inflight.abort(); }
    inflight = new AbortController();
    results.setAttribute("aria-busy", "true");
    fetch(url, { headers: { "Accept": "text/html" }, signal: inflight.signal })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var freshResults = page.getElementById("catalog-results");
        var freshForm = page.getElementById("catalog-filters");
        if (!freshResults || !freshForm) { throw new Error("unexpected page"); }
        results.replaceChildren.apply(results, Array.from(freshResults.childNodes));
        refreshPanel(freshForm);
        window.history.replaceState(null, "", url);
        if (thenShowResults) {
          panel.open = false;
          results.setAttribute("tabindex", "-1");
          results.focus({ preventScroll: true });
          results.scrollIntoView({ block: "start" });
        }
      })
      .catch(function (error) {
        if (error.name !== "AbortError") { window.location.assign(url); }  // a plain page load instead
      })
      .finally(function () { results.removeAttribute("aria-busy"); });
  }

  form.addEventListener("change", function (event) {
    if (!event.target.matches(".filter-panel input[type=checkbox], .filter-panel input[type=radio], #catalog-sort")) {
      return;
    }
    if (inPlace) { apply(false); } else { form.requestSubmit(); }
  });
  form.addEventListener("submit", function (event) {
    if (!inPlace || !event.submitter || !panel.contains(event.submitter)) { return; }
    event.preventDefault();
    apply(phone.matches);
  });
})();
