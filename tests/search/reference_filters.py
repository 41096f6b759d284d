"""The catalog filters' contract (catalog/facets.py) read product by product, in plain Python: slow,
obviously right, and the reference every search backend is held to (test_filter_oracle.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from catalog.facets import FACETS, PRICE_BANDS, CatalogFilters, FacetValue
from catalog.product import Product
from core.text import fold
from core.vocab import CATEGORIES, PRICING_TYPES, READINESS_LEVELS, SECTORS, SIZES


def serves_sector(product: Product, sector: str) -> bool:
    return product.any_sector or sector in product.sectors


def serves_region(product: Product, region: str) -> bool:
    return product.any_region or fold(region) in {fold(r) for r in product.regions}


def serves_size(product: Product, size: str) -> bool:
    return not product.company_sizes or size in product.company_sizes


def in_price_range(product: Product, low: int | None, high: int | None) -> bool:
    if low is None and high is None:
        return True
    price = product.price_monthly_vnd
    return price is not None and (low is None or price >= low) and (high is None or price <= high)


def passes(filters: CatalogFilters, product: Product, ignore: str | None = None) -> bool:
    """Whether `product` passes every filter except `ignore` (a FACETS name)."""
    for facet in FACETS:
        if facet == ignore:
            continue
        if facet == "price":
            if not in_price_range(product, *filters.price_bounds()):
                return False
        elif (codes := filters.chosen(facet)) and not any(value_test(facet, c)(product) for c in codes):
            return False
    return True


def filter_products(products: Iterable[Product], filters: CatalogFilters) -> list[Product]:
    """The products that pass every filter, in the given order."""
    return [p for p in products if passes(filters, p)]


def value_test(facet: str, code: str) -> Callable[[Product], bool]:
    """Whether a product falls under one value of one facet."""
    if facet == "category":
        return lambda p: code in p.categories
    if facet == "sector":
        return lambda p: serves_sector(p, code)
    if facet == "level":
        return lambda p: p.readiness_min <= int(code) <= p.readiness_max
    if facet == "pricing":
        return lambda p: any(m.type == code for m in p.pricing_models)
    if facet == "region":
        return lambda p: serves_region(p, code)
    if facet == "size":
        return lambda p: serves_size(p, code)
    return lambda p: in_price_range(p, *PRICE_BANDS[code])


def facet_counts(products: Iterable[Product], filters: CatalogFilters) -> dict[str, list[FacetValue]]:
    """For each facet, its values with counts (values with no product are left out unless chosen)."""
    products = list(products)
    regions = sorted({r for p in products for r in p.regions if r != "*"} | set(filters.region), key=fold)
    codes = {
        "category": list(CATEGORIES),
        "sector": list(SECTORS),
        "level": [str(n) for n in READINESS_LEVELS],
        "pricing": list(PRICING_TYPES),
        "region": regions,
        "size": list(SIZES),
        "price": list(PRICE_BANDS),
    }
    out: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        pool = [p for p in products if passes(filters, p, ignore=facet)]
        chosen = filters.chosen(facet)
        counted = [
            FacetValue(code, sum(1 for p in pool if value_test(facet, code)(p)), code in chosen)
            for code in codes[facet]
        ]
        out[facet] = [v for v in counted if v.count or v.selected]
    return out
