"""Journey 1: a vendor registers with its documents, creates a listing with two pricing models, waits for
an officer to vet its documents (the draft cannot be submitted until then, and the page says why), and
submits it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import (
    create_listing,
    log_in_demo,
    register_vendor,
    submit_listing,
    unique_email,
    vet_vendor,
)
from tests.e2e.ui import check_page

pytestmark = pytest.mark.e2e
JOURNEY = "1-vendor-listing"
COMPANY = "Công ty TNHH Phần mềm Hoa Sen"


def test_vendor_registers_creates_a_listing_with_two_pricing_models_and_submits_it(open_page):
    page, officer = open_page(), open_page()
    register_vendor(page, JOURNEY, unique_email("duc", "hoasen-soft.vn"), COMPANY)
    expect(page.locator("#vetting-notice")).to_contain_text("đang chờ cán bộ Sở duyệt")
    check_page(page, JOURNEY, "dashboard")

    listing_url = create_listing(page, JOURNEY, "Hoa Sen eInvoice")
    assert re.search(r"/vendor/listings/[^/]+$", listing_url)
    expect(page.locator("h1")).to_have_text("Hoa Sen eInvoice")
    details = page.locator("main")
    expect(details).to_contain_text("Thuê bao")
    expect(details).to_contain_text("Dùng trước - trả sau")
    expect(details).to_contain_text("150.000 ₫")
    expect(page.locator(".badge.status-draft")).to_have_text("Bản nháp")
    # Not vetted yet: a draft, no submission, and why.
    expect(page.get_by_role("button", name="Gửi thẩm định")).to_have_count(0)
    expect(page.locator("#vetting-notice")).to_contain_text("Hồ sơ nhà cung cấp đang chờ cán bộ Sở duyệt")
    check_page(page, JOURNEY, "listing-draft")

    log_in_demo(officer, "officer")
    vet_vendor(officer, JOURNEY, COMPANY)

    page.goto(listing_url)
    expect(page.locator("#vetting-notice")).to_have_count(0)
    submit_listing(page)
    check_page(page, JOURNEY, "listing-submitted")
    page.goto("/vendor/")
    expect(page.locator("main")).to_contain_text("Hoa Sen eInvoice")
    expect(page.locator("main")).to_contain_text("Chờ thẩm định")
