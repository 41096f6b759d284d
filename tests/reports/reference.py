"""The rules of the contract report stated plainly, in memory: the oracle the SQL reports are held to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from reports.aggregate import UNKNOWN, Group, Report, sort_groups


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


def first_in_period(previous: date | None, date_from: date) -> bool:
    """Whether a contract of the period is its SME's first of the period in its group."""
    return previous is None or previous < date_from
