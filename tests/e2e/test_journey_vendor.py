"""Journey 1: a vendor registers, creates a listing with two pricing models and submits it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import create_listing, register_vendor, submit_listing, unique_email
from tests.e2e.ui import check_page

pytestmark = pytest.mark.e2e
JOURNEY = "1-vendor-listing"


def test_vendor_registers_creates_a_listing_with_two_pricing_models_and_submits_it(page):
    register_vendor(page, JOURNEY, unique_email("duc", "hoasen-soft.vn"), "Công ty TNHH Phần mềm Hoa Sen")
    check_page(page, JOURNEY, "dashboard")

    listing_url = create_listing(page, JOURNEY, "Hoa Sen eInvoice")
    assert re.search(r"/vendor/listings/[^/]+$", listing_url)
    expect(page.locator("h1")).to_have_text("Hoa Sen eInvoice")
    details = page.locator("main")
    expect(details).to_contain_text("Thuê bao")
    expect(details).to_contain_text("Dùng trước - trả sau")
    expect(details).to_contain_text("150.000 ₫")
    expect(page.locator(".badge.status-draft")).to_have_text("Bản nháp")
    check_page(page, JOURNEY, "listing-draft")

    submit_listing(page)
    check_page(page, JOURNEY, "listing-submitted")
    page.goto("/vendor/")
    expect(page.locator("main")).to_contain_text("Hoa Sen eInvoice")
    expect(page.locator("main")).to_contain_text("Chờ thẩm định")
