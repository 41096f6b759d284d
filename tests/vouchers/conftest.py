"""A published programme, an eligible SME, a vendor's product in the current catalog edition, an officer."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

import pytest

from catalog.services import publish_edition
from contracts import services as contracts
from contracts.terms import Terms
from core.db import utcnow
from core.formatting import to_vn
from vouchers import services
from vouchers.services import ProgrammeInput

_ids = itertools.count(1)


def today() -> date:
    return to_vn(utcnow()).date()


@dataclass
class Scheme:
    officer: object
    sme_user: object
    vendor_user: object
    listing: object
    programme: object


def make_programme(session, officer, **over):
    data = {
        "name": "Hỗ trợ chuyển đổi số DNNVV Hà Nội",
        "opens_on": date(today().year, 1, 1),
        "closes_on": date(today().year + 1, 12, 31),
        "budget_vnd": 1_000_000_000,
        "province": "Hà Nội",
        "categories": ("e_invoice", "accounting"),
        **over,
    }
    programme = services.create_programme(session, officer, ProgrammeInput(**data))
    return services.publish_programme(session, officer, programme.id)


@pytest.fixture
def scheme(session, factory):
    officer = factory.user("officer")
    sme = factory.sme(size="small", readiness_level=2, province="Hà Nội")
    sme_user = factory.user("sme", sme_id=sme.id)
    vendor_user = factory.user("vendor")
    listing = factory.listing(
        "published",
        vendor_id=vendor_user.vendor_id,
        categories=["e_invoice"],
        pricing_models=[
            {"type": "subscription"},
            {"type": "one_time", "price_vnd": 9_000_000},
            {"type": "co_investment", "vendor_share_pct": 40},
        ],
    )
    publish_edition(session, officer, "QĐ-01/2026", date(2026, 1, 5))
    programme = make_programme(session, officer)
    session.commit()
    return Scheme(officer, sme_user, vendor_user, listing, programme)


@pytest.fixture
def voucher_for(session, scheme):
    """voucher_for(value, months, pricing_type) -> an issued voucher of the scheme's SME for its product."""

    def make(value_vnd: int = 24_000_000, months: int | None = 12, pricing_type: str = "subscription"):
        application = services.apply(
            session,
            scheme.sme_user,
            scheme.programme.id,
            scheme.listing.id,
            pricing_type,
            value_vnd,
            months,
            today(),
        )
        return services.approve(session, scheme.officer, application.id, "Đủ điều kiện", today())

    return make


@pytest.fixture
def signed_with_voucher(session, scheme):
    """signed_with_voucher(terms) -> the contract for the scheme's product, agreed and signed by both."""

    def make(terms: Terms):
        contract = contracts.request_offer(
            session,
            scheme.sme_user,
            scheme.listing.id,
            terms.pricing.type,
            "Cần báo giá",
            f"c-v-{next(_ids)}",
        )
        offer = contracts.propose(session, scheme.vendor_user, contract.id, 1, terms, "Báo giá")
        contracts.accept(session, scheme.sme_user, contract.id, offer.round)
        for user in (scheme.sme_user, scheme.vendor_user):
            contracts.sign(
                session, user, contract.id, contract.terms_digest, ip="127.0.0.1", user_agent="test"
            )
        return contract

    return make
