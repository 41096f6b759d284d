"""Searching the public board (pure: no Flask, no SQLAlchemy).

The board is small next to the catalog (problems are posted by hand), so it is searched in memory with
the ground's tools: Vietnamese folding and BM25 over syllables and syllable pairs (core.bm25), the same
reading of text the catalog's embedded engine and matching start from. A problem's text is its title
(counted twice: the title says what it is about), description, category and sector labels and province.
Every folded query syllable must be present; when no problem holds them all, the problems holding any
are shown, and the result says so. Facets (category, sector, province, budget band, status) count the
problems the query and the other filters leave, so each count says what picking it would give.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from core.bm25 import TextIndex, terms
from core.text import folded_words
from core.translation import N_

FACETS = ("category", "sector", "province", "budget", "status")
# Budget bands over the larger of the budget's top and the prize (VND, whole term).
BUDGET_BANDS = MappingProxyType({
    "under_20m": (0, 20_000_000),
    "20m_100m": (20_000_000, 100_000_000),
    "100m_500m": (100_000_000, 500_000_000),
    "over_500m": (500_000_000, None),
})
BUDGET_LABELS = MappingProxyType({
    "under_20m": N_("Dưới 20 triệu ₫"),
    "20m_100m": N_("20 - 100 triệu ₫"),
    "100m_500m": N_("100 - 500 triệu ₫"),
    "over_500m": N_("Từ 500 triệu ₫"),
    "none": N_("Chưa nêu ngân sách"),
})


@dataclass(frozen=True)
class Entry:
    """One published problem as the board searches it."""

    id: str
    text: str  # title twice, description, labels, province
    categories: tuple[str, ...]
    sector: str | None
    province: str | None
    budget_vnd: int | None
    status: str  # as readers see it (closed once the deadline passed)
    order: float = 0.0  # newest first among equals (the publication time, as a number)

    def values(self, facet: str) -> tuple[str, ...]:
        if facet == "category":
            return self.categories
        if facet == "budget":
            return (budget_band(self.budget_vnd),)
        value = {"sector": self.sector, "province": self.province, "status": self.status}[facet]
        return (value,) if value else ()


def budget_band(amount: int | None) -> str:
    if amount is None:
        return "none"
    for code, (low, high) in BUDGET_BANDS.items():
        if amount >= low and (high is None or amount < high):
            return code
    return "none"


@dataclass(frozen=True)
class Found:
    entries: list[Entry]
    facets: dict[str, Counter] = field(default_factory=dict)
    relaxed: bool = False  # no problem held every word: these hold some


def _matches(entry: Entry, filters: Mapping[str, str], skip: str | None = None) -> bool:
    return all(value in entry.values(facet) for facet, value in filters.items() if facet != skip)


def search(entries: Sequence[Entry], query: str, filters: Mapping[str, str]) -> Found:
    """The problems for `query` under `filters` (facet -> value), best first, with facet counts."""
    words = set(folded_words(query))
    relaxed = False
    if words:
        index = TextIndex([terms(e.text) for e in entries])
        scores = index.scores(terms(query))
        held = [set(folded_words(e.text)) for e in entries]
        every = [i for i, e in enumerate(entries) if words <= held[i]]
        if not every:
            every = [i for i in range(len(entries)) if words & held[i]]
            relaxed = bool(every)
        ranked = sorted(every, key=lambda i: (-float(scores[i]), -entries[i].order, entries[i].id))
        pool = [entries[i] for i in ranked]
    else:
        pool = sorted(entries, key=lambda e: (-e.order, e.id))
    facets = {
        facet: Counter(v for e in pool if _matches(e, filters, skip=facet) for v in e.values(facet))
        for facet in FACETS
    }
    return Found([e for e in pool if _matches(e, filters)], facets, relaxed)
