"""Known-item evaluation: does a query typed the way SMEs type find the product it means? (pure)

A known-item set is JSON: {"queries": [{"q": "hoas ddonw", "product": "dp-01", "kind": "telex"}, ...]}
over a catalog in the interchange format. The figure is the share of queries whose product is
among the first three results (and the first one), per kind of typing as well.
"""

from __future__ import annotations

from collections.abc import Callable

from catalog.search.model import SearchRequest, SearchResult

TOP = 3


def known_item_report(search: Callable[[SearchRequest], SearchResult], items: list[dict]) -> dict:
    """Run each query over public listings; report top-1/top-3 shares, by kind, and the misses."""
    found1 = found3 = 0
    kinds: dict[str, list[int]] = {}
    misses = []
    for item in items:
        result = search(SearchRequest(q=item["q"], limit=10, facets=False))
        ranked = [hit.product_id for hit in result.hits]
        at = ranked.index(item["product"]) + 1 if item["product"] in ranked else None
        hit3 = at is not None and at <= TOP
        found1 += at == 1
        found3 += hit3
        tally = kinds.setdefault(item.get("kind", "other"), [0, 0])
        tally[0] += hit3
        tally[1] += 1
        if not hit3:
            misses.append({"q": item["q"], "product": item["product"], "rank": at, "got": ranked[:TOP]})
    n = max(1, len(items))
    return {
        "queries": len(items),
        "top1": round(found1 / n, 4),
        "top3": round(found3 / n, 4),
        "by_kind": {k: round(v[0] / v[1], 4) for k, v in sorted(kinds.items())},
        "misses": misses,
    }
