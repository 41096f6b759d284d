"""The catalog page with a query: one page of matching public listings, best first, with the counts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from catalog.facets import CatalogFilters, FacetValue
from catalog.product import Product
from catalog.queries import public_products
from catalog.search.model import SearchRequest


@dataclass(frozen=True)
class SearchPage:
    products: list[Product]
    total: int
    facets: dict[str, list[FacetValue]]
    official: set[str]
    page: int
    pages: int


def search_page(
    session: Session, search, q: str, filters: CatalogFilters, page: int, page_size: int
) -> SearchPage:
    """Page `page` (clamped to the last one) of the public listings matching `q` and `filters`."""
    page = max(1, page)
    request = SearchRequest(q=q, filters=filters, limit=page_size, offset=(page - 1) * page_size)
    result = search.search(session, request)
    pages = max(1, -(-result.total // page_size))
    if page > pages:
        page = pages
        result = search.search(
            session, SearchRequest(q=q, filters=filters, limit=page_size, offset=(page - 1) * page_size)
        )
    found = {p.id: p for p in public_products(session, [hit.product_id for hit in result.hits])}
    hits = [hit for hit in result.hits if hit.product_id in found]
    return SearchPage(
        products=[found[hit.product_id] for hit in hits],
        total=result.total,
        facets=result.facets,
        official={hit.product_id for hit in hits if hit.document.official},
        page=page,
        pages=pages,
    )
