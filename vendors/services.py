"""Vendor organisations: registration, members, requests to join (flush only; the request or command commits).

A tax code belongs to one organisation. Registering with the tax code of an existing vendor does not
create a second vendor with that identity: it becomes a request to join it, which the vendor's admin
member (its first member) or an officer approves or refuses, each decision audited.

A new vendor registers with its documents for vetting (vendors.vetting): refused together with every
other problem of the registration, handed to an officer with the vendor once valid.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accounts.models import User
from accounts.passwords import Passwords
from accounts.services import account_problems, create_user, refuse_taken, register_organisation
from core.audit import record_audit
from core.db import utcnow
from core.domain import N_, Forbidden, InvalidTransition, NotFound, ValidationFailed
from core.ids import new_id, tax_code_problem
from vendors import membership, vetting
from vendors.models import Vendor, VendorJoinRequest
from vendors.vetting_rules import Documents


def register_vendor(session: Session, passwords: Passwords, *, email: str, password: str, full_name: str,
                    vendor_name: str, tax_code: str, province: str | None = None,
                    documents: Documents | None = None) -> User | None:
    """A vendor organisation, its first member and its documents submitted for vetting; or, when a
    vendor already has this tax code, a request to join it (None: nobody is logged in until its admin or
    an officer approves; the documents are the existing vendor's business, not asked again)."""
    documents = documents or Documents()
    problems = {}
    if problem := tax_code_problem(tax_code):
        problems["tax_code"] = problem
    elif (existing := vendor_with_tax_code(session, tax_code)) is not None:
        request_to_join(session, passwords, existing, email=email, password=password, full_name=full_name,
                        name_given=vendor_name)
        return None
    if not vendor_name.strip():
        problems["vendor_name"] = N_("Cần nhập tên doanh nghiệp.")
    problems.update(documents.problems())
    vendor = Vendor(id=new_id("v"), name=vendor_name.strip(), tax_code=tax_code, province=province or None)
    user = register_organisation(session, passwords, vendor, problems, role="vendor", email=email,
                                 password=password, full_name=full_name)
    vetting.submit(session, user, vendor, documents)
    return user


def members(session: Session, vendor_id: str) -> list[User]:
    return list(
        session.scalars(
            select(User)
            .where(User.vendor_id == vendor_id, User.role == "vendor")
            .order_by(User.created_at, User.id)
        )
    )


def add_member(session: Session, passwords: Passwords, vendor_id: str, *, email: str, password: str,
               full_name: str, actor: User | None) -> User:
    """Another member of vendor `vendor_id` (None as actor: the demo seeding it)."""
    if actor is not None and (actor.role != "vendor" or actor.vendor_id != vendor_id):
        raise Forbidden(N_("Chỉ thành viên của nhà cung cấp mới thêm được thành viên."))
    email = email.strip().lower()
    if errors := account_problems(session, email, password):
        raise ValidationFailed(N_("Thông tin thành viên chưa hợp lệ."), errors)
    user = create_user(session, passwords, email=email, password=password, full_name=full_name, role="vendor",
                       vendor_id=vendor_id)
    record_audit(session, actor, "vendor.member_added", "vendor", vendor_id, data={"email": email})
    return user


def vendor_with_tax_code(session: Session, tax_code: str) -> Vendor | None:
    query = select(Vendor).where(Vendor.tax_code == tax_code).order_by(Vendor.created_at)
    return session.scalars(query).first()


def request_to_join(session: Session, passwords: Passwords, vendor: Vendor, *, email: str, password: str,
                    full_name: str, name_given: str = "") -> VendorJoinRequest:
    """A pending request to become a member of `vendor`, with the account it will open on approval."""
    email = email.strip().lower()
    errors = account_problems(session, email, password, say_taken=False)
    if "email" not in errors and session.scalar(
            select(VendorJoinRequest.id).where(func.lower(VendorJoinRequest.email) == email,
                                               VendorJoinRequest.status == "pending")):
        errors["email"] = N_("Email này đã có một yêu cầu gia nhập đang chờ duyệt.")
    if errors:
        raise ValidationFailed(N_("Thông tin đăng ký chưa hợp lệ."), errors)
    refuse_taken(session, passwords, email, password)
    request = VendorJoinRequest(vendor_id=vendor.id, email=email, full_name=full_name.strip()[:200],
                                password_hash=passwords.hash(password), name_given=name_given.strip()[:300])
    session.add(request)
    session.flush()
    record_audit(session, email, "vendor.join_requested", "vendor", vendor.id, to_state="pending",
                 data={"request": request.id, "email": email})
    return request


def is_admin(session: Session, user: User) -> bool:
    """The vendor's admin member: its first member (the one who registered it)."""
    first = members(session, user.vendor_id)[:1] if user.role == "vendor" else []
    return bool(first) and first[0].id == user.id


def pending_join_requests(session: Session, vendor_id: str | None = None) -> list[VendorJoinRequest]:
    """Requests waiting for a decision, oldest first (of one vendor, or of all for officers)."""
    query = select(VendorJoinRequest).where(VendorJoinRequest.status == "pending")
    if vendor_id is not None:
        query = query.where(VendorJoinRequest.vendor_id == vendor_id)
    return list(session.scalars(query.order_by(VendorJoinRequest.created_at, VendorJoinRequest.id)))


def decide_join_request(session: Session, actor: User, request_id: int, approve: bool) -> VendorJoinRequest:
    """Approve (the member's account is opened, with the password they chose) or refuse a request; by
    the vendor's admin member or an officer. Another vendor's request is not found."""
    request = session.get(VendorJoinRequest, request_id)
    if request is None or (actor.role == "vendor" and actor.vendor_id != request.vendor_id):
        raise NotFound(N_("Không tìm thấy yêu cầu gia nhập."))
    if not (actor.is_officer or is_admin(session, actor)):
        raise Forbidden(N_("Chỉ quản trị viên của nhà cung cấp hoặc cán bộ Sở mới duyệt được yêu cầu "
                           "gia nhập."))
    if request.status != "pending":
        raise InvalidTransition(N_("Yêu cầu này đã được xử lý."))
    if approve:
        if session.scalar(select(User.id).where(func.lower(User.email) == request.email)):
            raise ValidationFailed(N_("Email của yêu cầu đã có tài khoản; hãy từ chối yêu cầu này."))
        user = User(email=request.email, password_hash=request.password_hash, full_name=request.full_name,
                    role="vendor", vendor_id=request.vendor_id)
        session.add(user)
    request.status = "approved" if approve else "refused"
    request.decided_at, request.decided_by_id = utcnow(), actor.id
    request.password_hash = ""  # the account has it now, or nobody needs it
    record_audit(session, actor, f"vendor.join_{request.status}", "vendor", request.vendor_id, "pending",
                 request.status, data={"request": request.id, "email": request.email})
    session.flush()
    membership.send_join_decision(session, request, user if approve else None)
    return request
