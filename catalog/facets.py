"""Catalog filters and the counts beside each filter value (pure: Products in, values out).

Within one filter the chosen values are alternatives (OR); different filters combine (AND).
A value's count is the number of products that the result would hold with that value chosen,
given every OTHER filter as it is (the usual "disjunctive" faceting): for a filter nobody has
touched yet that is simply the count within the current result set.
A product built for every sector ("*"), every region ("*") or every size (none listed) counts
under each value of that filter. The pages filter and count through the search backends;
tests/search/reference_filters.py reads the contract product by product, and
tests/search/test_filter_oracle.py holds every backend to that reading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace

from core.text import ascii_digits
from core.translation import N_
from core.vocab import CATEGORIES, PRICING_TYPES, SECTORS, SIZES

# Monthly price bands: code -> (lowest, highest) in VND, highest None = no upper bound.
PRICE_BANDS = {
    "free": (0, 0),
    "under_200k": (1, 199_999),
    "200k_500k": (200_000, 500_000),
    "500k_1m": (500_001, 1_000_000),
    "over_1m": (1_000_001, None),
}
PRICE_BAND_LABELS = {
    "free": N_("Miễn phí"),
    "under_200k": N_("Dưới 200.000 ₫/tháng"),
    "200k_500k": N_("200.000 – 500.000 ₫/tháng"),
    "500k_1m": N_("500.000 – 1.000.000 ₫/tháng"),
    "over_1m": N_("Trên 1.000.000 ₫/tháng"),
}
FACETS = ("category", "sector", "level", "pricing", "region", "size", "price")


@dataclass(frozen=True)
class CatalogFilters:
    """What the visitor chose; empty means "no filter". Query parameter names match FACETS."""

    category: tuple[str, ...] = ()
    sector: tuple[str, ...] = ()
    level: int | None = None  # an SME at this readiness level: products whose range contains it
    pricing: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    size: tuple[str, ...] = ()
    price: str | None = None  # a PRICE_BANDS code
    price_min: int | None = None  # explicit bounds on the monthly price, in VND
    price_max: int | None = None
    rating_min: int | None = None  # stars: listings whose average is at least this (not a facet)

    @classmethod
    def from_query(cls, getlist: Callable[[str], list[str]]) -> CatalogFilters:
        """From query parameters (e.g. request.args.getlist); unknown codes are ignored, never an error."""

        def known(name: str, vocabulary) -> tuple[str, ...]:
            return tuple(dict.fromkeys(v for v in getlist(name) if v in vocabulary))

        def first_int(name: str, low: int, high: int | None) -> int | None:
            for value in getlist(name):
                value = value.strip().replace(".", "").replace(",", "")
                if ascii_digits(value) and int(value) >= low and (high is None or int(value) <= high):
                    return int(value)
            return None

        price = next((v for v in getlist("price") if v in PRICE_BANDS), None)
        return cls(
            category=known("category", CATEGORIES),
            sector=known("sector", SECTORS),
            level=first_int("level", 0, 5),
            pricing=known("pricing", PRICING_TYPES),
            region=tuple(dict.fromkeys(v.strip() for v in getlist("region") if v.strip())),
            size=known("size", SIZES),
            price=price,
            price_min=first_int("price_min", 0, None),
            price_max=first_int("price_max", 0, None),
            rating_min=first_int("rating_min", 1, 5),
        )

    def to_query(self) -> list[tuple[str, str]]:
        """Query parameters that reproduce these filters (for links and exports)."""
        pairs: list[tuple[str, str]] = []
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, tuple):
                pairs.extend((f.name, v) for v in value)
            elif value is not None:
                pairs.append((f.name, str(value)))
        return pairs

    @property
    def active(self) -> bool:
        return bool(self.to_query())

    def price_bounds(self) -> tuple[int | None, int | None]:
        low, high = PRICE_BANDS[self.price] if self.price else (None, None)
        if self.price_min is not None:
            low = self.price_min if low is None else max(low, self.price_min)
        if self.price_max is not None:
            high = self.price_max if high is None else min(high, self.price_max)
        return low, high

    def chosen(self, facet: str) -> tuple[str, ...]:
        """The chosen values of a facet, as codes."""
        value = getattr(self, facet)
        if value is None:
            return ()
        return value if isinstance(value, tuple) else (str(value),)


@dataclass(frozen=True)
class FacetValue:
    code: str
    count: int
    selected: bool


def without(filters: CatalogFilters, facet: str) -> CatalogFilters:
    """The same filters with one facet cleared (for "remove this filter" links)."""
    if facet == "price":
        return replace(filters, price=None, price_min=None, price_max=None)
    default = None if facet == "level" else ()
    return replace(filters, **{facet: default})
