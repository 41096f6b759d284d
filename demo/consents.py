"""Demo SMEs that agreed to be contacted by vendors, with their contact person, so that a vendor's
leads page (/vendor/leads/) is not empty in the demo. Each consent is recorded through privacy.consent,
as a real one is, with source "demo"."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.models import User
from accounts.passwords import Passwords
from accounts.services import create_user
from matching.service import TOP_DEFAULT, all_smes, matches_for_all
from privacy.consent import set_contact_consent
from privacy.models import ConsentRecord

DEMO_SOURCE = "demo"
# How many SMEs consent: those with one of the demo vendor's products among their best offers first.
CONSENTING = 12
CONTACT_NAMES = (
    "Nguyễn Văn An", "Trần Thị Bích", "Lê Hoàng Cường", "Phạm Thu Dung", "Hoàng Minh Đức", "Vũ Thị Hà",
    "Đặng Quốc Huy", "Bùi Thanh Lan", "Đỗ Văn Long", "Ngô Thị Mai", "Dương Văn Nam", "Lý Thị Oanh",
)


def consent_demo_smes(session: Session, passwords: Passwords, vendor_id: str | None,
                      keep_out: set[str] = frozenset()) -> list[str]:
    """Once: up to CONSENTING demo SMEs (none of `keep_out`, e.g. the demo SME login's own, whose
    consent is for the person trying the demo to give) get a contact person and consent to be contacted.
    Returns their ids."""
    if session.scalar(select(ConsentRecord.id).where(ConsentRecord.source == DEMO_SOURCE).limit(1)):
        return []
    smes = [s for s in all_smes(session) if s.id not in keep_out and not s.contact_consent]
    ranked = matches_for_all(session, smes, TOP_DEFAULT)
    fits = {sme.id for sme, matches in ranked if any(m.offer.vendor_id == vendor_id for m in matches)}
    chosen = sorted(smes, key=lambda s: (s.id not in fits, s.id))[:CONSENTING]
    for number, sme in enumerate(chosen):
        email = f"lienhe.{sme.id}@demo.vn"
        sme.contact_person = sme.contact_person or CONTACT_NAMES[number % len(CONTACT_NAMES)]
        sme.contact_phone = sme.contact_phone or f"0900 000 {number + 101:03d}"
        sme.contact_email = sme.contact_email or email
        user = session.scalar(select(User).where(User.sme_id == sme.id).order_by(User.id).limit(1))
        if user is None:
            # The contact person's account: it exists to hold the consent; nobody is told its password.
            user = create_user(session, passwords, email=email, password=secrets.token_urlsafe(24),
                               full_name=sme.contact_person, role="sme", sme_id=sme.id)
        set_contact_consent(session, user, True, source=DEMO_SOURCE)
    return [s.id for s in chosen]
