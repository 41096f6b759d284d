"""Personal data and contracts: contact data after signing, and erasure that keeps contracts counted."""

import sqlalchemy as sa

from privacy.visibility import vendor_may_see_contact
from tests.conftest import login
from tests.security.test_privacy import _sme_user


def _signed_through_the_contract_services(session, factory, sme_user, vendor_user):
    """A contract requested, offered, accepted and signed by both sides, as the pages do it."""
    from datetime import date

    from catalog.product import Pricing
    from contracts import services
    from contracts.terms import Terms

    listing = factory.listing("published", vendor_id=vendor_user.vendor_id)
    contract = services.request_offer(session, sme_user, listing.id, "subscription", None, "hd-privacy-1")
    offer = services.propose(session, vendor_user, contract.id, 1,
                             Terms(Pricing("subscription"), 1_800_000, date(2026, 2, 1), 12))
    services.accept(session, sme_user, contract.id, offer.round)
    for signer in (sme_user, vendor_user):
        services.sign(session, signer, contract.id, contract.terms_digest, ip="203.0.113.7",
                      user_agent="Mozilla/5.0 (Android)")
    session.commit()
    return contract


def test_vendor_sees_contact_data_after_signing_with_that_sme_only(factory, session):
    user, sme = _sme_user(factory, session)
    vendor_member, stranger = factory.user("vendor"), factory.user("vendor")
    _signed_through_the_contract_services(session, factory, user, vendor_member)
    assert sme.contact_consent is False
    assert vendor_may_see_contact(session, vendor_member.vendor_id, sme)
    assert not vendor_may_see_contact(session, stranger.vendor_id, sme)


def test_erasure_keeps_a_signed_contract_counted_without_personal_fields(factory, session):
    from contracts.models import Contract, ContractSignature
    from core.audit import AuditEntry
    from privacy.requests import erase_personal_data

    user, sme = _sme_user(factory, session)
    vendor_member, officer = factory.user("vendor"), factory.user("officer")
    contract = _signed_through_the_contract_services(session, factory, user, vendor_member)
    counted = session.get(Contract, contract.id).counted_day
    assert counted is not None

    erase_personal_data(session, user, officer)
    session.commit()
    session.expire_all()
    kept = session.get(Contract, contract.id)
    assert (kept.counted_day, kept.sme_id, kept.terms_digest) == (counted, sme.id, contract.terms_digest)
    signature = session.scalars(sa.select(ContractSignature)
                                .where(ContractSignature.user_id == user.id)).one()
    assert (signature.signer_name, signature.ip, signature.user_agent) == ("", None, None)
    assert signature.signed_at is not None and signature.digest == contract.terms_digest
    entries = session.scalars(sa.select(AuditEntry).where(AuditEntry.actor_id == user.id)).all()
    assert entries and all("@" not in e.actor_label and "ip" not in (e.data or {}) for e in entries)


def test_the_contract_page_shows_the_sme_contact_to_its_vendor_only_once_both_signed(app, factory, session):
    from contracts import services

    user, sme = _sme_user(factory, session)
    vendor_member = factory.user("vendor")
    listing = factory.listing("published", vendor_id=vendor_member.vendor_id)
    requested = services.request_offer(session, user, listing.id, "subscription", None, "hd-privacy-0")
    session.commit()
    client = app.test_client()
    login(client, vendor_member)
    page = client.get(f"/contracts/{requested.id}").get_data(as_text=True)
    assert "0912345678" not in page  # a request alone, and no consent: no contact data

    signed = _signed_through_the_contract_services(session, factory, user, vendor_member)
    page = client.get(f"/contracts/{signed.id}").get_data(as_text=True)
    assert "Trần Thị Lan · 0912345678 · lan@cafe-gio.vn" in page
