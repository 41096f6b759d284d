"""One small world for the route-level security tests: two vendors, two SMEs, staff, and objects
owned by the first vendor and the first SME ("own" objects; the "other_*" roles must not reach them).

`build_world` runs once per backend; `FRESH` builders make a new object for each check of a
state-changing route, so that one route's POST never changes what another route is checked against.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from catalog.product import Pricing
from catalog.services import publish_edition
from marketplace.auth.models import User
from marketplace.privacy.consent import set_contact_consent
from marketplace.privacy.requests import submit_request
from tests.factories import Factory
from tests.payments.builders import due_instalment, paid_attempt, signed_contract

ROLES = ("anonymous", "sme", "other_sme", "vendor", "other_vendor", "officer", "admin")


@dataclass
class World:
    users: dict[str, User]  # role -> user (no entry for anonymous)
    keys: dict[str, object] = field(default_factory=dict)  # world key -> id used in URLs


def build_world(session: Session, factory: Factory) -> World:
    vendor, other_vendor = factory.vendor(), factory.vendor()
    sme = factory.sme(contact_person="Nguyễn Thị Hoa", contact_phone="0901234567",
                      contact_email="hoa@example.vn")
    other_sme = factory.sme(contact_person="Lê Văn Kín", contact_phone="0987000111",
                            contact_email="kin@example.vn")  # never agrees to be contacted
    users = {
        "sme": factory.user("sme", sme_id=sme.id),
        "other_sme": factory.user("sme", sme_id=other_sme.id),
        "vendor": factory.user("vendor", vendor_id=vendor.id),
        "other_vendor": factory.user("vendor", vendor_id=other_vendor.id),
        "officer": factory.user("officer"),
        "admin": factory.user("admin"),
    }
    world = World(users=users)
    world.keys.update({
        "vendor": vendor.id, "other_vendor": other_vendor.id, "sme": sme.id, "other_sme": other_sme.id,
        "listing.published": factory.listing("published", vendor_id=vendor.id).id,
        "listing.draft": factory.listing("draft", vendor_id=vendor.id).id,
        "listing.submitted": factory.listing("submitted", vendor_id=vendor.id).id,
    })
    publish_edition(session, users["officer"], "1/QĐ-SKHCN", date(2026, 3, 1))
    world.keys["listing.published_later"] = factory.listing("published", vendor_id=other_vendor.id).id
    world.keys["edition"] = 1
    latest = publish_edition(session, users["officer"], "2/QĐ-SKHCN", date(2026, 6, 1))
    world.keys["edition.latest"] = latest.number
    set_contact_consent(session, users["sme"], True, source="test")
    world.keys["contract"] = signed_contract(session, sme.id, world.keys["listing.published"], vendor.id).id
    world.keys["contract.agreed"] = _agreed_and_signed(session, users, world.keys["listing.published"])
    session.commit()
    return world


def _agreed_and_signed(session: Session, users: dict[str, User], listing_id: str) -> str:
    """A contract made through the contract services (request, offer, accept, both signatures)."""
    from contracts import services
    from contracts.terms import Terms

    contract = services.request_offer(session, users["sme"], listing_id, "subscription", None,
                                      "hd-world-agreed")
    offer = services.propose(session, users["vendor"], contract.id, 1,
                             Terms(Pricing("subscription"), 1_800_000, date(2026, 7, 1), 12))
    services.accept(session, users["sme"], contract.id, offer.round)
    for side in ("sme", "vendor"):
        services.sign(session, users[side], contract.id, contract.terms_digest, ip="127.0.0.1",
                      user_agent="test")
    return contract.id


def _privacy_request(session: Session, factory: Factory, world: World) -> int:
    return submit_request(session, world.users["sme"], "correct", "Sửa số điện thoại").id


# Builders of a new object per check; they return the id to put in the URL.
FRESH: dict[str, Callable[[Session, Factory, World], object]] = {
    "privacy_request": _privacy_request,
    "listing.draft": lambda s, f, w: f.listing("draft", vendor_id=w.keys["vendor"]).id,
    "listing.submitted": lambda s, f, w: f.listing("submitted", vendor_id=w.keys["vendor"]).id,
    "listing.published": lambda s, f, w: f.listing("published", vendor_id=w.keys["vendor"]).id,
    "instalment": lambda s, f, w: due_instalment(s, w.keys["sme"], w.keys["listing.published"],
                                                 w.keys["vendor"]),
    "payment": lambda s, f, w: paid_attempt(s, w.keys["sme"], w.keys["listing.published"], w.keys["vendor"]),
}
