"""Journey 3: an SME registers, takes the readiness self-assessment, fills its profile, sees ranked
offers with reasons, searches as phone users type (no diacritics, a typo) and requests an offer."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import register_sme, request_offer, search_catalog, unique_email
from tests.e2e.ui import check_page

pytestmark = pytest.mark.e2e
JOURNEY = "3-sme-offers"


def take_assessment(page) -> None:
    page.goto("/sme/readiness")
    check_page(page, JOURNEY, "readiness")
    questions = page.locator("form .field")
    for index in range(questions.count()):
        questions.nth(index).locator("label.check").nth(1).click()  # the second answer everywhere
    page.get_by_role("button", name="Xem kết quả").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã ghi nhận kết quả tự đánh giá")
    expect(page.locator("main table")).to_contain_text("Trải nghiệm khách hàng")  # one row per pillar
    check_page(page, JOURNEY, "readiness-result")


def fill_profile(page) -> None:
    page.goto("/sme/profile")
    page.fill("#employees", "8")
    page.fill("#annual_revenue_vnd", "2400000000")
    page.get_by_label("Hóa đơn điện tử").check()
    page.get_by_label("Kế toán điện tử").check()
    page.fill("#problem", "Quan cafe nho, can xuat hoa don dien tu va ghi so sach ke toan, dang dung so tay.")
    page.fill("#monthly_budget_vnd", "500.000")
    page.fill("#contact_person", "Nguyễn Thu Hà")
    page.fill("#contact_phone", "0912 345 678")
    check_page(page, JOURNEY, "profile")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã lưu hồ sơ doanh nghiệp")
    # Consent to be contacted is given on its own, on the profile page's consent card.
    page.goto("/sme/profile")
    page.locator("#consent-contact_by_vendors").get_by_role("button", name="Tôi đồng ý").click()
    expect(page).to_have_url(re.compile(r"/sme/profile$"))
    expect(page.locator("#consent-contact_by_vendors")).to_contain_text("Đang đồng ý")
    page.goto("/sme/")


def test_sme_assesses_itself_gets_ranked_offers_with_reasons_searches_and_requests_an_offer(page):
    register_sme(page, JOURNEY, unique_email("ha", "cafe-gio.vn"), "Quán cà phê Gió Hồ Tây")
    take_assessment(page)
    fill_profile(page)

    # Ranked offers with reasons, on the dashboard.
    expect(page).to_have_url(re.compile(r"/sme/$"))
    matches = page.locator("article.match")
    expect(matches.first).to_be_visible()
    assert matches.count() >= 3
    scores = [int(re.search(r"(\d+)/100", text).group(1)) for text in matches.locator("p").all_inner_texts()
              if "/100" in text]
    assert scores == sorted(scores, reverse=True), f"offers not ranked best first: {scores}"
    for index in range(min(matches.count(), 3)):
        assert matches.nth(index).locator(".reasons li").count() >= 2, "each offer says why it fits"
    top_three = " ".join(matches.locator("h3").all_inner_texts()[:3])
    assert re.search(r"Hóa đơn|HĐĐT|eHĐ|Kế toán|Sổ sách|Thu Chi", top_three), top_three
    check_page(page, JOURNEY, "dashboard-matches")

    # Searching as typed on a phone: no diacritics, and one typo ("caffe").
    invoices = search_catalog(page, "hoa don dien tu")
    assert invoices and all(re.search(r"Hóa đơn|HĐĐT|eHĐ|Invoice", name) for name in invoices[:3]), invoices
    check_page(page, JOURNEY, "search-invoice")
    accounting = search_catalog(page, "phan mem ke toan cho quan caffe")
    assert any("Kế toán" in name for name in accounting[:3]), accounting
    check_page(page, JOURNEY, "search-accounting")

    # Request an offer from the product page.
    page.locator("#catalog-results article h2 a", has_text="Kế toán").first.click()
    check_page(page, JOURNEY, "product")
    expect(page.locator("main").get_by_role("link", name="Yêu cầu báo giá")).to_be_visible()
    request_offer(page, JOURNEY, "Quán 8 nhân viên, cần dùng thử trước khi trả phí.")
