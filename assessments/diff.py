"""What changed between two assessments of an SME (pure): level, tier, time, and the answers that
moved when both were run with a questionnaire here."""

from __future__ import annotations

from dataclasses import dataclass

from assessments.tiers import order_key, tier_of


@dataclass(frozen=True)
class Change:
    earlier: object
    later: object
    level_change: int
    tier_before: str
    tier_after: str
    days: int
    answers: tuple[tuple[str, int | None, int | None], ...]  # (question code, before, after) that differ

    @property
    def direction(self) -> str:
        return "improved" if self.level_change > 0 else "declined" if self.level_change < 0 else "unchanged"


def compare(a, b) -> Change:
    """The change from the earlier of `a` and `b` to the later (in assessments.tiers' order)."""
    earlier, later = sorted((a, b), key=order_key)
    before, after = earlier.answers or {}, later.answers or {}
    moved = tuple(
        (code, before.get(code), after.get(code))
        for code in sorted(set(before) | set(after))
        if before.get(code) != after.get(code)
    )
    return Change(
        earlier,
        later,
        later.level - earlier.level,
        tier_of(earlier.level),
        tier_of(later.level),
        (later.assessed_on - earlier.assessed_on).days,
        moved,
    )
