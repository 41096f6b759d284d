"""Complaints: filing, messages, closing, and what each person sees (flush only; audited).

Audit entries (entity "complaint"): filed, answered (the vendor's first message), message (later
ones), closed (with the outcome and the officer's reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from catalog import services as catalog
from complaints import notices, rules
from complaints.models import ENTITY, Complaint, ComplaintMessage
from contracts.models import Contract
from core.audit import record_audit
from core.db import utcnow
from core.domain import N_, InvalidTransition, NotFound, ValidationFailed
from core.formatting import VN_TZ
from core.translation import translate

TEXT_MAX, ATTACHMENTS_MAX = 5000, 5000
DESCRIPTION_MIN = 20


def vn_today(now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(VN_TZ).date()


def _text(
    value: str | None, field: str, required: bool, minimum: int = 1, most: int = TEXT_MAX
) -> str | None:
    value = (value or "").strip()
    if required and len(value) < minimum:
        raise ValidationFailed(
            N_("Khiếu nại chưa hợp lệ."), {field: (N_("Viết ít nhất %(n)s ký tự."), {"n": minimum})}
        )
    if len(value) > most:
        raise ValidationFailed(
            N_("Khiếu nại chưa hợp lệ."), {field: (N_("Tối đa %(n)s ký tự."), {"n": most})}
        )
    return value or None


def complainable(session: Session, user) -> list[Contract]:
    """The SME's contracts signed by both sides (what a complaint may be about)."""
    if user.sme_id is None:
        return []
    return list(
        session.scalars(
            select(Contract)
            .where(
                Contract.sme_id == user.sme_id,
                Contract.sme_signed_at.is_not(None),
                Contract.vendor_signed_at.is_not(None),
            )
            .order_by(Contract.sme_signed_at.desc(), Contract.id)
        )
    )


def sme_contract(session: Session, user, contract_id: str) -> Contract:
    contract = session.get(Contract, contract_id)
    if (
        contract is None
        or user.sme_id is None
        or contract.sme_id != user.sme_id
        or contract.sme_signed_at is None
        or contract.vendor_signed_at is None
    ):
        raise NotFound(N_("Không có hợp đồng “%(id)s”."), id=contract_id)
    return contract


def file(
    session: Session,
    user,
    contract_id: str,
    category: str | None,
    description: str | None,
    attachments: str | None = None,
    now: datetime | None = None,
) -> Complaint:
    now = now or utcnow()
    contract = sme_contract(session, user, contract_id)
    if category not in rules.CATEGORIES:
        raise ValidationFailed(
            N_("Khiếu nại chưa hợp lệ."), {"category": N_("Chọn một loại trong danh sách.")}
        )
    description = _text(description, "description", True, DESCRIPTION_MIN)
    attachments = _text(attachments, "attachments", False, most=ATTACHMENTS_MAX)
    complaint = Complaint(
        contract_id=contract.id,
        listing_id=contract.product_id,
        vendor_id=contract.vendor_id,
        sme_id=contract.sme_id,
        filed_by_id=user.id,
        category=category,
        description=description,
        attachments=attachments,
        status="awaiting_vendor",
        filed_at=now,
        answer_due_on=rules.answer_due(vn_today(now)),
    )
    session.add(complaint)
    session.flush()
    record_audit(
        session,
        user,
        "complaint.filed",
        ENTITY,
        complaint.id,
        None,
        "awaiting_vendor",
        data={
            "contract_id": contract.id,
            "category": category,
            "answer_due_on": complaint.answer_due_on.isoformat(),
        },
    )
    session.flush()
    notices.filed(session, complaint)
    return complaint


def side_of(user, complaint: Complaint) -> str | None:
    """Which side `user` speaks for on this complaint (None: not a party, nor an officer)."""
    if user.role in ("officer", "admin"):
        return "officer"
    if user.sme_id is not None and user.sme_id == complaint.sme_id:
        return "sme"
    if user.vendor_id is not None and user.vendor_id == complaint.vendor_id:
        return "vendor"
    return None


def get_for(session: Session, user, complaint_id: int) -> Complaint:
    complaint = session.get(Complaint, complaint_id) if 0 < complaint_id < 2**31 else None
    if complaint is None or side_of(user, complaint) is None:
        raise NotFound(N_("Không có khiếu nại này."))
    return complaint


def post(
    session: Session, user, complaint_id: int, text: str | None, now: datetime | None = None
) -> ComplaintMessage:
    """A message of a party or an officer; the vendor's first one is its answer."""
    now = now or utcnow()
    complaint = get_for(session, user, complaint_id)
    if complaint.status == "closed":
        raise InvalidTransition(N_("Khiếu nại đã đóng."))
    text = _text(text, "text", True)
    side = side_of(user, complaint)
    message = ComplaintMessage(
        complaint_id=complaint.id, side=side, author_id=user.id, text=text, created_at=now
    )
    session.add(message)
    action = "complaint.message"
    if side == "vendor" and complaint.status == "awaiting_vendor":
        complaint.status, complaint.answered_at, action = "answered", now, "complaint.answered"
    session.flush()
    record_audit(
        session,
        user,
        action,
        ENTITY,
        complaint.id,
        data={"side": side, "message": message.id, "on_time": vn_today(now) <= complaint.answer_due_on},
    )
    session.flush()
    notices.message(session, complaint, side, answered=action == "complaint.answered")
    return message


