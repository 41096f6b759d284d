"""The Meilisearch backend (selected when MEILISEARCH_URL is set), with the official client.

The index is configured from code (`SETTINGS`): searchable attributes in the order the
"attribute" rule needs, filterable and sortable attributes, ranking rules, typo tolerance lowered
to Vietnamese syllables (one typo from 4 letters, two from 8), and the synonyms shared with the
embedded backend (with the needs lexicon's abbreviations). Each text field also has a folded copy
(no diacritics, đ -> d) so that queries typed without diacritics match whatever Meilisearch's own
normaliser does with Vietnamese; raw Telex/VNI queries are decoded before they are sent. Facet
counts are "disjunctive" like catalog.facets: one extra query per facet that has an active filter,
all in one multi-search request.

Search by need, as in the embedded engine (catalog.search.relevance), expressed in settings:
- every word: the query is sent without its fillers and generic words (catalog.search.intent)
  with matchingStrategy "all"; a word that names a kind of business is found in `sector_terms`,
  the folded phrases of the sectors a product is built for (the last searchable attribute, so it
  makes a product a result without ranking it);
- the need: per product a number per category it lists (`need_<CATEGORY>`, less for later
  categories) and per sector (`sector_<SECTOR>`: 1 built for it, 0.5 for every sector); the query's
  categories, strongest first, then its sectors, are sent as `sort`, and the "sort" rule comes
  right after "words"; an explicit sort (price, newest) takes its place;
- field weights: the order of searchable attributes (name, category labels, summary, description,
  integrations, vendor); saturation comes free: Meilisearch does not count repetitions;
- phrases: the "proximity" rule;
- relaxing: when fewer than intent.MIN_EXACT products hold every word, or none of them answers
  the need, the query runs again with matchingStrategy "frequency".
Where Meilisearch cannot follow, it does this instead: its rules are a bucket sort, not one blended
score (the need decides before typos, proximity and fields, where the embedded engine weighs them
together); fillers and generic words do not count at all rather than a little; the needs order
products lexicographically (first category, then the next) rather than by the strongest weight;
relaxing keeps the products holding the rarest words, not "half the words, or answering the need";
and there is no "did you mean": the index's vocabulary is not exposed.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable

import meilisearch
from meilisearch.errors import MeilisearchError

from catalog.facets import FACETS, PRICE_BANDS, CatalogFilters
from catalog.search.analysis import Query, analyse_query
from catalog.search.documents import SearchDocument, region_key
from catalog.search.highlight import Highlighter
from catalog.search.intent import answered, query_lexicon
from catalog.search.model import Scope, SearchHit, SearchRequest, SearchResult, facet_values
from catalog.search.relevance import BLEND, category_strength
from catalog.search.synonyms import meilisearch_synonyms
from core.domain import N_, DomainError
from core.text import fold
from core.vocab import ANY, CATEGORIES, SECTORS

BATCH = 1000
TEXT_FIELDS = ("name", "labels", "summary", "description", "integrations", "vendor_name")
RETRIEVED = [f for f in SearchDocument.__dataclass_fields__]
# facet name in catalog.facets -> attribute holding its values
FACET_ATTRIBUTES = {
    "category": "categories",
    "sector": "sectors",
    "level": "levels",
    "pricing": "pricing_types",
    "region": "regions",
    "size": "sizes",
    "price": "price_band",
}
WILDCARD_FACETS = ("sector", "region", "size")  # a "*" document counts under every value
# An explicit sort in Meilisearch's words (relevance: the query's needs, see _need_sort).
SORTS = {
    "price_asc": ["price_monthly_vnd:asc"],
    "price_desc": ["price_monthly_vnd:desc"],
    "newest": ["timestamp:desc"],
    "rating": ["rating_score:desc"],
}
NEED_SORT = 3  # categories sent as sort, strongest first


def _settings() -> dict:
    searchable = []
    for name in TEXT_FIELDS:
        searchable += [name] if name == "integrations" else [name, f"{name}_folded"]
    return {
        "searchableAttributes": [*searchable, "sector_terms"],
        "filterableAttributes": [
            "listing_id",
            "vendor_id",
            "public",
            "latest",
            "revision_status",
            "categories",
            "sectors",
            "levels",
            "pricing_types",
            "regions",
            "region_keys",
            "sizes",
            "price_monthly_vnd",
            "price_band",
            "rating_mean",
        ],
        "sortableAttributes": [
            "official_rank",
            "timestamp",
            "price_monthly_vnd",
            "rating_score",
            *(f"need_{c}" for c in CATEGORIES),
            *(f"sector_{s}" for s in SECTORS),
        ],
        "rankingRules": [
            "words",
            "sort",
            "typo",
            "proximity",
            "attribute",
            "exactness",
            "official_rank:desc",
            "timestamp:desc",
        ],
        "typoTolerance": {"enabled": True, "minWordSizeForTypos": {"oneTypo": 4, "twoTypos": 8}},
        "synonyms": meilisearch_synonyms(),
        "faceting": {"maxValuesPerFacet": 200},
        "pagination": {"maxTotalHits": 1000},
    }


SETTINGS = _settings()


class SearchUnavailable(DomainError):
    code, status = "search_unavailable", 503


def to_meili(doc: SearchDocument) -> dict:
    """A document as stored in Meilisearch: its fields, folded copies, and filter values."""
    data = doc.to_dict()
    data["id"] = hashlib.sha1(doc.doc_id.encode()).hexdigest()  # Meilisearch ids allow [A-Za-z0-9_-] only
    data["labels"] = doc.labels
    for name in TEXT_FIELDS:
        if name != "integrations":
            data[f"{name}_folded"] = fold(getattr(doc, name) if name != "labels" else doc.labels)
    data["levels"] = list(range(doc.readiness_min, doc.readiness_max + 1))
    data["region_keys"] = [ANY] if doc.any_region else list(doc.region_keys())
    data["sizes"] = list(doc.company_sizes) or [ANY]
    data["price_band"] = _price_band(doc.price_monthly_vnd)
    data["official_rank"] = int(doc.official)
    data["rating_mean"] = doc.rating_mean or 0.0
    data["rating_score"] = doc.rating_score
    phrases = query_lexicon().sector_phrases
    data["sector_terms"] = [fold(p) for s in doc.sectors if s != ANY for p in phrases.get(s, ())]
    for at, category in enumerate(doc.categories):
        data[f"need_{category}"] = round(category_strength(at), 3)
    for sector in SECTORS:
        if sector in doc.sectors or doc.any_sector:
            data[f"sector_{sector}"] = 1.0 if sector in doc.sectors else BLEND.any_sector
    return data


def _need_sort(query: Query) -> list[str]:
    """The query's categories (strongest first), then its sectors, as a Meilisearch sort."""
    categories = sorted(query.intent.of("category").items(), key=lambda cw: -cw[1])[:NEED_SORT]
    sectors = sorted(query.intent.of("sector").items(), key=lambda sw: -sw[1])[:1]
    return [f"need_{c}:desc" for c, _w in categories] + [f"sector_{s}:desc" for s, _w in sectors]


