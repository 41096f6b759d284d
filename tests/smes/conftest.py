"""Data for the SME pages, API and commands: a small published catalog and SMEs."""

from __future__ import annotations

import pytest

from tests.factories import Factory


def catalog(factory: Factory) -> dict:
    """Three published products of two vendors: e-invoices for all, POS for trade, HRM for factories."""
    first, second = factory.vendor(id="v-an"), factory.vendor(id="v-binh")
    return {
        "invoice": factory.listing(
            "published", id="p-invoice", vendor_id=first.id, name="Hóa đơn điện tử An"
        ),
        "pos": factory.listing(
            "published",
            id="p-pos",
            vendor_id=first.id,
            name="POS Bán lẻ An",
            categories=["sales_pos", "inventory_logistics"],
            sectors=["trade"],
            summary="Phần mềm bán hàng và quản lý kho cho cửa hàng.",
        ),
        "hrm": factory.listing(
            "published",
            id="p-hrm",
            vendor_id=second.id,
            name="Chấm công Bình",
            categories=["hrm"],
            sectors=["manufacturing"],
            summary="Chấm công, tính lương.",
        ),
        "draft": factory.listing("draft", id="p-draft", vendor_id=second.id, name="Bản nháp"),
    }


@pytest.fixture
def shop(factory, session):
    """The published catalog and a trade SME that needs a POS, logged in as its user."""
    listings = catalog(factory)
    sme = factory.sme(
        id="s-shop",
        name="Cửa hàng Thu Hà",
        sector="trade",
        employees=3,
        annual_revenue_vnd=1_500_000_000,
        readiness_level=1,
        monthly_budget_vnd=500_000,
        needs=[],
        problem="ban le, ton kho ghi so hay lech, muon phan mem ban hang",
    )
    user = factory.user("sme", sme_id=sme.id)
    session.commit()
    return listings, sme, user
