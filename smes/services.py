"""SME profiles: lookup and the size the rules give (flush only)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from core.domain import N_, NotFound
from smes.models import Sme
from smes.sizing import SizeFinding, effective_size


def get_sme(session: Session, sme_id: str) -> Sme:
    sme = session.get(Sme, sme_id)
    if sme is None:
        raise NotFound(N_("Không tìm thấy doanh nghiệp “%(id)s”."), id=sme_id)
    return sme


def size_finding(sme: Sme, lang: str = "vi") -> SizeFinding:
    """The size declared in the profile, or derived from employees and revenue (Decree 80/2021)."""
    return effective_size(sme.sector, sme.size, sme.employees, sme.annual_revenue_vnd, lang)
