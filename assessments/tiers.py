"""Readiness tiers and the order of assessments (pure).

Plans that speak of three tiers map the six readiness levels as interchange.md says: khởi động = 0-1,
nâng cao = 2-3, chuyển đổi toàn diện = 4-5. An SME's current level is its latest assessment's:
the latest date, then the larger id (ids compared as text, code point by code point, as PostgreSQL's
"C" collation and Python compare them).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from types import MappingProxyType
from typing import Protocol

from core.translation import N_

KHOI_DONG, NANG_CAO, TOAN_DIEN, UNASSESSED = "khoi_dong", "nang_cao", "toan_dien", "unassessed"
TIERS = (KHOI_DONG, NANG_CAO, TOAN_DIEN)
TIER_LABELS = MappingProxyType(
    {
        KHOI_DONG: N_("Khởi động"),
        NANG_CAO: N_("Nâng cao"),
        TOAN_DIEN: N_("Chuyển đổi toàn diện"),
        UNASSESSED: N_("Chưa đánh giá"),
    }
)
# Tier -> the levels it spans.
TIER_LEVELS = MappingProxyType({KHOI_DONG: (0, 1), NANG_CAO: (2, 3), TOAN_DIEN: (4, 5)})


def tier_of(level: int | None) -> str:
    if level is None:
        return UNASSESSED
    return next(tier for tier, (low, high) in TIER_LEVELS.items() if low <= level <= high)


class Dated(Protocol):
    id: str
    assessed_on: date
    level: int


def order_key(assessment: Dated) -> tuple[date, str]:
    """Sort key: the later in this order is the later assessment."""
    return (assessment.assessed_on, assessment.id)


def latest(assessments: Iterable[Dated], on_or_before: date | None = None) -> Dated | None:
    """The latest assessment (dated on or before `on_or_before` when given)."""
    kept = [a for a in assessments if on_or_before is None or a.assessed_on <= on_or_before]
    return max(kept, key=order_key, default=None)
