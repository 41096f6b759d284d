"""Steps the journeys share, done as a person would in the browser."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from catalog.demo import DEMO_ACCOUNTS
from tests.e2e.ui import check_page

PASSWORD = "Hoa-Sen-2026!"


def unique_email(name: str, domain: str) -> str:
    return f"{name}.{uuid.uuid4().hex[:8]}@{domain}"


def log_in(page, email: str, password: str) -> None:
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator(".flash-success")).to_contain_text("Đăng nhập thành công")


def log_in_demo(page, role: str) -> None:
    email, password, _what = DEMO_ACCOUNTS[role]
    log_in(page, email, password)


def register_vendor(page, journey: str, email: str, company: str) -> None:
    page.goto("/register/vendor")
    check_page(page, journey, "vendor-register")
    page.fill("#vendor_name", company)
    page.fill("#tax_code", "0109876543")
    page.fill("#province", "Hà Nội")
    page.fill("#full_name", "Phạm Minh Đức")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()
    expect(page).to_have_url(re.compile(r"/vendor/$"))


def create_listing(page, journey: str, name: str) -> str:
    """A listing with two pricing models (subscription; use first, pay later); returns its URL."""
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
    check_page(page, journey, "listing-form")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã lưu bản nháp")
    return page.url


def submit_listing(page) -> None:
    page.get_by_role("button", name="Gửi thẩm định").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã gửi thẩm định")
    expect(page.locator(".badge.status-submitted").first).to_have_text("Chờ thẩm định")


def register_sme(page, journey: str, email: str, company: str, sector: str = "tourism") -> None:
    page.goto("/register/sme")
    check_page(page, journey, "sme-register")
    page.fill("#sme_name", company)
    page.fill("#tax_code", "0312345678")
    page.select_option("#sector", sector)
    page.fill("#province", "Hà Nội")
    page.fill("#full_name", "Nguyễn Thu Hà")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()
    expect(page).to_have_url(re.compile(r"/sme/$"))


def search_catalog(page, query: str) -> list[str]:
    """Type a query in the catalog's search box as a phone user would; the names of the results shown."""
    page.goto("/")
    page.fill("#catalog-q", query)
    with page.expect_navigation():
        page.press("#catalog-q", "Enter")
    expect(page.locator("#catalog-q")).to_have_value(query)
    return page.locator("#catalog-results article h2").all_inner_texts()


def request_offer(page, journey: str, note: str) -> str:
    """From a product page: ask its vendor for an offer under the first pricing model; the contract URL."""
    page.locator("main").get_by_role("link", name="Yêu cầu báo giá").click()
    check_page(page, journey, "request-offer")
    page.fill("#note", note)
    page.get_by_role("button", name="Gửi yêu cầu").click()
    expect(page).to_have_url(re.compile(r"/contracts/[^/]+$"))
    expect(page.locator(".flash-success")).to_be_visible()
    return page.url
