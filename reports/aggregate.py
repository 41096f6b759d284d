"""The contract report: its shape (the spec's JSON), its dimensions and the order of its groups (pure).

The database computes reports with GROUP BY (reports.queries); tests/reports/reference.py computes the
same report from counted contracts in memory, in a few lines, and the tests hold the SQL to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from core.domain import N_, ValidationFailed

DIMENSIONS = ("sector", "province", "pricing_model", "category", "vendor", "size", "month")
UNKNOWN = "unknown"  # the key of SMEs whose sector, size or province is not known


@dataclass(frozen=True)
class Group:
    key: str
    contracts: int
    smes: int
    value_vnd: int
    terminated: int = 0  # counted contracts later terminated (shown apart; not in the spec's JSON)

    def to_json(self) -> dict:
        return {"key": self.key, "contracts": self.contracts, "smes": self.smes, "value_vnd": self.value_vnd}


@dataclass(frozen=True)
class Report:
    date_from: date
    date_to: date
    by: str
    contracts: int
    smes: int
    value_vnd: int
    groups: tuple[Group, ...]
    terminated: int = 0
    filters: dict = field(default_factory=dict, compare=False)

    def to_json(self) -> dict:
        """Exactly the JSON of `marketplace report contracts --json` (shared/spec/interchange.md)."""
        return {
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "by": self.by,
            "contracts": self.contracts,
            "smes": self.smes,
            "value_vnd": self.value_vnd,
            "groups": [g.to_json() for g in self.groups],
        }


def parse_period(date_from: str | None, date_to: str | None) -> tuple[date, date]:
    """Both dates (YYYY-MM-DD, inclusive); ValidationFailed naming the wrong one."""
    errors, days = {}, {}
    for name, text in (("from", date_from), ("to", date_to)):
        try:
            days[name] = date.fromisoformat((text or "").strip())
        except ValueError:
            errors[name] = (
                (N_("Ngày %(text)r không hợp lệ; dùng dạng YYYY-MM-DD."), {"text": text}) if text
                else N_("Thiếu ngày (YYYY-MM-DD).")
            )
    if not errors and days["from"] > days["to"]:
        errors["to"] = N_("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")
    if errors:
        raise ValidationFailed(N_("Khoảng thời gian báo cáo không hợp lệ."), errors)
    return days["from"], days["to"]


def check_dimension(by: str | None) -> str:
    if by not in DIMENSIONS:
        raise ValidationFailed(
            N_("Chiều báo cáo không hợp lệ."),
            {"by": (N_("Chọn một trong: %(choices)s (nhận được %(by)r)."),
                    {"choices": ", ".join(DIMENSIONS), "by": by})},
        )
    return by


def sort_groups(groups: Iterable[Group], by: str) -> tuple[Group, ...]:
    """Months in order; otherwise most contracts first, then by key, with `unknown` last."""
    if by == "month":
        return tuple(sorted(groups, key=lambda g: g.key))
    return tuple(sorted(groups, key=lambda g: (g.key == UNKNOWN, -g.contracts, g.key)))


def with_terminated(report: Report, terminated: int, per_group: dict[str, int]) -> Report:
    """The report with the counts of terminated contracts added."""
    groups = tuple(replace(g, terminated=per_group.get(g.key, 0)) for g in report.groups)
    return replace(report, groups=groups, terminated=terminated)
