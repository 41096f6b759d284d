"""The search interface's values: what is asked, who asks, what comes back (pure).

Filters and facet counts follow catalog.facets (CatalogFilters, FacetValue): one contract for
the catalog page and every search backend.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from catalog.facets import FACETS, PRICE_BANDS, CatalogFilters, FacetValue
from catalog.search.documents import SearchDocument, region_key
from catalog.vocab import CATEGORIES, PRICING_TYPES, READINESS_LEVELS, SECTORS, SIZES
from marketplace.domain import N_, FieldMessage, ValidationFailed

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


FILTER_FIELDS = (*FACETS, "price_min", "price_max")


def filters_from_pairs(pairs) -> CatalogFilters:
    """Filters from FIELD=VALUE pairs (query string, command line); ValidationFailed names each bad one."""
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
        elif field_name in ("price_min", "price_max") and not value.isdigit():
            problems[field_name] = N_("Phải là số tiền (VND) không âm, chỉ gồm chữ số.")
        else:
            chosen.setdefault(field_name, []).append(value)
    if len(chosen.get("level", [])) > 1:
        problems["level"] = N_("Chỉ chọn một mức sẵn sàng chuyển đổi số.")
    if len(chosen.get("price", [])) > 1:
        problems["price"] = N_("Chỉ chọn một khoảng giá.")
    if problems:
        raise ValidationFailed(N_("Bộ lọc tìm kiếm chưa hợp lệ."), problems)
    return CatalogFilters.from_query(lambda name: chosen.get(name, []))


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


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    filters: CatalogFilters = field(default_factory=CatalogFilters)
    scope: Scope = PUBLIC
    limit: int = 20
    offset: int = 0
    facets: bool = True


@dataclass(frozen=True)
class SearchHit:
    product_id: str
    score: float  # 0..1, higher is better; hits come best first
    highlights: dict[str, str]  # field -> HTML-escaped text with <mark> around matched words
    document: SearchDocument

    def to_dict(self) -> dict:
        return {"product_id": self.product_id, "score": self.score, "highlights": self.highlights}


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[SearchHit, ...]
    total: int
    facets: dict[str, list[FacetValue]]
    took_ms: float = 0.0


class Backend(Protocol):
    """What the search service needs from an engine."""

    name: str
    follows_database: bool  # True: the service keeps it in step with the DB by change detection

    def replace_all(self, documents, progress=None) -> int: ...

    def upsert(self, listing_ids, documents) -> None: ...

    def search(self, request: SearchRequest) -> SearchResult: ...


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
