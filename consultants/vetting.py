"""Officers vet consultants against the programme's published criteria and certify them ("đạt chuẩn"),
suspend, reinstate or withdraw them, with a reason; every decision is in the audit log."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

from sqlalchemy.orm import Session

from consultants.models import Consultant
from core.audit import record_audit
from core.db import utcnow
from core.domain import N_, InvalidTransition, Label, NotFound, ValidationFailed
from core.formatting import to_vn

# The programme's published criteria (Hà Nội's and Đồng Nai's plans: a qualified network).
CRITERIA = MappingProxyType(
    {
        "documents": N_("Hồ sơ, văn bằng, chứng chỉ về chuyển đổi số hợp lệ"),
        "experience": N_("Ít nhất 2 năm kinh nghiệm tư vấn, triển khai chuyển đổi số cho doanh nghiệp"),
        "references": N_("Có người giới thiệu hoặc doanh nghiệp đã được tư vấn xác nhận"),
    }
)
STATUS_LABELS = MappingProxyType(
    {
        "active": N_("Đang hoạt động"),
        "suspended": N_("Tạm đình chỉ"),
        "withdrawn": N_("Đã rút khỏi mạng lưới"),
    }
)
# status -> the statuses an officer may move it to (a withdrawal is final).
MOVES = MappingProxyType(
    {"active": ("suspended", "withdrawn"), "suspended": ("active", "withdrawn"), "withdrawn": ()}
)
REASON_MAX = 2000


def get(session: Session, consultant_id: str) -> Consultant:
    consultant = session.get(Consultant, consultant_id)
    if consultant is None:
        raise NotFound(N_("Không có chuyên gia này."))
    return consultant


def certify(
    session: Session, officer, consultant_id: str, findings: dict[str, bool], day: date, note: str = ""
) -> Consultant:
    """Certified on `day` when every criterion is met; refused naming the criteria that are not."""
    consultant = get(session, consultant_id)
    if consultant.status != "active":
        raise InvalidTransition(
            N_("Chỉ công nhận chuyên gia đang hoạt động (hiện: %(status)s)."),
            status=Label(STATUS_LABELS[consultant.status]),
        )
    problems = {code: N_("Chưa đạt tiêu chí này.") for code in CRITERIA if not findings.get(code)}
    if day > to_vn(utcnow()).date():
        problems["certified_on"] = N_("Ngày công nhận không được sau hôm nay.")
    if len(note) > REASON_MAX:
        problems["note"] = N_("Tối đa 2.000 ký tự.")
    if problems:
        raise ValidationFailed(N_("Chưa công nhận được: chuyên gia phải đạt mọi tiêu chí."), problems)
    before = consultant.certified_on
    consultant.certified_on = day
    consultant.vetting = {
        **{code: True for code in CRITERIA},
        "note": note.strip() or None,
        "by": getattr(officer, "email", str(officer)),
    }
    session.flush()
    record_audit(
        session,
        officer,
        "consultant.certified",
        "consultant",
        consultant.id,
        from_state=before.isoformat() if before else None,
        to_state=day.isoformat(),
        reason=note.strip() or None,
    )
    return consultant


def set_status(session: Session, officer, consultant_id: str, status: str, reason: str) -> Consultant:
    consultant = get(session, consultant_id)
    if status not in MOVES.get(consultant.status, ()):
        raise InvalidTransition(
            N_("Không chuyển được từ %(before)s sang trạng thái này."),
            before=Label(STATUS_LABELS[consultant.status]),
        )
    if not reason.strip() or len(reason) > REASON_MAX:
        raise ValidationFailed(N_("Cần ghi lý do."), {"reason": N_("Cần ghi lý do (tối đa 2.000 ký tự).")})
    before = consultant.status
    consultant.status, consultant.status_reason = status, reason.strip()
    session.flush()
    record_audit(
        session,
        officer,
        f"consultant.{status}",
        "consultant",
        consultant.id,
        from_state=before,
        to_state=status,
        reason=reason.strip(),
    )
    return consultant