def close(session: Session, officer, complaint_id: int, outcome: str | None, reason: str | None,
          suspend: bool = False) -> Complaint:
    """Close with the outcome; an upheld complaint may suspend the product for cause (the catalog's own
    lifecycle step, with the complaint and the reason: the vendor reads it, the next edition leaves the
    product out and its diff says why; an officer republishes it to reinstate it)."""
    complaint = get_for(session, officer, complaint_id)
    if complaint.status == "closed":
        raise InvalidTransition(N_("Khiếu nại đã đóng."))
    if outcome not in rules.OUTCOMES:
        raise ValidationFailed(N_("Cần kết luận."), {"outcome": N_("Chọn khiếu nại đúng hoặc không đúng.")})
    reason = _text(reason, "reason", True)
    if suspend and outcome != "upheld":
        raise ValidationFailed(N_("Chỉ tạm ngừng sản phẩm khi khiếu nại đúng."),
                               {"suspend": N_("Bỏ chọn, hoặc kết luận khiếu nại đúng.")})
    before = complaint.status
    complaint.status, complaint.outcome, complaint.outcome_reason = "closed", outcome, reason
    complaint.closed_at, complaint.closed_by_id = utcnow(), officer.id
    listing = catalog.get_listing(session, complaint.listing_id)
    suspended = suspend and listing.status == "published"
    if suspended:
        catalog.act(session, officer, listing, "suspend",
                    translate(N_("Khiếu nại số %(n)s đúng: %(reason)s"), n=complaint.id, reason=reason))
    record_audit(session, officer, "complaint.closed", ENTITY, complaint.id, before, "closed", reason,
                 {"outcome": outcome, "listing_suspended": suspended})
    session.flush()
    notices.closed(session, complaint)
    return complaint


def mine(session: Session, user) -> list[Complaint]:
    """The SME's or the vendor's complaints, open ones first."""
    if user.sme_id is not None:
        where = Complaint.sme_id == user.sme_id
    elif user.vendor_id is not None:
        where = Complaint.vendor_id == user.vendor_id
    else:
        return []
    return list(
        session.scalars(
            select(Complaint).where(where).order_by(Complaint.status == "closed", Complaint.filed_at.desc())
        )
    )


def queue(session: Session, status: str = "open") -> list[Complaint]:
    """Officers' list: unresolved ones, the answer due soonest first (overdue at the top); or closed."""
    if status == "closed":
        query = select(Complaint).where(Complaint.status == "closed").order_by(Complaint.closed_at.desc())
    else:
        query = (
            select(Complaint)
            .where(Complaint.status.in_(rules.OPEN))
            .order_by(Complaint.status != "awaiting_vendor", Complaint.answer_due_on, Complaint.id)
        )
    return list(session.scalars(query))


def unresolved(session: Session, listing_id: str) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Complaint)
            .where(Complaint.listing_id == listing_id, Complaint.status.in_(rules.OPEN))
        )
        or 0
    )


@dataclass(frozen=True)
class ReportRow:
    key: str  # a vendor id or a category code
    total: int
    unresolved: int
    overdue: int
    upheld: int
    not_upheld: int


def report(
    session: Session, by: str, today: date, start: date | None = None, end: date | None = None
) -> list[ReportRow]:
    """Complaints filed in the period (Vietnam days, both ends included) per vendor or category."""
    if by not in ("vendor", "category"):
        raise ValidationFailed(N_("Tham số chưa hợp lệ."), {"by": N_("Dùng vendor hoặc category.")})
    key = Complaint.vendor_id if by == "vendor" else Complaint.category
    query = (
        select(
            key,
            func.count(),
            func.sum(case((Complaint.status.in_(rules.OPEN), 1), else_=0)),
            func.sum(
                case(
                    ((Complaint.status == "awaiting_vendor") & (Complaint.answer_due_on < today), 1), else_=0
                )
            ),
            func.sum(case((Complaint.outcome == "upheld", 1), else_=0)),
            func.sum(case((Complaint.outcome == "not_upheld", 1), else_=0)),
        )
        .group_by(key)
        .order_by(func.count().desc(), key)
    )
    if start is not None:
        query = query.where(Complaint.filed_at >= _vn_midnight(start))
    if end is not None:
        query = query.where(Complaint.filed_at < _vn_midnight(end, next_day=True))
    return [ReportRow(k, *(int(v or 0) for v in rest)) for k, *rest in session.execute(query)]


def _vn_midnight(day: date, next_day: bool = False) -> datetime:
    day = day + timedelta(days=1) if next_day else day
    return datetime.combine(day, time(), VN_TZ).astimezone(UTC)
