"""A programme's budget: reserve, release and pay, each one conditional UPDATE (flush only).

Why a conditional UPDATE and not read-then-write: two officers approving at the same moment would both
read the same money left and both issue. Here the database decides: PostgreSQL takes the programme's
row lock for the UPDATE, and the second transaction re-checks the WHERE clause against the first one's
committed row, so it fits or changes nothing; SQLite serialises writers. The CHECK within_budget on
programmes is the last guard.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from core.domain import N_, Conflict
from vouchers.models import Payable, Programme, Voucher


def reserve(session: Session, programme_id: str, amount_vnd: int) -> None:
    """Hold `amount_vnd` of the budget for a voucher being issued; Conflict when it does not fit."""
    done = session.execute(
        update(Programme)
        .where(
            Programme.id == programme_id,
            Programme.reserved_vnd + Programme.paid_vnd + amount_vnd <= Programme.budget_vnd,
        )
        .values(reserved_vnd=Programme.reserved_vnd + amount_vnd)
        .returning(Programme.id)
        .execution_options(synchronize_session=False)
    ).first()
    if done is None:
        raise Conflict(N_("Ngân sách còn lại của chương trình không đủ để cấp phiếu này."))
    _refresh(session, programme_id)


def release(session: Session, voucher: Voucher, amount_vnd: int) -> None:
    """Give back `amount_vnd` of what the voucher holds (expiry, revocation, a share below the amount)."""
    amount_vnd = min(amount_vnd, voucher.reserved_vnd)
    if amount_vnd <= 0:
        return
    voucher.reserved_vnd -= amount_vnd
    session.execute(
        update(Programme)
        .where(Programme.id == voucher.programme_id)
        .values(reserved_vnd=Programme.reserved_vnd - amount_vnd)
        .execution_options(synchronize_session=False)
    )
    session.flush()
    _refresh(session, voucher.programme_id)


def pay(session: Session, voucher: Voucher, amount_vnd: int) -> None:
    """Move `amount_vnd` from the voucher's reservation to the programme's payments."""
    voucher.reserved_vnd -= amount_vnd
    voucher.paid_vnd += amount_vnd
    session.execute(
        update(Programme)
        .where(Programme.id == voucher.programme_id)
        .values(reserved_vnd=Programme.reserved_vnd - amount_vnd, paid_vnd=Programme.paid_vnd + amount_vnd)
        .execution_options(synchronize_session=False)
    )
    session.flush()
    _refresh(session, voucher.programme_id)


def _refresh(session: Session, programme_id: str) -> None:
    programme = session.get(Programme, programme_id)
    if programme is not None:
        session.refresh(programme, ["reserved_vnd", "paid_vnd"])


@dataclass(frozen=True)
class BudgetView:
    """The dashboard's figures of one programme, and the forecast at the current rate."""

    budget_vnd: int
    reserved_vnd: int
    paid_vnd: int
    left_vnd: int
    committed_per_day_vnd: float  # reserved + paid since the programme opened, per day
    runs_out_on: date | None  # at that rate; None when nothing was spent yet or it lasts past closing


def view(session: Session, programme: Programme, today: date) -> BudgetView:
    committed = programme.reserved_vnd + programme.paid_vnd
    days = max(1, (min(today, programme.closes_on) - programme.opens_on).days + 1)
    rate = committed / days if today >= programme.opens_on else 0.0
    runs_out = None
    if rate > 0:
        out = today + timedelta(days=int(programme.left_vnd / rate))
        runs_out = out if out <= programme.closes_on else None
    return BudgetView(
        programme.budget_vnd, programme.reserved_vnd, programme.paid_vnd, programme.left_vnd, rate, runs_out
    )


def payable_due_vnd(session: Session, programme_id: str) -> int:
    return (
        session.scalar(
            select(func.coalesce(func.sum(Payable.amount_vnd), 0))
            .join(Voucher, Voucher.id == Payable.voucher_id)
            .where(Voucher.programme_id == programme_id, Payable.status == "due")
        )
        or 0
    )
