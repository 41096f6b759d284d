"""Vetting of vendors (flush only; the request or command commits): the documents handed in at
registration, the officer's decision with its reason, the vendor's corrections, and the rule the
catalog asks before a vendor's listing is submitted for review. The rules are in vetting_rules.py.

Every step is in the audit log under the vendor (entity "vendor"), and every decision is told to the
vendor's members (vendors/notices.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from core.audit import AuditEntry, record_audit
from core.db import utcnow
from core.domain import N_, InvalidTransition, Label, NotFound, ValidationFailed
from vendors import notices
from vendors.models import Vendor, VendorVetting
from vendors.vetting_rules import (
    DECISIONS,
    STATUS_LABELS,
    Documents,
    decision_refusal,
    may_resubmit,
    reason_problem,
    shared_root,
)

ENTITY = "vendor"
# Why a vendor's listing cannot be submitted yet, by the status of its documents (None: none handed in).
NOT_YET = {
    None: N_("Nhà cung cấp chưa nộp hồ sơ thẩm định (giấy chứng nhận đăng ký doanh nghiệp, mã số thuế, "
             "người liên hệ, khách hàng tham chiếu), nên chưa gửi thẩm định sản phẩm được. Bạn vẫn lưu "
             "được bản nháp."),
    "submitted": N_("Hồ sơ nhà cung cấp đang chờ cán bộ Sở duyệt, nên chưa gửi thẩm định sản phẩm được. "
                    "Bạn vẫn lưu được bản nháp; khi hồ sơ được duyệt, bạn sẽ nhận được thông báo."),
    "changes_requested": N_("Cán bộ Sở yêu cầu bổ sung hồ sơ nhà cung cấp; hãy bổ sung và gửi lại hồ sơ "
                            "trước khi gửi thẩm định sản phẩm. Bạn vẫn lưu được bản nháp."),
    "rejected": N_("Hồ sơ nhà cung cấp đã bị từ chối, nên không gửi thẩm định sản phẩm được. Hãy liên hệ "
                   "cán bộ Sở nếu cần."),
}


def vetting_of(session: Session, vendor_id: str | None) -> VendorVetting | None:
    return session.get(VendorVetting, vendor_id) if vendor_id else None


def status_of(session: Session, vendor_id: str | None) -> str | None:
    vetting = vetting_of(session, vendor_id)
    return vetting.status if vetting is not None else None


def submission_refusal(session: Session, vendor_id: str | None) -> str | None:
    """Why the vendor may not submit a listing for review yet (a Vietnamese msgid), or None once its
    documents are approved."""
    status = status_of(session, vendor_id)
    return None if status == "approved" else NOT_YET.get(status, NOT_YET[None])


def _refuse_problems(documents: Documents) -> None:
    if problems := documents.problems():
        raise ValidationFailed(N_("Hồ sơ thẩm định chưa đầy đủ hoặc chưa hợp lệ."), problems)


def _apply(vetting: VendorVetting, documents: Documents) -> None:
    vetting.business_registration_no = documents.business_registration_no
    vetting.contact_name, vetting.contact_position = documents.contact_name, documents.contact_position
    vetting.contact_phone, vetting.contact_email = documents.contact_phone, documents.contact_email
    vetting.customer_references = documents.to_json()
    vetting.status, vetting.submitted_at = "submitted", utcnow()


def submit(session: Session, actor, vendor: Vendor, documents: Documents) -> VendorVetting:
    """The documents of a vendor registering now (checked already by the registration, see
    services.register_vendor): submitted for an officer's decision."""
    _refuse_problems(documents)
    vetting = VendorVetting(vendor_id=vendor.id, source="registration")
    _apply(vetting, documents)
    session.add(vetting)
    session.flush()
    record_audit(session, actor, "vendor.vetting_submitted", ENTITY, vendor.id, None, "submitted",
                 data={"business_registration_no": documents.business_registration_no,
                       "references": len(documents.given_references)})
    notices.submitted(session, vetting)
    return vetting


def resubmit(session: Session, user, documents: Documents) -> VendorVetting:
    """The vendor's corrected documents, when an officer asked for changes (or none were handed in):
    submitted again for a decision."""
    vendor = session.get(Vendor, user.vendor_id) if user.vendor_id else None
    if vendor is None:
        raise NotFound(N_("Không tìm thấy nhà cung cấp."))
    vetting = vetting_of(session, vendor.id)
    before = vetting.status if vetting is not None else None
    if not may_resubmit(before):
        raise InvalidTransition(N_("Hồ sơ đang ở trạng thái %(status)s; chỉ gửi lại được khi cán bộ yêu cầu "
                                   "bổ sung."), status=Label(STATUS_LABELS[before]))
    _refuse_problems(documents)
    if vetting is None:
        vetting = VendorVetting(vendor_id=vendor.id, source="registration")
        session.add(vetting)
    _apply(vetting, documents)
    session.flush()
    record_audit(session, user, "vendor.vetting_resubmitted", ENTITY, vendor.id, before, "submitted",
                 data={"business_registration_no": documents.business_registration_no,
                       "references": len(documents.given_references)})
    notices.submitted(session, vetting)
    return vetting


