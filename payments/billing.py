"""Charging instalments: the billing run and an SME paying again, each instalment charged at most once.

How nothing is charged twice, even against a server that ignores Idempotency-Key:
1. the attempt is committed, with its idempotency key (contract, instalment, attempt number),
   before Stripe is called; the schema allows one attempt under way or succeeded per instalment;
2. the PaymentIntent is created unconfirmed and its id committed: no money has moved yet;
3. only then is it confirmed, the one call that moves money, and the outcome committed.
A rerun finds attempts left anywhere in 1-3 and settles them from the state of their
PaymentIntent instead of starting new ones. An intent created in step 2 whose id was lost in a
crash is never confirmed, so it never charges (Stripe itself returns the same intent for the key).

Two runs at once (or a run and an SME paying): each attempt is carried forward by one of them only.
Whoever creates an attempt claims it, and a run settles an unfinished attempt only after claiming it
(a claim another run holds is respected until CLAIM_LEASE has passed, the time after which its holder
is taken for crashed). So each report says what that run charged; the other's work counts as busy.

These functions are their own commit points, because a record must be durable before money moves.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from contracts.models import Contract
from core import transaction
from core.db import utcnow
from core.domain import N_, Conflict, DomainError, InvalidTransition
from payments import notices
from payments.gateway import GatewayUnavailable, StripeGateway
from payments.models import LIVE_ATTEMPT_STATUSES, Instalment, PaymentAttempt, PaymentProfile, Refund
from payments.refunds import settle_refund
from payments.services import (
    SCHEDULED_CONTRACT_STATUSES,
    cancel_instalments_after_end,
    contracts_without_schedule,
    ensure_schedule,
)

# checkpoint(step, attempt) is called after each step of a charge, before the next one:
# "recorded" (attempt committed), "intent_created" (PaymentIntent id committed), and "charged"
# (Stripe confirmed the payment; the outcome is not recorded yet). Tests pass one that raises,
# to crash a run at each of those moments.
Checkpoint = Callable[[str, PaymentAttempt], None]
# How long a claim on an attempt holds: far longer than settling one takes (two Stripe calls).
CLAIM_LEASE = timedelta(minutes=10)


@dataclass
class BillingReport:
    on_date: date
    schedules_created: int = 0
    unschedulable: list[tuple[str, str]] = field(default_factory=list)  # (contract id, why)
    cancelled: int = 0
    reconciled: int = 0  # attempts left unfinished by an earlier run, settled now
    paid: int = 0
    paid_vnd: int = 0
    failed: list[tuple[str, int, str]] = field(default_factory=list)  # (contract id, instalment, reason code)
    processing: int = 0
    busy: int = 0  # instalments another run or the SME is paying right now
    awaiting_declaration: list[tuple[str, int]] = field(default_factory=list)  # flagged, never guessed
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"date": self.on_date.isoformat(), "schedules_created": self.schedules_created,
                "unschedulable": [{"contract_id": c, "reason": r} for c, r in self.unschedulable],
                "cancelled": self.cancelled, "reconciled": self.reconciled, "paid": self.paid,
                "paid_vnd": self.paid_vnd, "processing": self.processing, "busy": self.busy,
                "failed": [{"contract_id": c, "instalment": s, "code": code} for c, s, code in self.failed],
                "awaiting_declaration": [{"contract_id": c, "instalment": s}
                                         for c, s in self.awaiting_declaration],
                "errors": self.errors}


def run_billing(session: Session, gateway: StripeGateway, on_date: date, *,
                checkpoint: Checkpoint | None = None) -> BillingReport:
    """Charge every instalment due on or before `on_date` that is not paid yet, once (see Checkpoint)."""
    report = BillingReport(on_date)
    run = f"billing:{secrets.token_hex(6)}"
    try:
        _schedule_signed_contracts(session, report)
        report.cancelled = cancel_instalments_after_end(session)
        transaction.commit(session)
        _reconcile_refunds(session, gateway, report)
        unfinished = session.scalars(select(PaymentAttempt)
                                     .where(PaymentAttempt.status.in_(LIVE_ATTEMPT_STATUSES))
                                     .order_by(PaymentAttempt.id)).all()
        for attempt in unfinished:
            if not _claim(session, attempt, run):
                report.busy += 1
                continue
            report.reconciled += 1
            _settle(session, gateway, attempt, report, checkpoint)
        due = session.scalars(
            select(Instalment).join(Contract, Contract.id == Instalment.contract_id)
            .where(Contract.status.in_(SCHEDULED_CONTRACT_STATUSES), Instalment.status == "scheduled",
                   Instalment.due_date <= on_date)
            .order_by(Instalment.due_date, Instalment.contract_id, Instalment.seq)).all()
        for instalment in due:
            if instalment.amount_vnd is None:
                report.awaiting_declaration.append((instalment.contract_id, instalment.seq))
            elif instalment.amount_vnd > 0:
                _charge(session, gateway, instalment, on_date, "billing", report, checkpoint, run)
    finally:
        _release(session, run)
    return report


def pay_instalment(session: Session, gateway: StripeGateway, instalment: Instalment,
                   today: date) -> PaymentAttempt:
    """The SME pays an instalment again (after a decline) or early-due one now, with its saved card."""
    if instalment.amount_vnd is None:
        raise InvalidTransition(N_("Hãy khai báo doanh thu của kỳ này trước khi thanh toán."))
    if instalment.status not in ("failed", "scheduled") or instalment.amount_vnd == 0:
        raise InvalidTransition(N_("Khoản này không cần thanh toán."))
    if instalment.status == "scheduled" and instalment.due_date > today:
        raise InvalidTransition(N_("Khoản này chưa đến hạn thanh toán."))
    report = BillingReport(today)
    run = f"sme:{secrets.token_hex(6)}"
    try:
        attempt = _charge(session, gateway, instalment, today, "sme", report, None, run)
    finally:
        _release(session, run)
    if attempt is None:
        raise Conflict(N_("Khoản này đang được thanh toán; hãy tải lại trang sau ít phút."))
    if report.errors:
        raise GatewayUnavailable(report.errors[0])
    return attempt


def _schedule_signed_contracts(session: Session, report: BillingReport) -> None:
    for contract in contracts_without_schedule(session):
        try:
            ensure_schedule(session, contract)
            transaction.commit(session)
            report.schedules_created += 1
        except DomainError as exc:
            transaction.rollback(session)
            report.unschedulable.append((contract.id, exc.message))
        except IntegrityError:  # scheduled meanwhile by the signing flow or another run
            transaction.rollback(session)


def _charge(session: Session, gateway: StripeGateway, instalment: Instalment, on_date: date,
            initiated_by: str, report: BillingReport,
            checkpoint: Checkpoint | None, run: str) -> PaymentAttempt | None:
    contract_id, seq = instalment.contract_id, instalment.seq
    number = (session.scalar(select(func.max(PaymentAttempt.number))
                             .where(PaymentAttempt.instalment_id == instalment.id)) or 0) + 1
    attempt = PaymentAttempt(instalment=instalment, number=number, amount_vnd=instalment.amount_vnd,
                             idempotency_key=f"marketplace:{contract_id}:{seq}:{number}",
                             initiated_by=initiated_by, claimed_by=run, claimed_until=utcnow() + CLAIM_LEASE)
    session.add(attempt)
    try:  # any query below may flush the attempt: a concurrent one shows up there or at the commit
        profile = session.get(PaymentProfile, instalment.contract.sme_id)
        if profile is None or profile.payment_method_id is None:
            attempt.settle("failed", "no_card", "Doanh nghiệp chưa lưu thẻ thanh toán.")
        elif profile.card_expired_on(on_date):
            attempt.settle("failed", "expired_card", "Thẻ đã hết hạn.")
        else:
            instalment.refresh_status()
        if attempt.status == "failed":
            notices.tell_failed(session, attempt)
        transaction.commit(session)
    except IntegrityError:  # another attempt is under way for this instalment
        transaction.rollback(session)
        report.busy += 1
        return None
    if attempt.status == "failed":
        report.failed.append((contract_id, seq, attempt.error_code))
        return attempt
    if checkpoint is not None:
        checkpoint("recorded", attempt)
    _settle(session, gateway, attempt, report, checkpoint)
    return attempt


def _settle(session: Session, gateway: StripeGateway, attempt: PaymentAttempt, report: BillingReport,
            checkpoint: Checkpoint | None) -> None:
    """Carry an attempt through steps 2 and 3 from wherever it stopped, and record the outcome."""
    instalment = attempt.instalment
    try:
        outcome = None
        if attempt.payment_intent_id is None:
            profile = session.get(PaymentProfile, instalment.contract.sme_id)
            if profile is None or profile.payment_method_id is None:
                attempt.settle("failed", "no_card", "Doanh nghiệp chưa lưu thẻ thanh toán.")
                notices.tell_failed(session, attempt)
                transaction.commit(session)
                report.failed.append((instalment.contract_id, instalment.seq, "no_card"))
                return
            attempt.payment_intent_id = gateway.create_payment(
                attempt.amount_vnd, profile.stripe_customer_id, profile.payment_method_id,
                {"contract_id": instalment.contract_id, "instalment": str(instalment.seq),
                 "attempt_key": attempt.idempotency_key}, attempt.idempotency_key)
            attempt.status = "created"
            transaction.commit(session)
            if checkpoint is not None:
                checkpoint("intent_created", attempt)
        else:
            outcome = gateway.payment_outcome(attempt.payment_intent_id)
        if outcome is None or outcome.status == "unconfirmed":
            outcome = gateway.confirm_payment(attempt.payment_intent_id)
            if checkpoint is not None:
                checkpoint("charged", attempt)
        changed = attempt.settle(outcome.status, outcome.error_code, outcome.error_message)
        if changed and attempt.status == "failed":
            notices.tell_failed(session, attempt)
        transaction.commit(session)
    except GatewayUnavailable as exc:
        transaction.rollback(session)
        report.errors.append(f"{instalment.contract_id} kỳ {instalment.seq}: {exc.message}")
        return
    if attempt.status == "succeeded":
        report.paid += 1
        report.paid_vnd += attempt.amount_vnd
    elif attempt.status == "failed":
        report.failed.append((instalment.contract_id, instalment.seq, attempt.error_code))
    else:
        report.processing += 1


def _claim(session: Session, attempt: PaymentAttempt, run: str) -> bool:
    """Take an unfinished attempt for `run` (committed), unless another run holds a claim on it."""
    now = utcnow()
    taken = session.execute(
        update(PaymentAttempt)
        .where(PaymentAttempt.id == attempt.id,
               or_(PaymentAttempt.claimed_by.is_(None), PaymentAttempt.claimed_until < now))
        .values(claimed_by=run, claimed_until=now + CLAIM_LEASE)
        .execution_options(synchronize_session=False)).rowcount
    transaction.commit(session)
    session.refresh(attempt)  # what the holder before left: its status may have moved meanwhile
    return taken == 1 and attempt.status in LIVE_ATTEMPT_STATUSES


def _release(session: Session, run: str) -> None:
    """Let go of every claim of `run` (at its end, a crash included: a rerun may then settle them)."""
    transaction.rollback(session)
    session.execute(update(PaymentAttempt).where(PaymentAttempt.claimed_by == run)
                    .values(claimed_by=None, claimed_until=None).execution_options(synchronize_session=False))
    transaction.commit(session)


def _reconcile_refunds(session: Session, gateway: StripeGateway, report: BillingReport) -> None:
    """Refunds recorded but not confirmed by Stripe (a crash or an outage): find them, else ask again."""
    for refund in session.scalars(select(Refund).where(Refund.status == "started").order_by(Refund.id)):
        try:
            settle_refund(session, gateway, refund)
            transaction.commit(session)
        except GatewayUnavailable as exc:
            transaction.rollback(session)
            report.errors.append(f"hoàn tiền {refund.id}: {exc.message}")
