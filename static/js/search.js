// Search as you type on the catalog page. Progressive enhancement: without JavaScript the same
// form submits a plain GET to "/" and the server renders the results.
(function () {
  "use strict";
  var input = document.getElementById("catalog-q");
  var results = document.getElementById("catalog-results");
  var form = document.getElementById("catalog-filters");
  if (!input || !results || !form || !window.fetch || !window.URLSearchParams) { return; }
  var api = input.getAttribute("data-search-api");
  var lang = document.documentElement.lang === "en" ? "en" : "vi";
  var TEXT = {
    vi: { count: " sản phẩm", none: "Không có sản phẩm nào khớp.", official: "Danh mục chính thức",
          more: "Xem tất cả kết quả", free: "Miễn phí", month: "/tháng", failed: "Không tìm được lúc này; hãy thử lại." },
    en: { count: " products", none: "No product matches.", official: "Official catalogue",
          more: "See all results", free: "Free", month: "/month", failed: "Search failed; please try again." }
  }[lang];
  var LIMIT = 24;
  var timer = null;
  var inflight = null;

  function params() {
    var query = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (value !== "") { query.append(key, value); }
    });
    return query;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // Highlights come HTML-escaped from the server with <mark> around matched words only.
  function marked(tag, html) {
    var node = element(tag);
    node.innerHTML = html;
    return node;
  }

  function card(hit) {
    var article = element("article", "card product-card");
    var title = element("h2");
    var link = hit.url ? element("a") : element("span");
    if (hit.url) { link.href = hit.url; }
    link.appendChild(marked("span", hit.highlights.name));  // one box: links may be flex containers
    title.appendChild(link);
    article.appendChild(title);
    var meta = element("p", "muted meta", hit.vendor_name);
    if (hit.official) { meta.appendChild(element("span", "badge official", TEXT.official)); }
    article.appendChild(meta);
    article.appendChild(marked("p", hit.highlights.summary));
    if (hit.highlights.description) {
      var snippet = marked("p", hit.highlights.description);
      snippet.className = "muted snippet";
      article.appendChild(snippet);
    }
    var tags = element("p", "tags");
    hit.categories.forEach(function (c) { tags.appendChild(element("span", "badge", c.label)); });
    article.appendChild(tags);
    if (hit.price_monthly_vnd !== null) {
      article.appendChild(element("p", "price", hit.price_monthly_vnd === 0 ? TEXT.free : hit.price_text + TEXT.month));
    }
    return article;
  }

  function showCounts(facets) {
    form.querySelectorAll("input[type=checkbox], input[type=radio]").forEach(function (box) {
      var values = facets[box.name];
      var count = box.parentNode.querySelector(".count");
      if (!values || !count) { return; }
      var found = values.filter(function (v) { return v.value === box.value; })[0];
      count.textContent = found ? found.count : 0;
    });
  }

  function render(body, query) {
    results.textContent = "";
    results.appendChild(element("p", "muted", body.total + TEXT.count));
    if (!body.hits.length) {
      var empty = element("div", "card");
      empty.appendChild(element("p", "", TEXT.none));
      results.appendChild(empty);
    }
    body.hits.forEach(function (hit) { results.appendChild(card(hit)); });
    if (body.total > body.hits.length) {
      var more = element("a", "button", TEXT.more);
      more.href = form.action + "?" + query.toString();
      results.appendChild(more);
    }
    showCounts(body.facets);
  }

  function search() {
    var query = params();
    if (!query.get("q")) { form.submit(); return; }  // no words: the server's own catalogue order
    if (inflight) { inflight.abort(); }
    inflight = window.AbortController ? new AbortController() : null;
    var request = new URLSearchParams(query.toString());
    request.set("limit", LIMIT);
    fetch(api + "?" + request.toString(), { headers: { "Accept": "application/json" },
                                           signal: inflight ? inflight.signal : undefined })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (body) {
        render(body, query);
        window.history.replaceState(null, "", form.action + "?" + query.toString());
      })
      .catch(function (error) {
        if (error.name !== "AbortError") { results.insertBefore(element("p", "error", TEXT.failed), results.firstChild); }
      });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 250);
  });
})();
