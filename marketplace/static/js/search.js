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
          more: "Xem tất cả kết quả", free: "Miễn phí", month: "/tháng", reviews: " đánh giá", failed: "Không tìm được lúc này; hãy thử lại.",
          spelling: "Có phải bạn muốn tìm ", drop: "Bỏ bộ lọc: ", related: "Lĩnh vực liên quan: " },
    en: { count: " products", none: "No product matches.", official: "Official catalogue",
          more: "See all results", free: "Free", month: "/month", reviews: " reviews", failed: "Search failed; please try again.",
          spelling: "Did you mean ", drop: "Remove a filter: ", related: "Related categories: " }
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
    if (hit.rating && hit.rating.count) {
      var mean = hit.rating.mean.toFixed(1);
      article.appendChild(element("p", "rating", "★ " + (lang === "vi" ? mean.replace(".", ",") : mean) +
                                  " · " + hit.rating.count + TEXT.reviews));
    }
    article.appendChild(marked("p", hit.highlights.summary));
    if (hit.why.length) {
      var why = element("p", "why");
      hit.why.forEach(function (w) { why.appendChild(element("span", "", w.text)); });
      article.appendChild(why);
    }
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

  // A line of links ("Bỏ bộ lọc: Lĩnh vực: Kế toán 12 sản phẩm · ...") to the catalog page.
  function offers(lead, items, name) {
    var line = element("p", "", lead);
    items.forEach(function (item, i) {
      if (i) { line.appendChild(document.createTextNode(" · ")); }
      var link = element("a", "", name(item));
      link.href = form.action + "?" + item.query;
      line.appendChild(link);
      line.appendChild(element("span", "count", " " + item.total + TEXT.count));
    });
    return line;
  }

  function render(body, query) {
    results.textContent = "";
    results.appendChild(element("p", "muted", body.total + TEXT.count));
    if (body.notice) { results.appendChild(element("p", "flash flash-warning notice", body.notice)); }
    if (!body.hits.length) {
      var empty = element("div", "card empty");
      empty.appendChild(element("p", "", TEXT.none));
      var offered = body.suggestions || {};
      if (offered.spelling) {
        empty.appendChild(offers(TEXT.spelling, [offered.spelling], function (s) { return s.q; }));
      }
      if (offered.drop_filters && offered.drop_filters.length) {
        empty.appendChild(offers(TEXT.drop, offered.drop_filters, function (d) {
          return d.label + (d.values.length ? ": " + d.values.join(", ") : "");
        }));
      }
      if (offered.categories && offered.categories.length) {
        empty.appendChild(offers(TEXT.related, offered.categories, function (c) { return c.label; }));
      }
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
