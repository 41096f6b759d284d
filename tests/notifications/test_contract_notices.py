"""Each step of a contract tells the other side, in the app and by mail, in the reader's language."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from catalog.product import Pricing
from contracts import services
from contracts.terms import Terms
from core import transaction
from notifications.models import Notification
from tests.factories import Factory


def _events_of(session, user) -> list[str]:
    return list(session.scalars(select(Notification.event).where(Notification.user_id == user.id)
                                .order_by(Notification.id)))


def test_the_negotiation_and_signing_tell_each_side_of_the_others_step(mail_session, mail_app, people,
                                                                       mailbox):
    factory = Factory(mail_session, mail_app.extensions["passwords"])
    vendor = factory.vendor(name="Công ty Phần mềm Sao Mai")
    sme = factory.sme(name="Quán phở Lan")
    seller = people("vendor", vendor_id=vendor.id, locale="en")
    buyer = people("sme", sme_id=sme.id)
    listing = factory.listing("published", vendor_id=vendor.id, name="Hóa đơn Sao Mai",
                              pricing_models=[{"type": "subscription"}])
    session = mail_session

    contract = services.request_offer(session, buyer, listing.id, "subscription", "Cần báo giá", "c-notice-1")
    transaction.commit(session)
    [asked] = mailbox.for_(seller.email)
    assert mailbox.subject(asked) == "Quán phở Lan asked for a quote for Hóa đơn Sao Mai"  # English reader
    assert f"/contracts/{contract.id}" in mailbox.text(asked)

    offer = services.propose(session, seller, contract.id, 1, Terms(Pricing("subscription"), 1_800_000,
                                                                     date(2026, 7, 1), 12), "Báo giá")
    transaction.commit(session)
    [offered] = mailbox.for_(buyer.email)
    assert mailbox.subject(offered) == "Công ty Phần mềm Sao Mai gửi đề nghị cho Hóa đơn Sao Mai"
    assert "1.800.000 ₫" in mailbox.text(offered)

    counter = services.propose(session, buyer, contract.id, offer.round,
                               Terms(Pricing("subscription"), 1_500_000, date(2026, 7, 1), 12), "Giảm giá")
    transaction.commit(session)
    services.accept(session, seller, contract.id, counter.round)
    transaction.commit(session)
    contract = session.get(type(contract), contract.id)
    services.sign(session, buyer, contract.id, contract.terms_digest, ip=None, user_agent=None)
    transaction.commit(session)
    services.sign(session, seller, contract.id, contract.terms_digest, ip=None, user_agent=None)
    transaction.commit(session)

    assert _events_of(session, seller) == ["contracts.quote_requested", "contracts.counter_offer",
                                           "contracts.signature_needed", "contracts.signed"]
    assert _events_of(session, buyer) == ["contracts.offer", "contracts.accepted", "contracts.signed"]
    assert len(mailbox.for_(seller.email)) == 4 and len(mailbox.for_(buyer.email)) == 3
    assert mailbox.subject(mailbox.for_(buyer.email)[1]) == (
        "Công ty Phần mềm Sao Mai đã chấp nhận đề nghị cho Hóa đơn Sao Mai")
