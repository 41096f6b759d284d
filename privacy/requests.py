"""Data-subject requests: submitting them, the export of one's data, and how officers close them.

Erasure keeps the records the office must keep (signed contracts stay countable, ids stay) and
erases the personal fields: the SME's contact person, phone and email, the user's name and email;
the account is deactivated and its password made unusable.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from accounts.models import User
from contracts.models import ContractSignature
from core.audit import AuditEntry, record_audit
from core.db import utcnow
from core.domain import N_, InvalidTransition, NotFound, ValidationFailed
from core.translation import NP_
from privacy import deadlines, notices
from privacy.consent import consent_history, set_consent
from privacy.models import DataSubjectRequest
from smes.models import Sme

STATUS_LABELS = {
    "received": NP_("request status", "Đang xử lý"),
    "completed": N_("Đã hoàn tất"),
    "refused": NP_("request status", "Từ chối"),
}
SME_PERSONAL_FIELDS = ("contact_person", "contact_phone", "contact_email")
PERSONAL_AUDIT_KEYS = {"ip", "email"}  # details some audit entries keep about their actor
UNUSABLE_PASSWORD = "!erased"  # never a valid Argon2 hash, so no password verifies


def submit_request(session: Session, user: User, kind: str, details: str = "",
                   now: datetime | None = None) -> DataSubjectRequest:
    """Record a request with its acknowledgement and due dates."""
    details = (details or "").strip()
    if kind not in deadlines.KINDS:
        raise ValidationFailed(N_("Loại yêu cầu không hợp lệ."), {"kind": "access | correct | delete"})
    if kind == "correct" and not details:
        raise ValidationFailed(N_("Hãy cho biết dữ liệu nào cần chỉnh sửa và giá trị đúng."),
                               {"details": N_("Cần mô tả nội dung cần chỉnh sửa.")})
    if len(details) > 4000:
        raise ValidationFailed(N_("Nội dung yêu cầu quá dài."), {"details": N_("Tối đa 4.000 ký tự.")})
    received = now or utcnow()
    due = deadlines.deadlines_for(kind, received)
    request = DataSubjectRequest(user_id=user.id, kind=kind, details=details, received_at=received,
                                 acknowledge_by=due.acknowledge_by, due_on=due.due)
    session.add(request)
    session.flush()
    record_audit(session, user, "privacy.request_received", "data_request", str(request.id),
                 to_state="received", data={"kind": kind})
    notices.tell_received(session, request)
    return request


def requests_of(session: Session, user: User) -> list[DataSubjectRequest]:
    return list(session.scalars(select(DataSubjectRequest).where(DataSubjectRequest.user_id == user.id)
                                .order_by(DataSubjectRequest.received_at.desc())))


def open_requests_first(session: Session) -> list[DataSubjectRequest]:
    """Every request, open ones first by due date (what the officers' page lists)."""
    rows = session.scalars(select(DataSubjectRequest).order_by(DataSubjectRequest.received_at.desc()))
    return sorted(rows, key=lambda r: (r.status != "received", r.effective_due if r.status == "received"
                                       else date.max))


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def export_personal_data(session: Session, user: User) -> dict:
    """Everything the marketplace holds about `user` as a person, as JSON-ready data."""
    data: dict = {
        "format": "sme-marketplace/personal-data/1",
        "generated_at": utcnow().isoformat(),
        "account": {"id": user.id, "email": user.email, "full_name": user.full_name, "role": user.role,
                    "locale": user.locale, "active": user.active, "created_at": _iso(user.created_at),
                    "vendor_id": user.vendor_id, "sme_id": user.sme_id},
        "consents": [{"purpose": c.purpose, "version": c.version, "text": c.text,
                      "given_at": _iso(c.given_at), "withdrawn_at": _iso(c.withdrawn_at),
                      "source": c.source, "ip": c.ip}
                     for c in consent_history(session, user)],
        "requests": [{"id": r.id, "kind": r.kind, "status": r.status, "details": r.details,
                      "received_at": _iso(r.received_at), "due_on": _iso(r.effective_due),
                      "closed_at": _iso(r.closed_at), "outcome": r.outcome}
                     for r in requests_of(session, user)],
    }
    if user.sme_id:
        sme = session.get(Sme, user.sme_id)
        columns = [c.key for c in Sme.__mapper__.column_attrs]
        values = {k: getattr(sme, k) for k in columns}
        # Timestamps and days (joined_on) as ISO text.
        data["sme_profile"] = {k: _iso(v) if isinstance(v, date) else v for k, v in values.items()}
    return data


def _load_open(session: Session, request_id: int) -> DataSubjectRequest:
    request = session.get(DataSubjectRequest, request_id)
    if request is None:
        raise NotFound(N_("Không tìm thấy yêu cầu."))
    if request.status != "received":
        raise InvalidTransition(N_("Yêu cầu này đã được xử lý xong."))
    return request


def _close(session: Session, request: DataSubjectRequest, actor: User, status: str, outcome: str) -> None:
    request.status, request.outcome = status, outcome
    request.closed_at, request.handled_by_id = utcnow(), actor.id
    session.flush()
    record_audit(session, actor, f"privacy.request_{status}", "data_request", str(request.id),
                 from_state="received", to_state=status, reason=outcome or None)


def erase_personal_data(session: Session, user: User, actor: User | str) -> None:
    """Erase `user`'s personal fields and deactivate the account; ids and contracts stay.

    Signed contracts keep counting: their terms (companies, product, price) and each signature's
    time and digest stay; the signer's name, IP address and browser are erased, and the audit log
    names the user by id instead of by email.
    """
    in_force = [c.purpose for c in consent_history(session, user) if c.withdrawn_at is None]
    for purpose in in_force:
        set_consent(session, user, purpose, False, source="erasure")
    if user.sme_id:
        sme = session.get(Sme, user.sme_id)
        for field in SME_PERSONAL_FIELDS:
            setattr(sme, field, None)
        sme.contact_consent = False
    session.execute(update(ContractSignature).where(ContractSignature.user_id == user.id)
                    .values(signer_name="", ip=None, user_agent=None))
    for entry in session.scalars(select(AuditEntry).where(AuditEntry.actor_id == user.id)):
        entry.actor_label = f"user-{user.id} (đã xóa)"
        if entry.data and PERSONAL_AUDIT_KEYS & set(entry.data):
            entry.data = {k: v for k, v in entry.data.items() if k not in PERSONAL_AUDIT_KEYS}
    user.full_name = ""
    user.email = f"erased-{user.id}@erased.invalid"
    user.password_hash = UNUSABLE_PASSWORD
    user.active = False
    session.flush()
    record_audit(session, actor, "privacy.erased", "user", str(user.id))


def close_self_service(session: Session, request: DataSubjectRequest, user: User) -> None:
    """An access request fulfilled at once by the person's own download."""
    _close(session, request, user, "completed", "Người dùng tự tải bản sao dữ liệu (JSON).")


def complete_request(session: Session, request_id: int, officer: User,
                     outcome: str = "") -> DataSubjectRequest:
    """Close a request as done; for a deletion, this is when the data is erased."""
    request = _load_open(session, request_id)
    outcome = (outcome or "").strip()
    if request.kind == "correct" and not outcome:
        raise ValidationFailed(N_("Ghi rõ dữ liệu đã được chỉnh sửa thế nào."),
                               {"outcome": N_("Cần ghi kết quả.")})
    if request.kind == "delete":
        erase_personal_data(session, request.user, officer)
        outcome = outcome or ("Đã xóa dữ liệu cá nhân; hợp đồng đã ký được giữ lại, "
                              "không còn thông tin cá nhân.")
    _close(session, request, officer, "completed", outcome)
    return request


def refuse_request(session: Session, request_id: int, officer: User, reason: str) -> DataSubjectRequest:
    request = _load_open(session, request_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(N_("Cần nêu lý do từ chối để thông báo cho người yêu cầu."),
                               {"outcome": N_("Cần lý do.")})
    _close(session, request, officer, "refused", reason)
    return request


def extend_request(session: Session, request_id: int, officer: User, days: int,
                   reason: str) -> DataSubjectRequest:
    """The single extension the decree allows (at most 15 days, with a reason)."""
    request = _load_open(session, request_id)
    reason = (reason or "").strip()
    if request.extended_to is not None:
        raise InvalidTransition(N_("Thời hạn chỉ được gia hạn một lần."))
    if not reason:
        raise ValidationFailed(N_("Cần nêu lý do gia hạn."), {"outcome": N_("Cần lý do.")})
    try:
        request.extended_to = deadlines.extended_due(request.due_on, days)
    except ValueError as exc:
        raise ValidationFailed(
            N_("Số ngày gia hạn không hợp lệ."),
            {"days": (N_("Từ 1 đến %(most)s ngày."), {"most": deadlines.MAX_EXTENSION_DAYS})},
        ) from exc
    request.outcome = reason
    session.flush()
    record_audit(session, officer, "privacy.request_extended", "data_request", str(request.id), reason=reason,
                 data={"extended_to": request.extended_to.isoformat()})
    return request
