"""An officer's decisions on a flag (flush only): clear it, or suspend the product's listing together
with the deal's voucher (revoked by the vouchers package: what the programme has not paid yet stops).
Each is audited with the officer's note, the score and the signals it was about.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog import services as catalog
from core.audit import record_audit
from core.db import utcnow
from core.domain import N_, InvalidTransition, Label, NotFound, ValidationFailed
from integrity.labels import STATUS_LABELS
from integrity.models import CLEARED, ENTITY, LISTING_SUSPENDED, OPEN, STATUSES, IntegrityFlag
from vouchers import services as vouchers

NOTE_MAX = 4000
PAGE_SIZE = 25


def get_flag(session: Session, contract_id: str) -> IntegrityFlag:
    flag = session.get(IntegrityFlag, contract_id)
    if flag is None:
        raise NotFound(N_("Không có cờ nào của hợp đồng “%(id)s”."), id=contract_id)
    return flag


def _open_flag(session: Session, contract_id: str, note: str | None) -> tuple[IntegrityFlag, str]:
    flag = get_flag(session, contract_id)
    if flag.status != OPEN:
        raise InvalidTransition(
            N_("Cờ của hợp đồng “%(id)s” đã được xử lý (%(status)s)."),
            id=contract_id,
            status=Label(STATUS_LABELS[flag.status]),
        )
    note = (note or "").strip()
    if not note:
        raise ValidationFailed(
            N_("Cần ghi chú lý do của quyết định."), {"note": N_("Ghi lại điều đã kiểm tra và kết luận.")}
        )
    if len(note) > NOTE_MAX:
        raise ValidationFailed(N_("Ghi chú quá dài."), {"note": N_("Tối đa 4.000 ký tự.")})
    return flag, note


def _decide(
    session: Session, user, flag: IntegrityFlag, status: str, note: str, action: str, data: dict | None = None
) -> IntegrityFlag:
    flag.status, flag.note = status, note
    flag.decided_at, flag.decided_by_id = utcnow(), user.id
    record_audit(
        session,
        user,
        action,
        ENTITY,
        flag.contract_id,
        OPEN,
        status,
        note,
        {"score": flag.score, "signals": flag.signals, "fingerprint": flag.fingerprint, **(data or {})},
    )
    session.flush()
    return flag


def clear(session: Session, user, contract_id: str, note: str | None) -> IntegrityFlag:
    """The officer checked the deal and found nothing wrong."""
    flag, note = _open_flag(session, contract_id, note)
    return _decide(session, user, flag, CLEARED, note, "integrity.flag_cleared")


def suspend_listing(session: Session, user, contract_id: str, note: str | None) -> IntegrityFlag:
    """Suspend the deal's product in the catalog (the catalog's own lifecycle step, audited there too)
    and revoke the deal's voucher (audited by vouchers too); a listing another decision suspended
    already stays so, a voucher already ended stays as it is."""
    flag, note = _open_flag(session, contract_id, note)
    listing = catalog.get_listing(session, flag.contract.product_id)
    if listing.status != "suspended":
        catalog.act(session, user, listing, "suspend", note)
    voucher = vouchers.voucher_of_contract(session, contract_id)
    if voucher is not None and voucher.status in ("issued", "redeemed"):
        vouchers.revoke(session, user, voucher.id, note)
    return _decide(
        session,
        user,
        flag,
        LISTING_SUSPENDED,
        note,
        "integrity.listing_suspended",
        {"listing_id": listing.id, "voucher_id": voucher.id if voucher is not None else None},
    )


@dataclass(frozen=True)
class QueuePage:
    flags: list[IntegrityFlag]
    total: int
    page: int  # the page shown: the one asked for, within 1..pages
    pages: int


def queue(session: Session, status: str = OPEN, page: int = 1) -> QueuePage:
    """One page of the flags in `status`, highest score first (a page past the last shows the last)."""
    where = (IntegrityFlag.status == status,)
    total = session.scalar(select(func.count()).select_from(IntegrityFlag).where(*where))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = session.scalars(
        select(IntegrityFlag)
        .where(*where)
        .order_by(IntegrityFlag.score.desc(), IntegrityFlag.contract_id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )
    return QueuePage(list(rows), total, page, pages)


def counts(session: Session) -> dict[str, int]:
    found = dict(
        session.execute(select(IntegrityFlag.status, func.count()).group_by(IntegrityFlag.status)).all()
    )
    return {status: found.get(status, 0) for status in STATUSES}