def approve_without_documents(session: Session, vendor_id: str, source: str, actor) -> VendorVetting:
    """A vendor that did not register here (an officer's import): approved as it comes (added to the
    session; the caller flushes, once for many)."""
    vetting = VendorVetting(vendor_id=vendor_id, status="approved", source=source, decided_at=utcnow(),
                            decided_by_id=getattr(actor, "id", None), customer_references=[])
    session.add(vetting)
    record_audit(session, actor, "vendor.vetting_approved", ENTITY, vendor_id, None, "approved",
                 data={"source": source})
    return vetting


def decide(session: Session, officer, vendor_id: str, decision: str, reason: str | None) -> VendorVetting:
    """approve, request_changes or reject the vendor's submitted documents, with the reason (required
    unless approving); audited and told to the vendor's members."""
    vetting = vetting_of(session, vendor_id)
    if vetting is None:
        raise NotFound(N_("Không có hồ sơ thẩm định của nhà cung cấp này."))
    if refusal := decision_refusal(vetting.status, decision):
        raise InvalidTransition(refusal)
    reason = (reason or "").strip()
    if problem := reason_problem(decision, reason):
        raise ValidationFailed(problem, {"reason": problem})
    after = DECISIONS[decision]
    before = vetting.status
    vetting.status, vetting.reason = after, reason or None
    vetting.decided_at, vetting.decided_by_id = utcnow(), officer.id
    session.flush()
    record_audit(session, officer, f"vendor.vetting_{after}", ENTITY, vendor_id, before, after,
                 reason or None)
    notices.decided(session, vetting, decision)
    return vetting


def queue(session: Session, status: str = "submitted") -> list[VendorVetting]:
    """Documents in `status`, the longest waiting first."""
    return list(session.scalars(
        select(VendorVetting).where(VendorVetting.status == status)
        .options(selectinload(VendorVetting.vendor))
        .order_by(VendorVetting.submitted_at.asc().nulls_first(), VendorVetting.vendor_id)))


def counts(session: Session) -> dict[str, int]:
    rows = session.execute(select(VendorVetting.status, func.count()).group_by(VendorVetting.status))
    return dict(rows.all())


@dataclass(frozen=True)
class Hint:
    """Something the officer should look at: a msgid and its parameters."""

    text: str
    params: dict


def hints(session: Session, vetting: VendorVetting) -> list[Hint]:
    """What the officer checks beyond the documents: a tax code is one organisation's, so another vendor
    with the same tax code root (a branch of the same firm) or the same registration number is named."""
    vendor = vetting.vendor
    found: list[Hint] = []
    root = shared_root(vendor.tax_code)
    number = vetting.business_registration_no
    if root and number and number.replace(" ", "")[:10] != root:
        found.append(Hint(N_("Số giấy chứng nhận đăng ký doanh nghiệp (%(number)s) khác mã số thuế "
                             "(%(tax_code)s): với doanh nghiệp đăng ký từ 2010 hai số này trùng nhau."),
                          {"number": number, "tax_code": vendor.tax_code}))
    conditions = [Vendor.tax_code.like(f"{root}%")] if root else []
    if number:
        conditions += [Vendor.tax_code == number, VendorVetting.business_registration_no == number]
    if conditions:
        others = session.execute(
            select(Vendor.id, Vendor.name, Vendor.tax_code)
            .outerjoin(VendorVetting, VendorVetting.vendor_id == Vendor.id)
            .where(Vendor.id != vendor.id, or_(*conditions)).order_by(Vendor.id)).all()
        for other_id, name, tax_code in others:
            found.append(Hint(N_("Nhà cung cấp khác có cùng mã số thuế gốc hoặc số đăng ký doanh nghiệp: "
                                 "%(name)s (%(id)s, MST %(tax_code)s). Mỗi mã số thuế là của một tổ chức."),
                              {"name": name, "id": other_id, "tax_code": tax_code or "—"}))
    return found


def history(session: Session, vendor_id: str) -> list[AuditEntry]:
    """The vetting's audit trail, newest first."""
    return list(session.scalars(
        select(AuditEntry).where(AuditEntry.entity_type == ENTITY, AuditEntry.entity_id == vendor_id,
                                 AuditEntry.action.like("vendor.vetting_%"))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())))
