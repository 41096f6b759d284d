"""An SME asks a consultant; the consultant accepts, then records sessions, runs assessments and proposes
products for that SME (a consultant sees only the SMEs whose request they accepted). Flush only."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.models import User
from assessments.models import Assessment
from assessments.services import record_assessment
from catalog.models import Listing
from consultants.models import Consultant, ConsultantRequest, Proposal, Support
from core.audit import record_audit
from core.db import utcnow
from core.domain import N_, Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from core.formatting import to_vn
from core.ids import new_id

SESSION_KINDS = ("consulting", "training")  # what a consultant records; applications come with products
NOTE_MAX = 4000
MAX_HOURS = 10000  # the interchange format's bound


def own_consultant(session: Session, user: User) -> Consultant:
    consultant = session.scalar(select(Consultant).where(Consultant.user_id == user.id))
    if consultant is None:
        raise Forbidden(N_("Tài khoản này chưa gắn với chuyên gia nào."))
    return consultant


def ask(session: Session, user: User, consultant_id: str, message: str) -> ConsultantRequest:
    consultant = session.get(Consultant, consultant_id)
    if consultant is None or consultant.status != "active" or consultant.certified_on is None:
        raise NotFound(N_("Không có chuyên gia đạt chuẩn này."))
    if len(message) > NOTE_MAX:
        raise ValidationFailed(N_("Lời nhắn quá dài."), {"message": N_("Tối đa 4.000 ký tự.")})
    pending = session.scalar(
        select(ConsultantRequest.id).where(
            ConsultantRequest.sme_id == user.sme_id,
            ConsultantRequest.consultant_id == consultant_id,
            ConsultantRequest.status.in_(("open", "accepted")),
        )
    )
    if pending is not None:
        raise Conflict(N_("Bạn đã gửi yêu cầu cho chuyên gia này."))
    request = ConsultantRequest(
        sme_id=user.sme_id, consultant_id=consultant_id, message=message.strip() or None
    )
    session.add(request)
    session.flush()
    record_audit(
        session,
        user,
        "consultant_request.opened",
        "consultant",
        consultant_id,
        to_state="open",
        data={"sme": user.sme_id, "request": request.id},
    )
    return request


def decide(session: Session, user: User, request_id: int, accept: bool) -> ConsultantRequest:
    consultant = own_consultant(session, user)
    request = session.get(ConsultantRequest, request_id)
    if request is None or request.consultant_id != consultant.id:
        raise NotFound(N_("Không có yêu cầu này."))
    if request.status != "open":
        raise InvalidTransition(N_("Yêu cầu này đã được trả lời."))
    request.status, request.decided_at = ("accepted" if accept else "declined"), utcnow()
    session.flush()
    record_audit(
        session,
        user,
        f"consultant_request.{request.status}",
        "consultant",
        consultant.id,
        from_state="open",
        to_state=request.status,
        data={"sme": request.sme_id, "request": request.id},
    )
    return request


def their_smes(session: Session, consultant: Consultant) -> list[str]:
    return list(
        session.scalars(
            select(ConsultantRequest.sme_id)
            .where(ConsultantRequest.consultant_id == consultant.id, ConsultantRequest.status == "accepted")
            .distinct()
        )
    )


def working_with(session: Session, user: User, sme_id: str) -> Consultant:
    """The user's consultant record, when they accepted this SME's request; NotFound otherwise (a
    stranger learns nothing, not even that the SME exists)."""
    consultant = own_consultant(session, user)
    if sme_id not in their_smes(session, consultant):
        raise NotFound(N_("Không có doanh nghiệp này trong danh sách bạn hỗ trợ."))
    return consultant


def _today() -> date:
    return to_vn(utcnow()).date()


def record_session(
    session: Session, user: User, sme_id: str, kind: str, day: date, hours: float | None, note: str
) -> Support:
    consultant = working_with(session, user, sme_id)
    problems = {}
    if kind not in SESSION_KINDS:
        problems["kind"] = N_("Chọn tư vấn hoặc đào tạo.")
    if day > _today():
        problems["on"] = N_("Ngày không được sau hôm nay.")
    if hours is not None and not 0 <= hours <= MAX_HOURS:
        problems["hours"] = N_("Số giờ từ 0 đến 10.000.")
    if len(note) > NOTE_MAX:
        problems["note"] = N_("Tối đa 4.000 ký tự.")
    if problems:
        raise ValidationFailed(N_("Chưa ghi được buổi làm việc."), problems)
    support = Support(
        id=new_id("su"),
        sme_id=sme_id,
        kind=kind,
        on=day,
        consultant_id=consultant.id,
        hours=hours,
        note=note.strip() or None,
        extra={},
    )
    session.add(support)
    session.flush()
    record_audit(
        session, user, "support.recorded", "sme", sme_id, to_state=kind, data={"support": support.id}
    )
    return support


def run_assessment(
    session: Session, user: User, sme_id: str, level: int, day: date, framework: str
) -> Assessment:
    consultant = working_with(session, user, sme_id)
    return record_assessment(session, user, sme_id, level, day, framework, consultant_id=consultant.id)


def propose(session: Session, user: User, sme_id: str, listing_id: str, note: str) -> Proposal:
    consultant = working_with(session, user, sme_id)
    listing = session.get(Listing, listing_id)
    if listing is None or listing.status != "published":
        raise ValidationFailed(
            N_("Chưa đề xuất được."), {"listing_id": N_("Chọn một sản phẩm đang có trong danh mục.")}
        )
    if len(note) > NOTE_MAX:
        raise ValidationFailed(N_("Chưa đề xuất được."), {"reason": N_("Tối đa 4.000 ký tự.")})
    proposal = Proposal(
        sme_id=sme_id, consultant_id=consultant.id, listing_id=listing_id, note=note.strip() or None
    )
    session.add(proposal)
    session.flush()
    record_audit(session, user, "proposal.made", "sme", sme_id, data={"listing": listing_id})
    return proposal


def proposals_for(session: Session, sme_id: str) -> list[tuple[Proposal, Consultant]]:
    return list(
        session.execute(
            select(Proposal, Consultant)
            .join(Consultant, Consultant.id == Proposal.consultant_id)
            .where(Proposal.sme_id == sme_id)
            .order_by(Proposal.created_at.desc(), Proposal.id.desc())
        ).tuples()
    )


def requests_of_sme(session: Session, sme_id: str) -> list[tuple[ConsultantRequest, Consultant]]:
    return list(
        session.execute(
            select(ConsultantRequest, Consultant)
            .join(Consultant, Consultant.id == ConsultantRequest.consultant_id)
            .where(ConsultantRequest.sme_id == sme_id)
            .order_by(ConsultantRequest.id.desc())
        ).tuples()
    )


def requests_to(session: Session, consultant: Consultant) -> list[ConsultantRequest]:
    return list(
        session.scalars(
            select(ConsultantRequest)
            .where(ConsultantRequest.consultant_id == consultant.id)
            .order_by(ConsultantRequest.status != "open", ConsultantRequest.id.desc())
        )
    )


def supports_of(session: Session, sme_id: str) -> list[Support]:
    return list(
        session.scalars(
            select(Support).where(Support.sme_id == sme_id).order_by(Support.on.desc(), Support.id.desc())
        )
    )
