"""An SME's programme activity month by month: what makes each programme report one pass over one row
per SME and month, however many assessments and supports there are (pure).

For each month an SME was active in (an assessment, a support, a counted contract), a row holds:
- the days of each kind of activity in that month as bits (bit d-1 for day d), so that a period
  starting or ending inside the month is a mask;
- the latest day of each kind before the month, so that "the SME had it in the period" is read
  from one row: the SME's last active month up to the period's end holds what came before it, and
  an SME's first counted month in the period is the row whose previous counted day is before it;
- its level at the end of the month before, on the month's first counted day and at the end of the
  month (the spec's "latest": latest day, then larger id), so that a period of whole months reads
  every level it needs from its rows; the level on another day is read from the row of that day's
  month too, unless the month has assessments both before and after that day (then the report looks
  it up);
- the next month the SME is active in, which marks its last row up to any month.

A month's application days include its counted days: `by_kind.application` counts both.
"""

from __future__ import annotations

import calendar
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

ASSESSMENT, CONSULTING, TRAINING, APPLICATION, COUNTED = (
    "assessment",
    "consulting",
    "training",
    "application",
    "counted",
)
KINDS = (ASSESSMENT, CONSULTING, TRAINING, APPLICATION, COUNTED)
# The kinds of by_kind: an SME with any of them in a period was supported in it.
SUPPORTED_KINDS = (ASSESSMENT, CONSULTING, TRAINING, APPLICATION)
SUPPORT_KINDS = (CONSULTING, TRAINING, APPLICATION)  # a SUPPORT record's kinds
FULL_MONTH = 2**31 - 1  # every day of any month (bits 0-30)
# The next active month of an SME's latest row: later than any month, so that "the SME's last row up to
# month M" is one range (next_month > M) that an index serves, where NULL would need an OR.
NO_NEXT_MONTH = "9999-12"


@dataclass(frozen=True)
class Assessed:
    day: date
    id: str
    level: int


@dataclass(frozen=True)
class MonthRow:
    month: str  # YYYY-MM
    month_end: date
    days: dict[str, int]  # kind -> bits of its days in the month
    prior: dict[str, date | None]  # kind (and "any") -> its latest day before the month
    level_before: int | None  # at the end of the month before
    level_end: int | None  # at the end of the month
    level_first_counted: int | None  # on the month's first counted day
    next_month: str  # the next month the SME is active in (NO_NEXT_MONTH: none yet)


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_end(key: str) -> date:
    year, month = int(key[:4]), int(key[5:])
    return date(year, month, calendar.monthrange(year, month)[1])


def days_from(day: int) -> int:
    """The bits of days `day` to 31 of a month."""
    return FULL_MONTH - ((1 << (day - 1)) - 1)


def days_upto(day: int) -> int:
    """The bits of days 1 to `day` of a month."""
    return (1 << day) - 1


def month_rows(
    assessments: Iterable[Assessed], supports: Iterable[tuple[date, str]], counted: Iterable[date]
) -> list[MonthRow]:
    """The rows of one SME: its assessments, its supports as (day, kind) and its contracts' counted days."""
    ordered = sorted(assessments, key=lambda a: (a.day, a.id))
    days: dict[str, set[date]] = {kind: set() for kind in KINDS}
    days[ASSESSMENT].update(a.day for a in ordered)
    for day, kind in supports:
        days[kind].add(day)
    for day in counted:
        days[COUNTED].add(day)
        days[APPLICATION].add(day)
    sorted_days = {kind: sorted(found) for kind, found in days.items()}
    sorted_days["any"] = sorted(set().union(*(days[k] for k in SUPPORTED_KINDS)))
    assessed_days = [a.day for a in ordered]

    def level_upto(day: date) -> int | None:
        """The level of the latest assessment dated on or before `day` (same day: the larger id)."""
        index = bisect_right(assessed_days, day)
        return ordered[index - 1].level if index else None

    def latest_before(found: list[date], day: date) -> date | None:
        index = bisect_left(found, day)
        return found[index - 1] if index else None

    months = sorted({month_key(day) for day in sorted_days["any"]})
    rows = []
    for position, key in enumerate(months):
        first, last = date(int(key[:4]), int(key[5:]), 1), month_end(key)
        inside = {
            kind: found[bisect_left(found, first) : bisect_right(found, last)]
            for kind, found in sorted_days.items()
        }
        rows.append(
            MonthRow(
                month=key,
                month_end=last,
                days={kind: sum(1 << (day.day - 1) for day in inside[kind]) for kind in KINDS},
                prior={kind: latest_before(found, first) for kind, found in sorted_days.items()},
                level_before=level_upto(date.fromordinal(first.toordinal() - 1)),
                level_end=level_upto(last),
                level_first_counted=level_upto(inside[COUNTED][0]) if inside[COUNTED] else None,
                next_month=months[position + 1] if position + 1 < len(months) else NO_NEXT_MONTH,
            )
        )
    return rows
