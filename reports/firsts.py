"""Previous-contract days: what makes "distinct SMEs in a period" a plain sum (pure).

Order an SME's counted contracts by (counted day, contract id). Within one report group (a sector,
a vendor, a category ... or "all"), give each contract the day of the SME's previous contract in
that group. In a period starting on day A, the SME's first contract in the group is the one whose
previous day is missing or before A; so the SMEs of the group in the period are the contracts of the
period with that property, counted without DISTINCT. The days are recomputed for all of an SME's
contracts whenever one of them is counted, which also covers contracts imported out of order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

ALL = "all"  # the grouping of the totals: every contract of the SME


@dataclass(frozen=True)
class CountedKeys:
    """One counted contract of an SME: its day and its key in each grouping (several for categories)."""

    contract_id: str
    counted_day: date
    keys: Mapping[str, tuple]  # grouping -> the contract's keys in it (one, or one per category)


def previous_days(contracts: Iterable[CountedKeys]) -> dict[str, dict[tuple[str, object], date | None]]:
    """contract id -> {(grouping, key): previous day of the same SME in that group, or None}.

    The grouping ALL (key None) is always included. `contracts` are those of ONE SME.
    """
    last: dict[tuple[str, object], date] = {}
    out: dict[str, dict[tuple[str, object], date | None]] = {}
    for contract in sorted(contracts, key=lambda c: (c.counted_day, c.contract_id)):
        days: dict[tuple[str, object], date | None] = {}
        for grouping, keys in {ALL: (None,), **contract.keys}.items():
            for key in keys:
                days[(grouping, key)] = last.get((grouping, key))
                last[(grouping, key)] = contract.counted_day
        out[contract.contract_id] = days
    return out