def _answers_filter(query: Query) -> list[str]:
    """Products answering a strong need of the query, as one Meilisearch filter alternative."""
    return [
        f"categories = {_quote(n.code)}" if n.kind == "category" else f"sectors = {_quote(n.code)}"
        for n in query.intent.strong
    ]


def _price_band(price: int | None) -> str | None:
    if price is None:
        return None
    for code, (low, high) in PRICE_BANDS.items():
        if price >= low and (high is None or price <= high):
            return code
    return None


def _quote(value) -> str:
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def scope_filter(scope: Scope) -> list:
    if scope.kind == "vendor":
        return ["latest = true", f"vendor_id = {_quote(scope.vendor_id)}"]
    if scope.kind == "review":
        return ["latest = true", 'revision_status = "submitted"']
    return ["public = true"]


def facet_filters(filters: CatalogFilters) -> dict[str, list]:
    """Each active filter as Meilisearch filter expressions (inner lists are alternatives)."""
    out: dict[str, list] = {}
    if filters.category:
        out["category"] = [[f"categories = {_quote(c)}" for c in filters.category]]
    if filters.sector:
        out["sector"] = [[f"sectors = {_quote(s)}" for s in (*filters.sector, ANY)]]
    if filters.level is not None:
        out["level"] = [f"levels = {int(filters.level)}"]
    if filters.pricing:
        out["pricing"] = [[f"pricing_types = {_quote(p)}" for p in filters.pricing]]
    if filters.region:
        out["region"] = [[f"region_keys = {_quote(k)}" for k in (*map(region_key, filters.region), ANY)]]
    if filters.size:
        out["size"] = [[f"sizes = {_quote(s)}" for s in (*filters.size, ANY)]]
    low, high = filters.price_bounds()
    if low is not None or high is not None:
        out["price"] = ([f"price_monthly_vnd >= {int(low)}"] if low is not None else []) + (
            [f"price_monthly_vnd <= {int(high)}"] if high is not None else []
        )
    return out


