"""The officers' report of the board (pure: no Flask, no SQLAlchemy): problems posted, answered (at
least one proposal), awarded, and the time to the first proposal, by category or by province.

A problem counts in the period in which it was published (Vietnam days), in each of its categories
(a problem about sales and stock is a sales problem and a stock problem: the category rows can add up
to more than the total, which is counted once per problem). Time to first proposal is the median over
the answered problems, in days with one decimal: the median, not the mean, so that one problem answered
after months does not hide that most are answered within days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from statistics import median

BY = ("category", "province")
TOTAL = "*"


@dataclass(frozen=True)
class Fact:
    """One published problem, as the report reads it."""

    id: str
    categories: tuple[str, ...]
    province: str | None
    published_at: datetime
    first_proposal_at: datetime | None
    awarded: bool


@dataclass(frozen=True)
class Row:
    key: str  # a category code, a province, or TOTAL
    posted: int
    answered: int
    awarded: int
    median_days_to_first: float | None

    @property
    def answered_share(self) -> float | None:
        return self.answered / self.posted if self.posted else None

    def to_json(self) -> dict:
        return {"key": self.key, "posted": self.posted, "answered": self.answered, "awarded": self.awarded,
                "median_days_to_first_proposal": self.median_days_to_first}


def _row(key: str, facts: list[Fact]) -> Row:
    waits = [(f.first_proposal_at - f.published_at).total_seconds() / 86400
             for f in facts if f.first_proposal_at is not None]
    return Row(key, len(facts), len(waits), sum(f.awarded for f in facts),
               round(median(waits), 1) if waits else None)


def keys_of(fact: Fact, by: str) -> tuple[str, ...]:
    if by == "category":
        return fact.categories or ("",)
    return (fact.province or "",)


def report(facts: Iterable[Fact], by: str) -> list[Row]:
    """One row per group, most posted first (ties by key), and the total last."""
    if by not in BY:
        raise ValueError(by)
    facts = list(facts)
    groups: dict[str, list[Fact]] = {}
    for fact in facts:
        for key in dict.fromkeys(keys_of(fact, by)):
            groups.setdefault(key, []).append(fact)
    rows = sorted((_row(k, v) for k, v in groups.items()), key=lambda r: (-r.posted, r.key))
    return [*rows, _row(TOTAL, facts)]
