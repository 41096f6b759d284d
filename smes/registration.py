"""Registration of an SME: its profile and its first user (flush only)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from accounts.models import User
from accounts.passwords import Passwords
from accounts.services import register_organisation
from core.db import utcnow
from core.domain import N_
from core.formatting import to_vn
from core.ids import new_id, tax_code_problem
from core.vocab import SECTORS
from smes.models import Sme


def register_sme(session: Session, passwords: Passwords, *, email: str, password: str, full_name: str,
                 sme_name: str, tax_code: str, sector: str, province: str | None = None) -> User:
    """An SME profile and its user."""
    problems = {}
    if problem := tax_code_problem(tax_code):
        problems["tax_code"] = problem
    if sector not in SECTORS:
        problems["sector"] = N_("Chọn ngành nghề trong danh sách.")
    if not sme_name.strip():
        problems["sme_name"] = N_("Cần nhập tên doanh nghiệp.")
    sme = Sme(id=new_id("s"), name=sme_name.strip(), tax_code=tax_code, sector=sector,
              province=province or None, contact_person=full_name.strip() or None,
              contact_email=email.strip().lower(), joined_on=to_vn(utcnow()).date())
    return register_organisation(session, passwords, sme, problems, role="sme", email=email,
                                 password=password, full_name=full_name)
