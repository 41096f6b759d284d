"""Balances of contracts and vendors: due, paid, refunded, contributed by the vendor (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date


@dataclass(frozen=True)
class LedgerLine:
    """The figures of one instalment, as the ledger needs them."""

    due_date: date
    status: str
    amount_vnd: int | None
    vendor_contribution_vnd: int
    paid_vnd: int
    refunded_vnd: int


@dataclass(frozen=True)
class Balance:
    scheduled_vnd: int = 0  # every instalment whose amount is known, not cancelled
    due_vnd: int = 0  # of those, due on or before the day
    paid_vnd: int = 0  # charged successfully (before refunds)
    refunded_vnd: int = 0
    vendor_contribution_vnd: int = 0  # the vendor's co-investment on instalments due
    awaiting_declarations: int = 0  # revenue-sharing months due without a declaration (flagged)
    failed: int = 0  # instalments whose last attempt failed

    @property
    def outstanding_vnd(self) -> int:
        """Due but not (yet) paid. Refunded money is given back, not owed again."""
        return max(self.due_vnd - self.paid_vnd, 0)

    @property
    def net_paid_vnd(self) -> int:
        return self.paid_vnd - self.refunded_vnd

    def __add__(self, other: Balance) -> Balance:
        return Balance(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})


def balance_of(lines: Iterable[LedgerLine], as_of: date) -> Balance:
    """The balance of some instalments on the day `as_of`."""
    scheduled = due = paid = refunded = contribution = awaiting = failed = 0
    for line in lines:
        paid += line.paid_vnd
        refunded += line.refunded_vnd
        if line.status == "cancelled":
            continue
        is_due = line.due_date <= as_of
        if line.amount_vnd is None:
            awaiting += is_due
            continue
        scheduled += line.amount_vnd
        if is_due:
            due += line.amount_vnd
            contribution += line.vendor_contribution_vnd
        failed += line.status == "failed"
    return Balance(scheduled, due, paid, refunded, contribution, awaiting, failed)
