"""Giving and withdrawing consent: one service each way, as easy as each other.

For the purpose "contact_by_vendors" the SME profile's `contact_consent` flag (read by matching
and by vendors' pages) is updated in the same function, so flag and record never disagree.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.models import User
from core.audit import record_audit
from core.db import utcnow
from core.domain import N_, ValidationFailed
from privacy.models import ConsentRecord
from privacy.purposes import CONTACT_BY_VENDORS, PURPOSES
from smes.models import Sme


def active_consent(session: Session, user: User, purpose: str) -> ConsentRecord | None:
    return session.scalar(select(ConsentRecord).where(
        ConsentRecord.user_id == user.id, ConsentRecord.purpose == purpose,
        ConsentRecord.withdrawn_at.is_(None)))


def consent_history(session: Session, user: User) -> list[ConsentRecord]:
    return list(session.scalars(select(ConsentRecord).where(ConsentRecord.user_id == user.id)
                                .order_by(ConsentRecord.given_at.desc(), ConsentRecord.id.desc())))


def set_consent(session: Session, user: User, purpose: str, agreed: bool, *, source: str,
                ip: str | None = None, lang: str = "vi") -> ConsentRecord | None:
    """Give (agreed=True) or withdraw (agreed=False) `user`'s consent to `purpose`; idempotent.
    The record keeps the purpose's text in the language the person read (`lang`).

    Returns the record in force afterwards (None after a withdrawal).
    """
    if purpose not in PURPOSES:
        raise ValidationFailed(N_("Mục đích xử lý dữ liệu không tồn tại."), {"purpose": purpose})
    spec = PURPOSES[purpose]
    current = active_consent(session, user, purpose)
    if agreed and current is None:
        current = ConsentRecord(user_id=user.id, sme_id=user.sme_id, purpose=purpose, version=spec.version,
                                text=spec.text_in(lang), source=source, ip=ip)
        session.add(current)
        record_audit(session, user, "privacy.consent_given", "user", str(user.id),
                     data={"purpose": purpose, "version": spec.version})
    elif not agreed and current is not None:
        current.withdrawn_at = utcnow()
        record_audit(session, user, "privacy.consent_withdrawn", "user", str(user.id),
                     data={"purpose": purpose})
        current = None
    if purpose == CONTACT_BY_VENDORS.code and user.sme_id:
        session.get(Sme, user.sme_id).contact_consent = current is not None
    session.flush()
    return current


def set_contact_consent(session: Session, user: User, agreed: bool, *, source: str,
                        ip: str | None = None, lang: str = "vi") -> ConsentRecord | None:
    """The SME user's consent to be contacted by vendors (profile form, privacy page)."""
    return set_consent(session, user, CONTACT_BY_VENDORS.code, agreed, source=source, ip=ip, lang=lang)
