"""When an approval expires, when the vendor is reminded, and whether a listing meets its programme's
criteria (pure).

An approval lasts `approval_days` (365 by default, configurable per programme) from the day the listing
was approved or last renewed. From REMINDER_DAYS before the expiry the vendor is reminded (at most
every REMIND_EVERY_DAYS) and may file the re-review; a renewal before the expiry adds a period to the
old expiry (filing early loses nothing), after it to the day of the renewal.
The criteria follow Singapore's yearly review of pre-approved solutions: enough current customers,
a good enough rating, no unresolved complaints. They are shown to the vendor with the evidence; the
officer decides (a listing missing one may still be renewed, with the officer's reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from core.translation import N_

STATUS_LABELS = {
    "filed": N_("Chờ cán bộ xem xét"),
    "renewed": N_("Đã gia hạn"),
    "changes_requested": N_("Cần bổ sung"),
    "lapsed": N_("Hết hạn, không gia hạn"),
}
REMINDER_DAYS = 60
REMIND_EVERY_DAYS = 14
DEFAULT_PROGRAMME = "default"


@dataclass(frozen=True)
class Criteria:
    min_customers: int = 5
    min_rating: float = 4.0  # the plain average of published reviews; none: not met
    no_unresolved_complaints: bool = True
    approval_days: int = 365


@dataclass(frozen=True)
class Evidence:
    customers: int  # SMEs with a counted contract for the listing, still running
    rating_count: int
    rating_mean: float | None
    unresolved_complaints: int
    upheld_complaints: int  # in the approval's year
    price_changes: tuple[tuple[str, int | None, int | None], ...]  # (day, before, after) monthly prices

    def to_json(self) -> dict:
        return {
            "customers": self.customers,
            "rating_count": self.rating_count,
            "rating_mean": self.rating_mean,
            "unresolved_complaints": self.unresolved_complaints,
            "upheld_complaints": self.upheld_complaints,
            "price_changes": [list(change) for change in self.price_changes],
        }

    @classmethod
    def from_json(cls, data: dict) -> Evidence:
        return cls(
            data["customers"],
            data["rating_count"],
            data["rating_mean"],
            data["unresolved_complaints"],
            data["upheld_complaints"],
            tuple(tuple(c) for c in data["price_changes"]),
        )


@dataclass(frozen=True)
class Check:
    code: str
    met: bool
    text: str  # a template (Vietnamese source text) with `values`
    values: dict


def checks(criteria: Criteria, evidence: Evidence) -> list[Check]:
    found = [
        Check(
            "customers",
            evidence.customers >= criteria.min_customers,
            N_("Ít nhất %(need)s khách hàng đang dùng: có %(have)s"),
            {"need": criteria.min_customers, "have": evidence.customers},
        ),
        Check(
            "rating",
            evidence.rating_mean is not None and evidence.rating_mean >= criteria.min_rating,
            N_("Điểm đánh giá từ %(need)s: %(have)s (%(n)s đánh giá)"),
            {
                "need": f"{criteria.min_rating:.1f}".replace(".", ","),
                "have": "—"
                if evidence.rating_mean is None
                else f"{evidence.rating_mean:.1f}".replace(".", ","),
                "n": evidence.rating_count,
            },
        ),
    ]
    if criteria.no_unresolved_complaints:
        found.append(
            Check(
                "complaints",
                evidence.unresolved_complaints == 0,
                N_("Không còn khiếu nại chưa giải quyết: còn %(have)s"),
                {"have": evidence.unresolved_complaints},
            )
        )
    return found


def expires_on(approved_on: date, criteria: Criteria) -> date:
    return approved_on + timedelta(days=criteria.approval_days)


def renewed_until(expires: date, today: date, criteria: Criteria) -> date:
    return max(expires, today) + timedelta(days=criteria.approval_days)


def window_opens(expires: date) -> date:
    return expires - timedelta(days=REMINDER_DAYS)


def due_for_reminder(expires: date, today: date, last_reminded: date | None) -> bool:
    """Within the reminder window (or past the expiry) and not reminded in the last REMIND_EVERY_DAYS."""
    if today < window_opens(expires):
        return False
    return last_reminded is None or today - last_reminded >= timedelta(days=REMIND_EVERY_DAYS)
