"""Search evaluations over a catalog in the interchange format (pure).

Known-item: {"queries": [{"q": "hoas ddonw", "product": "dp-01", "kind": "telex"}, ...]}; the figure
is the share of queries whose product is among the first three results (and the first one), per
kind of typing as well.

Ad hoc (need-style queries with graded judgments): {"queries": [{"q": "thu tien bang ma qr",
"grades": {"dp-26": 2, "dp-27": 1}, "split": "tune"}, ...]}, grade 2 = what the person looks for,
1 = a reasonable alternative, unlisted = 0. The figure is nDCG@10 (gain 2^grade - 1), for the search
and for a baseline: Okapi BM25 over the folded words of the same searchable text, no field weights,
no phrases, no lexicon. Queries may carry a "split" (a leave-out: tune on one half, report the other);
figures are given per split as well.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from catalog.search.documents import SearchDocument
from catalog.search.model import SearchRequest, SearchResult
from core.bm25 import TextIndex
from core.measures import CUTOFF, ndcg
from core.text import folded_words

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


class Bm25Baseline:
    """Plain BM25 over each document's searchable text, folded, as one bag of words."""

    def __init__(self, documents: Sequence[SearchDocument]):
        self.ids = [d.listing_id for d in documents]
        self.index = TextIndex([folded_words(" ".join(d.searchable())) for d in documents])

    def rank(self, q: str, k: int = CUTOFF) -> list[str]:
        scores = self.index.scores(folded_words(q))
        order = sorted(range(len(self.ids)), key=lambda i: (-float(scores[i]), self.ids[i]))
        return [self.ids[i] for i in order[:k] if scores[i] > 0]


def adhoc_report(
    search: Callable[[SearchRequest], SearchResult], documents: Sequence[SearchDocument], queries: list[dict]
) -> dict:
    """nDCG@10 of the search and of the BM25 baseline, overall, per split and per query."""
    baseline = Bm25Baseline(documents)
    rows = []
    for item in queries:
        grades = {pid: int(g) for pid, g in item["grades"].items()}
        ranked = [h.product_id for h in search(SearchRequest(q=item["q"], limit=CUTOFF, facets=False)).hits]
        rows.append(
            {
                "q": item["q"],
                "split": item.get("split", ""),
                "search": round(ndcg(ranked, grades), 4),
                "bm25": round(ndcg(baseline.rank(item["q"]), grades), 4),
                "got": ranked,
                "wanted": sorted(grades, key=lambda pid: (-grades[pid], pid)),
            }
        )

    def mean(part: list[dict]) -> dict:
        n = max(1, len(part))
        return {
            "queries": len(part),
            "search": round(sum(r["search"] for r in part) / n, 4),
            "bm25": round(sum(r["bm25"] for r in part) / n, 4),
        }

    splits = sorted({r["split"] for r in rows if r["split"]})
    return {
        **mean(rows),
        "cutoff": CUTOFF,
        "splits": {s: mean([r for r in rows if r["split"] == s]) for s in splits},
        "per_query": rows,
    }
