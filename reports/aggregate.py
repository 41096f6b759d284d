"""The contract report: its shape (the spec's JSON), its dimensions, and a pure aggregation (pure).

The database computes reports with GROUP BY (reports.queries); `aggregate` computes the same report
from counted contracts in memory. It states the rules in a few lines, and tests hold the SQL to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from marketplace.domain import N_, ValidationFailed

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


@dataclass(frozen=True)
class CountedContract:
    """One counted contract with its report snapshot."""

    contract_id: str
    sme_id: str
    counted_day: date
    value_vnd: int | None
    sector: str | None
    province: str | None
    size: str | None
    pricing_type: str
    vendor_id: str
    categories: tuple[str, ...] = ()
    terminated: bool = False

    def keys(self, by: str) -> tuple[str, ...]:
        """The group keys of this contract under `by` (several for categories, else one)."""
        if by == "category":
            return self.categories
        if by == "month":
            return (f"{self.counted_day.year:04d}-{self.counted_day.month:02d}",)
        value = {
            "sector": self.sector,
            "province": self.province,
            "size": self.size,
            "pricing_model": self.pricing_type,
            "vendor": self.vendor_id,
        }[by]
        return (value if value else UNKNOWN,)


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


def aggregate(contracts: Iterable[CountedContract], date_from: date, date_to: date, by: str) -> Report:
    """The report over the contracts counted between the two days (inclusive)."""
    chosen = [c for c in contracts if date_from <= c.counted_day <= date_to]
    buckets: dict[str, list[CountedContract]] = {}
    for contract in chosen:
        for key in contract.keys(by):
            buckets.setdefault(key, []).append(contract)
    groups = [_group(key, members) for key, members in buckets.items()]
    total = _group("", chosen)
    return Report(
        date_from,
        date_to,
        by,
        total.contracts,
        total.smes,
        total.value_vnd,
        sort_groups(groups, by),
        total.terminated,
    )


def _group(key: str, members: list[CountedContract]) -> Group:
    return Group(
        key,
        len(members),
        len({c.sme_id for c in members}),
        sum(c.value_vnd or 0 for c in members),
        sum(1 for c in members if c.terminated),
    )


def with_terminated(report: Report, terminated: int, per_group: dict[str, int]) -> Report:
    """The report with the counts of terminated contracts added."""
    groups = tuple(replace(g, terminated=per_group.get(g.key, 0)) for g in report.groups)
    return replace(report, groups=groups, terminated=terminated)
