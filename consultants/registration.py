"""A consultant registers: their record in the network (not certified yet) and their login (flush only)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from accounts.models import User
from accounts.passwords import Passwords
from accounts.services import account_problems, create_user
from consultants.models import KINDS, Consultant
from core.audit import record_audit
from core.domain import N_, ValidationFailed
from core.ids import new_id
from core.vocab import ANY, CATEGORIES, PROVINCES, SECTORS


def register_consultant(
    session: Session,
    passwords: Passwords,
    *,
    email: str,
    password: str,
    full_name: str,
    name: str,
    kind: str,
    organisation: str | None,
    specialties: Sequence[str],
    sectors: Sequence[str],
    provinces: Sequence[str],
    phone: str | None,
    experience: str,
    documents: str,
    references: str,
) -> User:
    email = email.strip().lower()
    errors = account_problems(session, email, password)
    if not name.strip():
        errors["name"] = N_("Cần nhập tên chuyên gia hoặc tổ chức.")
    if kind not in KINDS:
        errors["kind"] = N_("Chọn cá nhân hoặc tổ chức.")
    if not specialties or any(s not in CATEGORIES for s in specialties):
        errors["specialties"] = N_("Chọn ít nhất một lĩnh vực tư vấn trong danh sách.")
    if any(s not in SECTORS and s != ANY for s in sectors):
        errors["sectors"] = N_("Chọn ngành trong danh sách.")
    if any(p not in PROVINCES and p != ANY for p in provinces):
        errors["provinces"] = N_("Chọn tỉnh, thành phố trong danh sách.")
    for field, text in (("experience", experience), ("documents", documents), ("references", references)):
        if not text.strip():
            errors[field] = N_("Tiêu chí của chương trình cần thông tin này để thẩm định.")
    if errors:
        raise ValidationFailed(N_("Thông tin đăng ký chưa hợp lệ."), errors)
    user = create_user(
        session, passwords, email=email, password=password, full_name=full_name, role="consultant"
    )
    consultant = Consultant(
        id=new_id("cg"),
        name=name.strip(),
        kind=kind,
        organisation=(organisation or "").strip() or None,
        specialties=list(specialties),
        sectors=list(sectors) or [ANY],
        provinces=list(provinces) or [ANY],
        status="active",
        email=email,
        phone=(phone or "").strip() or None,
        user_id=user.id,
        experience=experience.strip(),
        documents=documents.strip(),
        references=references.strip(),
        extra={},
    )
    session.add(consultant)
    session.flush()
    record_audit(session, user, "consultant.registered", "consultant", consultant.id)
    return user
