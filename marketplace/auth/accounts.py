"""Account services: registration of vendors and SMEs, and staff accounts from the CLI."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.audit import record_audit
from marketplace.auth.models import User
from marketplace.auth.passwords import Passwords, password_problem
from marketplace.domain import N_, FieldMessage, ValidationFailed
from smes.models import Sme
from vendors.models import Vendor

TAX_CODE = re.compile(r"^[0-9]{10}(-[0-9]{3})?$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def tax_code_problem(tax_code: str) -> str | None:
    if not TAX_CODE.match(tax_code or ""):
        return N_("Mã số thuế gồm 10 chữ số, hoặc 10 chữ số kèm '-' và 3 chữ số cho chi nhánh "
                  "(vd. 0101234567-001).")
    return None


def new_id(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(5)}"


def _check_account(session: Session, email: str, password: str) -> dict[str, FieldMessage]:
    errors: dict[str, FieldMessage] = {}
    if not EMAIL.match(email):
        errors["email"] = N_("Email không hợp lệ.")
    elif session.scalar(select(User.id).where(func.lower(User.email) == email.lower())):
        errors["email"] = N_("Email này đã có tài khoản.")
    if problem := password_problem(password):
        errors["password"] = problem
    return errors


def register_vendor(session: Session, passwords: Passwords, *, email: str, password: str, full_name: str,
                    vendor_name: str, tax_code: str, province: str | None = None) -> User:
    """A vendor organisation and its first member."""
    email = email.strip().lower()
    errors = _check_account(session, email, password)
    if problem := tax_code_problem(tax_code):
        errors["tax_code"] = problem
    if not vendor_name.strip():
        errors["vendor_name"] = N_("Cần nhập tên doanh nghiệp.")
    if errors:
        raise ValidationFailed(N_("Thông tin đăng ký chưa hợp lệ."), errors)
    vendor = Vendor(id=new_id("v"), name=vendor_name.strip(), tax_code=tax_code, province=province or None)
    session.add(vendor)
    session.flush()  # the user row references it
    user = User(email=email, password_hash=passwords.hash(password), full_name=full_name.strip(),
                role="vendor", vendor_id=vendor.id)
    session.add(user)
    session.flush()
    record_audit(session, user, "vendor.registered", "vendor", vendor.id)
    return user


def add_vendor_member(session: Session, passwords: Passwords, *, vendor_id: str, email: str,
                      password: str, full_name: str, actor: User | None) -> User:
    """Another member of an existing vendor organisation."""
    email = email.strip().lower()
    if errors := _check_account(session, email, password):
        raise ValidationFailed(N_("Thông tin thành viên chưa hợp lệ."), errors)
    user = User(email=email, password_hash=passwords.hash(password), full_name=full_name.strip(),
                role="vendor", vendor_id=vendor_id)
    session.add(user)
    session.flush()
    record_audit(session, actor, "vendor.member_added", "vendor", vendor_id, data={"email": email})
    return user


def register_sme(session: Session, passwords: Passwords, *, email: str, password: str, full_name: str,
                 sme_name: str, tax_code: str, sector: str, province: str | None = None) -> User:
    """An SME profile and its user."""
    from catalog.vocab import SECTORS

    email = email.strip().lower()
    errors = _check_account(session, email, password)
    if problem := tax_code_problem(tax_code):
        errors["tax_code"] = problem
    if sector not in SECTORS:
        errors["sector"] = N_("Chọn ngành nghề trong danh sách.")
    if not sme_name.strip():
        errors["sme_name"] = N_("Cần nhập tên doanh nghiệp.")
    if errors:
        raise ValidationFailed(N_("Thông tin đăng ký chưa hợp lệ."), errors)
    sme = Sme(id=new_id("s"), name=sme_name.strip(), tax_code=tax_code, sector=sector,
              province=province or None, contact_person=full_name.strip() or None, contact_email=email)
    session.add(sme)
    session.flush()  # the user row references it
    user = User(email=email, password_hash=passwords.hash(password), full_name=full_name.strip(),
                role="sme", sme_id=sme.id)
    session.add(user)
    session.flush()
    record_audit(session, user, "sme.registered", "sme", sme.id)
    return user


def create_staff(session: Session, passwords: Passwords, *, email: str, password: str, role: str,
                 full_name: str = "") -> User:
    """An officer or admin account (created from the CLI only)."""
    if role not in ("officer", "admin"):
        raise ValidationFailed(N_("Vai trò phải là officer hoặc admin."), {"role": "officer | admin"})
    email = email.strip().lower()
    if errors := _check_account(session, email, password):
        raise ValidationFailed(N_("Thông tin tài khoản chưa hợp lệ."), errors)
    user = User(email=email, password_hash=passwords.hash(password), full_name=full_name, role=role)
    session.add(user)
    session.flush()
    record_audit(session, "cli", "user.created", "user", str(user.id), data={"role": role})
    return user


def authenticate(session: Session, passwords: Passwords, email: str, password: str) -> User | None:
    user = session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None or not user.active or not passwords.verify(user.password_hash, password):
        return None
    return user
