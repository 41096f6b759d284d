"""Payment services that stay inside our database: schedules, saved cards, revenue declarations, ledgers.

They only flush; the request or CLI command commits. (Billing, paying again and refunds move
money and keep their own commit points: see payments.billing and payments.refunds.)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from catalog.models import LIVE, ListingRevision
from catalog.product import Pricing
from contracts.models import Contract
from core.audit import record_audit
from core.db import utcnow
from core.domain import N_, Conflict, InvalidTransition, NotFound, ValidationFailed
from core.formatting import to_vn
from payments.gateway import CardDetails, StripeGateway
from payments.ledger import Balance, LedgerLine, balance_of
from payments.models import Instalment, PaymentAttempt, PaymentProfile, RevenueDeclaration
from payments.schedule import ContractTerms, ScheduleError, build_schedule, revenue_share_due
from smes.models import Sme

# Statuses of a contract whose two signatures bind the SME to a schedule.
SCHEDULED_CONTRACT_STATUSES = ("signed", "active", "completed", "terminated")
ENDED_CONTRACT_STATUSES = ("terminated", "cancelled")


def contract_terms(session: Session, contract: Contract) -> ContractTerms:
    """The schedule's inputs; without a start date a contract starts on its signing day (Vietnam time)."""
    start = contract.start_date
    if start is None and contract.sme_signed_at and contract.vendor_signed_at:
        start = to_vn(max(contract.sme_signed_at, contract.vendor_signed_at)).date()
    list_price = session.scalar(select(ListingRevision.price_monthly_vnd).where(
        ListingRevision.listing_id == contract.product_id, ListingRevision.status == LIVE))
    return ContractTerms(pricing=Pricing.from_dict(contract.pricing), start_date=start,
                         months=contract.months, value_vnd=contract.value_vnd,
                         list_price_monthly_vnd=list_price)


def ensure_schedule(session: Session, contract: Contract) -> list[Instalment]:
    """The contract's instalments, created from its terms the first time (idempotent).

    Raises InvalidTransition for a contract not signed by both sides, ScheduleError when its
    terms do not define a schedule.
    """
    existing = list(session.scalars(select(Instalment).where(Instalment.contract_id == contract.id)
                                    .order_by(Instalment.seq)))
    if existing:
        return existing
    if not (contract.sme_signed_at and contract.vendor_signed_at) or contract.status == "cancelled":
        raise InvalidTransition(N_("Hợp đồng chưa được hai bên ký nên chưa có lịch thanh toán."))
    if contract.source != "app":
        raise InvalidTransition(N_("Hợp đồng nhập từ hệ thống khác: thanh toán không đi qua sàn."))
    rows = [
        Instalment(contract_id=contract.id, seq=line.seq, period_start=line.period_start,
                   due_date=line.due_date, gross_vnd=line.gross_vnd, amount_vnd=line.amount_vnd,
                   vendor_contribution_vnd=line.vendor_contribution_vnd,
                   status="free" if line.amount_vnd == 0 else "scheduled")
        for line in build_schedule(contract_terms(session, contract))
    ]
    session.add_all(rows)
    session.flush()
    return rows


def on_contract_signed(contract: Contract, *, session: Session, actor=None) -> None:
    """A contract both sides just signed gets its payment schedule (contracts.events.contract_signed)."""
    try:
        ensure_schedule(session, contract)
    except (ScheduleError, InvalidTransition):
        pass  # terms without a schedule, or an imported contract: the billing run lists them


def contracts_without_schedule(session: Session) -> list[Contract]:
    """Contracts signed in the app that have no instalments yet (imported ones are paid elsewhere)."""
    has_schedule = select(Instalment.id).where(Instalment.contract_id == Contract.id).exists()
    return list(session.scalars(
        select(Contract).where(Contract.status.in_(SCHEDULED_CONTRACT_STATUSES), Contract.source == "app",
                               Contract.sme_signed_at.is_not(None), Contract.vendor_signed_at.is_not(None),
                               ~has_schedule).order_by(Contract.id)))


def cancel_instalments_after_end(session: Session) -> int:
    """Cancel unpaid instalments due after their contract ended, or after a later signed version took over."""
    still_open = Instalment.status.in_(("scheduled", "failed"))
    doomed: list[Instalment] = []
    ended = session.execute(
        select(Instalment, Contract.ended_at).join(Contract, Contract.id == Instalment.contract_id)
        .where(Contract.status.in_(ENDED_CONTRACT_STATUSES), Contract.ended_at.is_not(None), still_open))
    doomed += [row for row, ended_at in ended if row.due_date > to_vn(ended_at).date()]
    amendments = session.scalars(select(Contract).where(
        Contract.parent_id.is_not(None), Contract.status.in_(SCHEDULED_CONTRACT_STATUSES),
        Contract.sme_signed_at.is_not(None), Contract.vendor_signed_at.is_not(None)))
    for amendment in amendments:
        # Amendments hang off the original: it and every older amendment give way from the new start.
        older = select(Contract.id).where(
            (Contract.id == amendment.parent_id)
            | ((Contract.parent_id == amendment.parent_id) & (Contract.version < amendment.version)))
        start = contract_terms(session, amendment).start_date
        doomed += session.scalars(select(Instalment).where(
            Instalment.contract_id.in_(older), Instalment.due_date >= start, still_open)).all()
    for row in doomed:
        row.status = "cancelled"
    session.flush()
    return len(set(doomed))


