"""The catalog page with a query: one page of matching public listings, best first, with the counts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from catalog.facets import CatalogFilters, FacetValue
from catalog.product import Product
from catalog.queries import public_products
from catalog.search.model import SearchHit, SearchRequest, SearchResult
from catalog.search.suggest import Suggestions


@dataclass(frozen=True)
class SearchPage:
    products: list[Product]
    hits: dict[str, SearchHit]  # by product id: highlights and why each came up
    result: SearchResult  # total, facets, relaxed
    official: set[str]
    page: int
    pages: int
    suggestions: Suggestions | None  # when nothing was found

    @property
    def total(self) -> int:
        return self.result.total

    @property
    def facets(self) -> dict[str, list[FacetValue]]:
        return self.result.facets


def search_page(
    session: Session,
    search,
    q: str,
    filters: CatalogFilters,
    page: int,
    page_size: int,
    sort: str = "relevance",
) -> SearchPage:
    """Page `page` (clamped to the last one) of the public listings matching `q` and `filters`."""
    page = max(1, page)

    def request(number: int) -> SearchRequest:
        offset = (number - 1) * page_size
        return SearchRequest(q=q, filters=filters, limit=page_size, offset=offset, sort=sort)

    result = search.search(session, request(page))
    pages = max(1, -(-result.total // page_size))
    if page > pages:
        page = pages
        result = search.search(session, request(page))
    found = {p.id: p for p in public_products(session, [hit.product_id for hit in result.hits])}
    hits = [hit for hit in result.hits if hit.product_id in found]
    return SearchPage(
        products=[found[hit.product_id] for hit in hits],
        hits={hit.product_id: hit for hit in hits},
        result=result,
        official={hit.product_id for hit in hits if hit.document.official},
        page=page,
        pages=pages,
        suggestions=search.suggest(session, request(1)) if not result.total else None,
    )
