"""Parties and contracts brought to a given stage through the contract services, as the pages do it."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

import pytest

from catalog.product import Pricing
from contracts import services
from contracts.terms import Terms

_ids = itertools.count(1)
TERMS = Terms(Pricing("subscription"), 1_800_000, date(2026, 7, 1), 12)


@dataclass
class Parties:
    sme_user: object
    vendor_user: object
    listing: object


@pytest.fixture
def parties(factory):
    sme_user, vendor_user = factory.user("sme"), factory.user("vendor")
    listing = factory.listing(
        "published",
        vendor_id=vendor_user.vendor_id,
        categories=["e_invoice", "accounting"],
        pricing_models=[{"type": "subscription"}, {"type": "one_time", "price_vnd": 9_000_000}],
    )
    return Parties(sme_user, vendor_user, listing)


@pytest.fixture
def agreed(session, parties):
    """agreed(terms=TERMS) -> a contract awaiting signatures (requested, offered by the vendor, accepted)."""

    def make(terms: Terms = TERMS, who: Parties = parties):
        contract = services.request_offer(
            session, who.sme_user, who.listing.id, terms.pricing.type, "Cần báo giá", f"c-test-{next(_ids)}"
        )
        offer = services.propose(session, who.vendor_user, contract.id, 1, terms, "Báo giá")
        services.accept(session, who.sme_user, contract.id, offer.round)
        return contract

    return make