def save_card(session: Session, gateway: StripeGateway, sme: Sme, card: CardDetails) -> PaymentProfile:
    """Save the SME's card on its Stripe customer for later charges (CardRejected when declined).

    The customer is flushed before the card is tried, so a caller that commits after a decline
    keeps it for the next try.
    """
    profile = session.get(PaymentProfile, sme.id)
    if profile is None:
        customer = gateway.create_customer(sme.id, sme.name, sme.contact_email)
        profile = PaymentProfile(sme_id=sme.id, stripe_customer_id=customer)
        session.add(profile)
        session.flush()
    saved = gateway.save_card(profile.stripe_customer_id, card)
    profile.payment_method_id = saved.payment_method_id
    profile.card_brand, profile.card_last4 = saved.brand, saved.last4
    profile.card_exp_month, profile.card_exp_year = saved.exp_month, saved.exp_year
    profile.card_saved_at = utcnow()
    session.flush()
    return profile


def declare_revenue(session: Session, instalment: Instalment, revenue_vnd: int, actor,
                    today: date) -> Instalment:
    """Record a revenue-sharing month's revenue; the amount due follows from the contract's terms."""
    contract = instalment.contract
    if contract.pricing.get("type") != "revenue_sharing":
        raise InvalidTransition(N_("Hợp đồng này không theo mô hình chia sẻ doanh thu."))
    if not instalment.awaits_declaration or instalment.status == "cancelled":
        raise Conflict(N_("Doanh thu của kỳ này đã được khai báo."))
    if today < instalment.period_start:
        raise ValidationFailed(N_("Chưa đến kỳ này, chưa thể khai báo doanh thu."),
                               {"revenue_vnd": N_("Kỳ chưa bắt đầu.")})
    pricing = Pricing.from_dict(contract.pricing)
    amount = revenue_share_due(revenue_vnd, pricing.revenue_share_pct, pricing.monthly_cap_vnd)
    instalment.amount_vnd = instalment.gross_vnd = amount
    instalment.status = "free" if amount == 0 else "scheduled"
    session.add(RevenueDeclaration(instalment=instalment, revenue_vnd=revenue_vnd,
                                   declared_by_id=getattr(actor, "id", None)))
    record_audit(session, actor, "revenue_declared", "contract", contract.id,
                 data={"instalment": instalment.seq, "revenue_vnd": revenue_vnd, "amount_vnd": amount})
    session.flush()
    return instalment


def instalments_of(session: Session, contract_ids: Iterable[str]) -> list[Instalment]:
    """The instalments of these contracts with their attempts and refunds, by contract then sequence."""
    ids = list(contract_ids)
    if not ids:
        return []
    return list(session.scalars(
        select(Instalment).where(Instalment.contract_id.in_(ids))
        .options(selectinload(Instalment.attempts).selectinload(PaymentAttempt.refunds),
                 selectinload(Instalment.declaration))
        .order_by(Instalment.contract_id, Instalment.seq)))


def balance(instalments: Iterable[Instalment], as_of: date) -> Balance:
    return balance_of((LedgerLine(i.due_date, i.status, i.amount_vnd, i.vendor_contribution_vnd, i.paid_vnd,
                                  i.refunded_vnd) for i in instalments), as_of)


def balances_by_contract(instalments: list[Instalment], as_of: date) -> dict[str, Balance]:
    grouped: dict[str, list[Instalment]] = {}
    for instalment in instalments:
        grouped.setdefault(instalment.contract_id, []).append(instalment)
    return {contract_id: balance(rows, as_of) for contract_id, rows in grouped.items()}


def contract_for(session: Session, contract_id: str, user) -> Contract:
    """The contract if `user` may see its payments (its SME, its vendor, an officer); NotFound otherwise."""
    contract = session.get(Contract, contract_id)
    if contract is None or not may_see(user, contract):
        raise NotFound(N_("Không tìm thấy hợp đồng."))
    return contract


def may_see(user, contract: Contract) -> bool:
    return user.is_officer or (user.role == "sme" and user.sme_id == contract.sme_id) or (
        user.role == "vendor" and user.vendor_id == contract.vendor_id)
