"""What to offer when a search finds nothing (pure: given a way to search and a way to spell).

- "did you mean": the query respelled from the index's own words (catalog.search.embedded's
  `spell`), when that finds something;
- dropping a filter: for each active filter, how many products the search finds without it;
- related categories: the categories the query points to (catalog.search.intent), with how many
  products each holds, to browse instead.
Each offer carries its count, so a page only shows the ones that lead somewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from catalog.facets import FACETS, CatalogFilters, without
from catalog.search.analysis import analyse_query
from catalog.search.model import SearchRequest, SearchResult

MAX_CATEGORIES = 3


@dataclass(frozen=True)
class Suggestions:
    spelling: tuple[str, int] | None = None  # (respelled query, results)
    drop: tuple[tuple[str, int], ...] = ()  # (facet, results without its filter)
    categories: tuple[tuple[str, int], ...] = ()  # (CATEGORY code, products in it)

    def __bool__(self) -> bool:
        return bool(self.spelling or self.drop or self.categories)


def suggest(
    search: Callable[[SearchRequest], SearchResult],
    spell: Callable[[str], str | None],
    request: SearchRequest,
) -> Suggestions:
    """Offers for a request that found nothing."""

    def count(**changes) -> int:
        return search(replace(request, limit=1, offset=0, facets=False, **changes)).total

    spelling = None
    respelled = spell(request.q) if request.q.strip() else None
    if respelled and (found := count(q=respelled)):
        spelling = (respelled, found)
    drop = tuple(
        (facet, found)
        for facet in _active(request.filters)
        if (found := count(filters=without(request.filters, facet)))
    )
    wanted = [n.code for n in analyse_query(request.q).intent.needs if n.kind == "category"]
    categories = tuple(
        (code, found)
        for code in wanted[:MAX_CATEGORIES]
        if (found := count(q="", filters=CatalogFilters(category=(code,))))
    )
    return Suggestions(spelling, drop, categories)


def _active(filters: CatalogFilters) -> list[str]:
    """The facets with a filter (explicit price bounds count as the price filter)."""
    facets = [f for f in FACETS if filters.chosen(f)]
    if "price" not in facets and (filters.price_min is not None or filters.price_max is not None):
        facets.append("price")
    return facets
