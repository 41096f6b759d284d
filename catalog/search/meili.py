"""The Meilisearch backend (selected when MEILISEARCH_URL is set), with the official client.

The index is configured from code (`SETTINGS`): searchable attributes in the order the
"attribute" rule needs, filterable and sortable attributes, Meilisearch's default ranking rules
followed by official status and recency, typo tolerance lowered to Vietnamese syllables (one typo
from 4 letters, two from 8), and the synonyms shared with the embedded backend. Each text field
also has a folded copy (no diacritics, đ -> d) so that queries typed without diacritics match
whatever Meilisearch's own normaliser does with Vietnamese; raw Telex/VNI queries are decoded
before they are sent. Facet counts are "disjunctive" like catalog.facets: one extra query per
facet that has an active filter, all in one multi-search request.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable

import meilisearch
from meilisearch.errors import MeilisearchError

from catalog.facets import FACETS, PRICE_BANDS, CatalogFilters
from catalog.search.analysis import analyse_query
from catalog.search.documents import SearchDocument, region_key
from catalog.search.highlight import Highlighter
from catalog.search.model import Scope, SearchHit, SearchRequest, SearchResult, facet_values
from catalog.search.synonyms import meilisearch_synonyms
from catalog.text import fold
from catalog.vocab import ANY
from marketplace.domain import N_, DomainError

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


def _settings() -> dict:
    searchable = []
    for name in TEXT_FIELDS:
        searchable += [name] if name == "integrations" else [name, f"{name}_folded"]
    return {
        "searchableAttributes": searchable,
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
        ],
        "sortableAttributes": ["official_rank", "timestamp", "price_monthly_vnd"],
        "rankingRules": [
            "words",
            "typo",
            "proximity",
            "attribute",
            "sort",
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
    return data


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

    def search(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        query = analyse_query(request.q)
        scope = scope_filter(request.scope)
        filters = facet_filters(request.filters)
        everything = scope + [part for parts in filters.values() for part in parts]
        main = {
            "indexUid": self.uid,
            "q": query.rewritten(),
            "filter": everything,
            "limit": request.limit,
            "offset": request.offset,
            "attributesToRetrieve": RETRIEVED,
            "showRankingScore": True,
        }
        # Facets without a filter of their own are counted on the main query; each filtered facet
        # is counted with every other filter applied (disjunctive facets, as catalog.facets does).
        queries = [main]
        if request.facets:
            main["facets"] = [FACET_ATTRIBUTES[f] for f in FACETS if f not in filters]
            for facet in filters:
                others = scope + [p for f, parts in filters.items() if f != facet for p in parts]
                queries.append(
                    {
                        "indexUid": self.uid,
                        "q": main["q"],
                        "filter": others,
                        "limit": 0,
                        "facets": [FACET_ATTRIBUTES[facet]],
                    }
                )
        try:
            if not self._configured:
                self.configure()
            results = self.client.multi_search(queries)["results"]
        except MeilisearchError as exc:
            raise SearchUnavailable(
                N_("Tìm kiếm tạm thời không hoạt động; hãy thử lại sau ít phút.")
            ) from exc
        counts: dict[str, dict[str, int]] = {}
        if request.facets:
            distribution = results[0].get("facetDistribution") or {}
            for facet in FACETS:
                if facet not in filters:
                    counts[facet] = facet_counts(distribution, facet)
            for facet, result in zip(filters, results[1:], strict=True):
                counts[facet] = facet_counts(result.get("facetDistribution") or {}, facet)
        highlight = Highlighter(query)
        hits = []
        for hit in results[0]["hits"]:
            doc = SearchDocument.from_dict(hit)
            hits.append(
                SearchHit(doc.listing_id, round(float(hit.get("_rankingScore", 0.0)), 4), highlight(doc), doc)
            )
        total = results[0].get("estimatedTotalHits", results[0].get("totalHits", len(hits)))
        facets = facet_values(counts, request.filters) if request.facets else {}
        return SearchResult(tuple(hits), total, facets, round((time.perf_counter() - started) * 1000, 2))
