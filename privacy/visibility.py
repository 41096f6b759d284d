"""Who may see an SME's personal contact data (contact person, phone, email).

One rule for every page and API: a vendor sees them only if the SME agreed to be contacted by
vendors (consent purpose "contact_by_vendors", mirrored by Sme.contact_consent) or has signed a
contract with that vendor. Officers and the SME itself always see them. Pages ask through the
template global `may_see_contact(sme)` (privacy/views.py): the vendors' leads, the contract page.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from contracts.models import Contract
from smes.models import Sme


def signed_with(session: Session, vendor_id: str, sme_id: str) -> bool:
    """Whether the SME and the vendor have a contract that both sides signed."""
    return session.scalar(select(exists().where(
        Contract.sme_id == sme_id, Contract.vendor_id == vendor_id,
        Contract.sme_signed_at.is_not(None), Contract.vendor_signed_at.is_not(None)))) or False


def vendor_may_see_contact(session: Session, vendor_id: str | None, sme: Sme) -> bool:
    """True if members of `vendor_id` may see `sme`'s contact person, phone and email."""
    if not vendor_id:
        return False
    return bool(sme.contact_consent) or signed_with(session, vendor_id, sme.id)


def user_may_see_contact(session: Session, user, sme: Sme) -> bool:
    """The same rule for any logged-in user (templates call this with current_user)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_officer or (user.role == "sme" and user.sme_id == sme.id):
        return True
    return user.role == "vendor" and vendor_may_see_contact(session, user.vendor_id, sme)
