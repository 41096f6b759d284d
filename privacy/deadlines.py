"""Legal deadlines of data-subject requests (pure).

Rule applied, from Decree 356/2025/NĐ-CP detailing clause 5 of Article 9 of the Personal Data
Protection Law 91/2025/QH15 (both in force since 1 January 2026):
- the controller acknowledges a request within 2 working days of receiving it;
- it provides the data (access) or corrects it within 10 days, and deletes it within 20 days
  (deletion also reaches processors and third parties), counted in calendar days from the day
  after receipt, in Vietnam time;
- the period may be extended once, by at most 15 days, telling the person why.
Working days are Monday to Friday. Public holidays are deliberately not skipped: counting them as
working days gives earlier due dates, never later ones, so the computed dates are on the safe side.
Withdrawal of consent needs no request: it takes effect at once (the decree allows up to 15 days).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from core.formatting import to_vn
from core.translation import N_

KINDS = ("access", "correct", "delete")
# code -> label (translated with core.translation)
KIND_LABELS = {
    "access": N_("Xem, nhận bản sao dữ liệu"),
    "correct": N_("Chỉnh sửa dữ liệu"),
    "delete": N_("Xóa dữ liệu"),
}
ACKNOWLEDGE_WORKING_DAYS = 2
COMPLETION_DAYS = {"access": 10, "correct": 10, "delete": 20}
MAX_EXTENSION_DAYS = 15


@dataclass(frozen=True)
class Deadlines:
    acknowledge_by: date
    due: date


def add_working_days(start: date, days: int) -> date:
    """The `days`-th Monday-to-Friday day after `start`."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def deadlines_for(kind: str, received_at: datetime) -> Deadlines:
    """Acknowledgement and completion dates of a request of `kind` received at `received_at` (aware)."""
    if kind not in COMPLETION_DAYS:
        raise ValueError(f"unknown request kind {kind!r}")
    received = to_vn(received_at).date()
    return Deadlines(
        acknowledge_by=add_working_days(received, ACKNOWLEDGE_WORKING_DAYS),
        due=received + timedelta(days=COMPLETION_DAYS[kind]),
    )


def extended_due(due: date, days: int) -> date:
    """The due date after the single extension the decree allows."""
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ValueError(f"an extension is 1 to {MAX_EXTENSION_DAYS} days")
    return due + timedelta(days=days)
