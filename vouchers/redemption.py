"""Redemption: a voucher pays part of the contract for its product (flush only).

1. When the terms are fixed for signature (contracts.events.terms_fixing), the SME's issued voucher
   for that product is named in them with the programme's share, computed in pure code
   (vouchers.rules: at most the voucher, the programme's share of what the SME pays under the pricing
   model, and the SME's cap left). Both sides then sign terms that say who pays what; the digest
   covers it. (Why not on signing: the signed document cannot change after the signatures.)
2. When both have signed (contracts.events.contract_signed), the voucher is redeemed once (one
   conditional UPDATE: the same voucher named in two contracts pays only the first), the rest of its
   reservation is released, and the payment schedule is split: each instalment's SME part shrinks by
   the programme's part, which becomes a payable to the vendor (vouchers.disbursement settles them).
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from catalog.product import Pricing
from contracts.models import Contract
from core.audit import record_audit
from core.db import utcnow
from core.domain import N_, Conflict, InvalidTransition
from core.formatting import to_vn
from payments import services as payments
from payments.schedule import ScheduleError
from smes.sizing import effective_size
from vouchers import budget, rules
from vouchers.models import VOUCHER, Payable, Voucher
from vouchers.services import granted_in_year, rules_of

KEY = "subsidy"


def _today():
    return to_vn(utcnow()).date()


def usable_voucher(session: Session, contract: Contract) -> Voucher | None:
    """The SME's issued, unexpired voucher for the contract's product (the one expiring first)."""
    today = _today()
    return session.scalar(
        select(Voucher)
        .where(
            Voucher.sme_id == contract.sme_id,
            Voucher.product_id == contract.product_id,
            Voucher.status == "issued",
            Voucher.expires_on >= today,
            Voucher.contract_id.is_(None),
        )
        .order_by(Voucher.expires_on, Voucher.id)
        .limit(1)
    )


def share_for(session: Session, contract: Contract, voucher: Voucher) -> rules.Share:
    programme = voucher.programme
    programme_rules = rules_of(programme)
    sme = contract.sme
    size = effective_size(sme.sector, sme.size, sme.employees, sme.annual_revenue_vnd).size
    cap_left = max(
        0,
        programme_rules.cap_for(size)
        - granted_in_year(session, sme.id, programme.id, voucher.issued_on.year, exclude=voucher.id),
    )
    start = contract.start_date or _today()
    outlay = rules.sme_outlay(Pricing.from_dict(contract.pricing), contract.value_vnd, contract.months, start)
    return rules.programme_share(outlay, programme_rules.max_share_pct, voucher.amount_vnd, cap_left)


def on_terms_fixing(contract: Contract, *, session: Session) -> dict | None:
    """The subsidy the signed terms carry (contracts.events.terms_fixing); None without a usable voucher."""
    if contract.source != "app":
        return None
    voucher = usable_voucher(session, contract)
    if voucher is None:
        return None
    share = share_for(session, contract, voucher)
    if share.programme_vnd <= 0:
        return None
    return {
        KEY: {
            "voucher_id": voucher.id,
            "voucher_code": voucher.code,
            "programme_id": voucher.programme_id,
            "programme_name": voucher.programme.name,
            "programme_vnd": share.programme_vnd,
            "max_share_pct": voucher.programme.max_share_pct,
            "sme_outlay_vnd": share.base_vnd,
        }
    }


def on_contract_signed(contract: Contract, *, session: Session, actor=None) -> None:
    """Redeem the voucher the signed terms name, and split the schedule (contracts.events.contract_signed)."""
    subsidy = (contract.terms or {}).get(KEY)
    if not subsidy:
        return
    day = to_vn(max(contract.sme_signed_at, contract.vendor_signed_at)).date()
    redeemed = session.execute(
        update(Voucher)
        .where(
            Voucher.id == subsidy["voucher_id"],
            Voucher.status == "issued",
            Voucher.contract_id.is_(None),
            Voucher.expires_on >= day,
        )
        .values(
            status="redeemed", contract_id=contract.id, redeemed_vnd=subsidy["programme_vnd"], redeemed_on=day
        )
        .returning(Voucher.id)
        .execution_options(synchronize_session=False)
    ).first()
    if redeemed is None:
        # The signature rolls back with this: the terms promise a subsidy that can no longer be paid.
        raise Conflict(
            N_(
                "Phiếu hỗ trợ %(code)s ghi trong hợp đồng đã hết hạn, bị thu hồi hoặc đã dùng cho "
                "hợp đồng khác; hai bên cần thỏa thuận lại điều khoản."
            ),
            code=subsidy["voucher_code"],
        )
    voucher = session.get(Voucher, subsidy["voucher_id"])
    session.refresh(voucher)
    budget.release(session, voucher, voucher.reserved_vnd - voucher.redeemed_vnd)
    record_audit(
        session,
        actor,
        "voucher.redeemed",
        VOUCHER,
        voucher.id,
        "issued",
        "redeemed",
        None,
        {"contract_id": contract.id, "redeemed_vnd": voucher.redeemed_vnd},
    )
    split_schedule(session, contract, voucher)


def split_schedule(session: Session, contract: Contract, voucher: Voucher) -> list[Payable]:
    """Each instalment's programme part, taken off what the SME pays, owed to the vendor as a payable.

    Revenue-sharing months have no amount until the SME declares its revenue: they carry no part here.
    """
    try:
        instalments = payments.ensure_schedule(session, contract)
    except (ScheduleError, InvalidTransition):
        return []
    parts = rules.split_share([i.amount_vnd for i in instalments], voucher.redeemed_vnd)
    made = []
    for instalment, part in zip(instalments, parts, strict=True):
        if part <= 0:
            continue
        instalment.amount_vnd -= part
        if instalment.amount_vnd == 0 and instalment.status == "scheduled":
            instalment.status = "free"
        made.append(
            Payable(
                voucher_id=voucher.id,
                instalment_id=instalment.id,
                contract_id=contract.id,
                vendor_id=contract.vendor_id,
                amount_vnd=part,
                due_date=instalment.due_date,
            )
        )
    session.add_all(made)
    session.flush()
    return made
