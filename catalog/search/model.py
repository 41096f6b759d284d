"""The search interface's values: what is asked, who asks, what comes back (pure).

Filters and facet counts follow catalog.facets (CatalogFilters, FacetValue): one contract for
the catalog page and every search backend.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from catalog.facets import FACETS, PRICE_BANDS, CatalogFilters, FacetValue
from catalog.search.documents import SearchDocument, region_key
from catalog.search.intent import Need
from core.domain import N_, FieldMessage, ValidationFailed
from core.text import ascii_digits
from core.vocab import CATEGORIES, PRICING_TYPES, READINESS_LEVELS, SECTORS, SIZES

MAX_LIMIT = 100
# The values of each facet, in the order pages show them (regions: whatever the listings name).
FACET_CODES = {
    "category": tuple(CATEGORIES),
    "sector": tuple(SECTORS),
    "level": tuple(str(n) for n in READINESS_LEVELS),
    "pricing": tuple(PRICING_TYPES),
    "size": tuple(SIZES),
    "price": tuple(PRICE_BANDS),
}


FILTER_FIELDS = (*FACETS, "price_min", "price_max", "rating_min")
MAX_PRICE = 10**13  # VND; anything above is a typing accident
_SEPARATORS = str.maketrans("", "", "., ")  # "1.500.000" as typed on the page


def read_filters(pairs) -> tuple[CatalogFilters, dict[str, FieldMessage]]:
    """Filters from FIELD=VALUE pairs (query string, command line), and a message for each bad one
    (the filters keep the good ones)."""
    chosen: dict[str, list[str]] = {}
    problems: dict[str, FieldMessage] = {}
    for field_name, raw in pairs:
        value = str(raw).strip()
        if field_name not in FILTER_FIELDS:
            problems[field_name] = (
                N_("Bộ lọc không được hỗ trợ; dùng một trong: %(choices)s."),
                {"choices": ", ".join(FILTER_FIELDS)},
            )
        elif not value:
            continue
        elif field_name in FACET_CODES and value not in FACET_CODES[field_name]:
            problems[field_name] = (
                N_("Giá trị '%(value)s' không hợp lệ; dùng một trong: %(choices)s."),
                {"value": value, "choices": ", ".join(FACET_CODES[field_name])},
            )
        elif field_name in ("price_min", "price_max") and not ascii_digits(value.translate(_SEPARATORS)):
            problems[field_name] = N_("Phải là số tiền (VND) không âm, chỉ gồm chữ số.")
        elif field_name == "rating_min" and value not in ("1", "2", "3", "4", "5"):
            problems[field_name] = N_("Chọn từ 1 đến 5 sao.")
        elif field_name in ("price_min", "price_max") and int(value.translate(_SEPARATORS)) > MAX_PRICE:
            problems[field_name] = (N_("Tối đa %(most)s VND."), {"most": MAX_PRICE})
        else:
            money = field_name in ("price_min", "price_max")
            chosen.setdefault(field_name, []).append(value.translate(_SEPARATORS) if money else value)
    for name, message in (
        ("level", N_("Chỉ chọn một mức sẵn sàng chuyển đổi số.")),
        ("price", N_("Chỉ chọn một khoảng giá.")),
    ):
        if len(chosen.get(name, [])) > 1:
            problems[name] = message
            del chosen[name]
    return CatalogFilters.from_query(lambda name: chosen.get(name, [])), problems


def filters_from_pairs(pairs) -> CatalogFilters:
    """Filters from FIELD=VALUE pairs; ValidationFailed names each bad one."""
    filters, problems = read_filters(pairs)
    if problems:
        raise ValidationFailed(N_("Bộ lọc tìm kiếm chưa hợp lệ."), problems)
    return filters


def read_sort(raw: str | None) -> tuple[str, FieldMessage | None]:
    """A sort order from a query parameter (relevance when absent), and a message when unknown."""
    if not raw or raw in SORTS:
        return raw or SORTS[0], None
    return SORTS[0], (
        N_("Giá trị '%(value)s' không hợp lệ; dùng một trong: %(choices)s."),
        {"value": raw, "choices": ", ".join(SORTS)},
    )


@dataclass(frozen=True)
class Scope:
    """Which documents a searcher may see.

    public: live revisions of published listings (everyone); vendor: the newest revision of
    each of that vendor's listings, drafts included; review: revisions awaiting review (officers).
    """

    kind: str = "public"
    vendor_id: str | None = None

    KINDS = ("public", "vendor", "review")


PUBLIC = Scope()


# How results may be ordered: by relevance (the default; with no words, official listings first,
# then the most recent), by monthly price (listings without one last), or newest first.
# or by rating: the Bayesian average of catalog.stars, best first (a listing without reviews sits at
# the prior, 3.5).
SORTS = ("relevance", "price_asc", "price_desc", "newest", "rating")


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    filters: CatalogFilters = field(default_factory=CatalogFilters)
    scope: Scope = PUBLIC
    limit: int = 20
    offset: int = 0
    facets: bool = True
    sort: str = "relevance"


@dataclass(frozen=True)
class SearchHit:
    product_id: str
    score: float  # 0..1, higher is better; hits come best first
    highlights: dict[str, str]  # field -> HTML-escaped text with <mark> around matched words
    document: SearchDocument
    why: tuple[Need, ...] = ()  # what the query points to that this product is (intent.answered)

    def to_dict(self) -> dict:
        return {"product_id": self.product_id, "score": self.score, "highlights": self.highlights}


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[SearchHit, ...]
    total: int
    facets: dict[str, list[FacetValue]]
    took_ms: float = 0.0
    relaxed: bool = False  # too few products hold every word the query asks for: near matches too
    exact_total: int = 0  # how many hold every word (less than `total` only when relaxed)


class Backend(Protocol):
    """What the search service needs from an engine."""

    name: str
    follows_database: bool  # True: the service keeps it in step with the DB by change detection

    def replace_all(self, documents, progress=None) -> int: ...

    def upsert(self, listing_ids, documents) -> None: ...

    def search(self, request: SearchRequest) -> SearchResult: ...

    def spell(self, q: str) -> str | None: ...


def facet_values(counts: dict[str, dict[str, int]], filters) -> dict[str, list[FacetValue]]:
    """Counts in catalog.facets' shape: vocabulary order, empty values left out unless chosen."""
    out: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        chosen = set(filters.chosen(facet))
        if facet == "region":
            chosen_keys = {region_key(r): r for r in chosen}
            values = dict(counts.get("region", {}))
            present = {region_key(r) for r in values}
            for key, region in chosen_keys.items():
                if key not in present:
                    values[region] = 0
            out[facet] = [
                FacetValue(r, c, region_key(r) in chosen_keys)
                for r, c in sorted(values.items(), key=lambda rc: region_key(rc[0]))
            ]
            continue
        if facet == "price" and filters.price:
            chosen = {filters.price}
        values = counts.get(facet, {})
        out[facet] = [
            FacetValue(code, values.get(code, 0), code in chosen)
            for code in FACET_CODES[facet]
            if values.get(code, 0) or code in chosen
        ]
    return out