def facet_counts(distribution: dict[str, dict[str, int]], facet: str) -> dict[str, int]:
    """Counts in catalog.facets' sense from Meilisearch's facetDistribution."""
    values = dict(distribution.get(FACET_ATTRIBUTES[facet], {}))
    if facet in WILDCARD_FACETS:
        everywhere = values.pop(ANY, 0)
        values = {v: c + everywhere for v, c in values.items()}
    return values


class MeilisearchBackend:
    name = "meilisearch"
    follows_database = False

    def __init__(self, url: str, api_key: str | None, index: str = "listings", timeout: float = 5.0):
        self.client = meilisearch.Client(url, api_key, timeout=timeout)
        self.uid = index
        self.index = self.client.index(index)
        self._configured = False

    def _wait(self, task) -> None:
        result = self.client.wait_for_task(task.task_uid, timeout_in_ms=60_000, interval_in_ms=20)
        if result.status != "succeeded":
            raise SearchUnavailable(f"Meilisearch task {task.task_uid} {result.status}: {result.error}")

    def configure(self) -> None:
        """Create the index if needed and apply SETTINGS (once per process, or on reindex)."""
        try:
            self.index.fetch_info()
        except meilisearch.errors.MeilisearchApiError as exc:
            if exc.status_code != 404:
                raise
            self._wait(self.client.create_index(self.uid, {"primaryKey": "id"}))
        self._wait(self.index.update_settings(SETTINGS))
        self._configured = True

    def replace_all(
        self, documents: Iterable[SearchDocument], progress: Callable[[int], None] | None = None
    ) -> int:
        self.configure()
        self._wait(self.index.delete_all_documents())
        batch, count, task = [], 0, None
        for doc in documents:
            batch.append(to_meili(doc))
            if len(batch) == BATCH:
                task = self.index.add_documents(batch, primary_key="id")
                count, batch = count + len(batch), []
                if progress:
                    progress(BATCH)
        if batch:
            task = self.index.add_documents(batch, primary_key="id")
            count += len(batch)
            if progress:
                progress(len(batch))
        if task is not None:
            self._wait(task)
        return count

    def upsert(self, listing_ids: Iterable[str], documents: Iterable[SearchDocument]) -> None:
        if not self._configured:
            self.configure()
        ids = sorted(set(listing_ids))
        docs = [to_meili(d) for d in documents]
        if ids:
            task = self.index.delete_documents(filter=f"listing_id IN [{', '.join(map(_quote, ids))}]")
        if docs:
            task = self.index.add_documents(docs, primary_key="id")
        if ids or docs:
            self._wait(task)

    def spell(self, q: str) -> None:
        """No "did you mean" here: Meilisearch does not expose its index's vocabulary."""
        return None

    def search(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        query = analyse_query(request.q)
        scope = scope_filter(request.scope)
        if request.filters.rating_min is not None:  # narrows who is searched, like the scope: no facet
            scope = [*scope, f"rating_mean >= {int(request.filters.rating_min)}"]
        filters = facet_filters(request.filters)
        everything = scope + [part for parts in filters.values() for part in parts]
        main = {
            "indexUid": self.uid,
            "q": query.rewritten(required_only=True),
            "filter": everything,
            "limit": request.limit,
            "offset": request.offset,
            "attributesToRetrieve": RETRIEVED,
            "showRankingScore": True,
            "matchingStrategy": "all",
        }
        sort = SORTS.get(request.sort) or _need_sort(query)
        if sort:
            main["sort"] = sort
        answers = _answers_filter(query)
        check = []  # how many of the results holding every word answer the need (limit 0)
        if answers and query.intent.required_count > 1:
            check = [{"indexUid": self.uid, "q": main["q"], "filter": [*everything, answers], "limit": 0,
                      "matchingStrategy": "all"}]
        results = self._multi_search([main, *check, *self._facet_queries(main, scope, filters, request)])
        exact_total = _total(results[0])
        relaxed = False
        if query.intent.relaxes(exact_total, _total(results[1]) if check else None):
            main = {**main, "matchingStrategy": "frequency"}
            wider = self._multi_search([main, *self._facet_queries(main, scope, filters, request)])
            if _total(wider[0]) > exact_total:
                results, relaxed, check = wider, True, []
        facet_results = results[1 + len(check) :]
        counts: dict[str, dict[str, int]] = {}
        if request.facets:
            distribution = results[0].get("facetDistribution") or {}
            for facet in FACETS:
                if facet not in filters:
                    counts[facet] = facet_counts(distribution, facet)
            for facet, result in zip(filters, facet_results, strict=True):
                counts[facet] = facet_counts(result.get("facetDistribution") or {}, facet)
        highlight = Highlighter(query)
        hits = []
        for hit in results[0]["hits"]:
            doc = SearchDocument.from_dict(hit)
            hits.append(
                SearchHit(
                    doc.listing_id,
                    round(float(hit.get("_rankingScore", 0.0)), 4),
                    highlight(doc),
                    doc,
                    answered(query.intent, doc.categories, doc.sectors),
                )
            )
        facets = facet_values(counts, request.filters) if request.facets else {}
        took = round((time.perf_counter() - started) * 1000, 2)
        return SearchResult(tuple(hits), _total(results[0]), facets, took, relaxed, exact_total)

    def _facet_queries(self, main: dict, scope: list, filters: dict, request: SearchRequest) -> list[dict]:
        """Facets without a filter of their own are counted on the main query; each filtered facet
        is counted with every other filter applied (disjunctive facets, as catalog.facets does)."""
        if not request.facets:
            return []
        main["facets"] = [FACET_ATTRIBUTES[f] for f in FACETS if f not in filters]
        return [
            {
                "indexUid": self.uid,
                "q": main["q"],
                "filter": scope + [p for f, parts in filters.items() if f != facet for p in parts],
                "limit": 0,
                "facets": [FACET_ATTRIBUTES[facet]],
                "matchingStrategy": main["matchingStrategy"],
            }
            for facet in filters
        ]

    def _multi_search(self, queries: list[dict]) -> list[dict]:
        try:
            if not self._configured:
                self.configure()
            return self.client.multi_search(queries)["results"]
        except MeilisearchError as exc:
            raise SearchUnavailable(
                N_("Tìm kiếm tạm thời không hoạt động; hãy thử lại sau ít phút.")
            ) from exc


def _total(result: dict) -> int:
    return result.get("estimatedTotalHits", result.get("totalHits", len(result.get("hits", ()))))
