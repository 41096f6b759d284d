"""Journey 1: a vendor registers, creates a listing with two pricing models and submits it."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.ui import check_page

pytestmark = pytest.mark.e2e
JOURNEY = "1-vendor-listing"
PASSWORD = "Hoa-Sen-2026!"


def register_vendor(page, email: str, company: str) -> None:
    page.goto("/register/vendor")
    check_page(page, JOURNEY, "register")
    page.fill("#vendor_name", company)
    page.fill("#tax_code", "0109876543")
    page.fill("#province", "Hà Nội")
    page.fill("#full_name", "Phạm Minh Đức")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()
    expect(page).to_have_url(re.compile(r"/vendor/$"))


def create_listing(page, name: str) -> str:
    """Fill the listing form with two pricing models; returns the new listing's URL."""
    page.goto("/vendor/listings/new")
    page.fill("#name", name)
    page.fill("#summary", "Xuất hóa đơn điện tử theo Nghị định 123/2020/NĐ-CP, ký số và gửi khách qua Zalo.")
    page.get_by_label("Hóa đơn điện tử").check()
    page.get_by_label("Phù hợp mọi ngành nghề").check()
    page.fill("#price_monthly_vnd", "150.000")
    page.select_option("#pricing_models-0-type", "subscription")
    page.select_option("#pricing_models-1-type", "use_first_pay_later")
    page.fill("#pricing_models-1-free_months", "3")
    page.fill("#integrations", "zalo, misa")
    check_page(page, JOURNEY, "listing-form")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã lưu bản nháp")
    return page.url


def test_vendor_registers_creates_a_listing_with_two_pricing_models_and_submits_it(page):
    email = f"duc.{uuid.uuid4().hex[:8]}@hoasen-soft.vn"
    register_vendor(page, email, "Công ty TNHH Phần mềm Hoa Sen")
    check_page(page, JOURNEY, "dashboard")

    listing_url = create_listing(page, "Hoa Sen eInvoice")
    assert re.search(r"/vendor/listings/[^/]+$", listing_url)
    expect(page.locator("h1")).to_have_text("Hoa Sen eInvoice")
    details = page.locator("main")
    expect(details).to_contain_text("Thuê bao")
    expect(details).to_contain_text("Dùng trước - trả sau")
    expect(details).to_contain_text("150.000 ₫")
    expect(page.locator(".badge.status-draft")).to_have_text("Bản nháp")
    check_page(page, JOURNEY, "listing-draft")

    page.get_by_role("button", name="Gửi thẩm định").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã gửi thẩm định")
    expect(page.locator(".badge.status-submitted")).to_have_text("Chờ thẩm định")
    check_page(page, JOURNEY, "listing-submitted")

    page.goto("/vendor/")
    expect(page.locator("main")).to_contain_text("Hoa Sen eInvoice")
    expect(page.locator("main")).to_contain_text("Chờ thẩm định")
