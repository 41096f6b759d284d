"""Journey 2: an officer vets a new vendor's documents, reviews its submitted listing, requests a change,
approves the revised version and publishes a new edition of the official catalog."""

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
JOURNEY = "2-officer-review"
NAME = "Sông Hồng Kế toán Cloud"


def test_officer_requests_a_change_approves_the_revision_and_publishes_an_edition(open_page):
    vendor, officer = open_page(), open_page()
    register_vendor(vendor, JOURNEY, unique_email("lan", "songhong.vn"), "Công ty CP Công nghệ Sông Hồng")
    listing_url = create_listing(vendor, JOURNEY, NAME)

    log_in_demo(officer, "officer")
    vet_vendor(officer, JOURNEY, "Công ty CP Công nghệ Sông Hồng")
    vendor.goto(listing_url)
    submit_listing(vendor)

    officer.goto("/officer/review")
    check_page(officer, JOURNEY, "review-queue")
    officer.get_by_role("link", name=NAME).click()
    check_page(officer, JOURNEY, "review")
    officer.fill("#reason", "Bổ sung mô tả chi tiết: cách ký số và gửi hóa đơn qua Zalo.")
    officer.get_by_role("button", name="Yêu cầu chỉnh sửa").click()
    expect(officer.locator(".flash-success")).to_contain_text("Yêu cầu chỉnh sửa")

    vendor.goto(listing_url)
    expect(vendor.locator(".flash-warning")).to_contain_text("Bổ sung mô tả chi tiết")
    expect(vendor.locator("main .badge").first).to_have_text("Cần chỉnh sửa")
    check_page(vendor, JOURNEY, "changes-requested")
    vendor.get_by_role("link", name="Sửa").click()
    vendor.fill("#description", "Ký số bằng USB token hoặc ký số từ xa; gửi hóa đơn qua Zalo OA và email.")
    vendor.get_by_role("button", name="Lưu").click()
    submit_listing(vendor)

    officer.goto("/officer/review")
    officer.get_by_role("link", name=NAME).click()
    expect(officer.locator("main")).to_contain_text("Ký số bằng USB token")
    officer.get_by_role("button", name="Phê duyệt").click()
    expect(officer.locator(".flash-success")).to_contain_text("Phê duyệt")

    officer.goto("/officer/editions/new")
    check_page(officer, JOURNEY, "new-edition")
    expect(officer.locator("main")).to_contain_text(NAME)  # the preview lists what the edition adds
    officer.fill("#decision_number", "215/QĐ-SKHCN")
    officer.fill("#decision_date", "20/11/2026")
    officer.fill("#note", "Bổ sung sản phẩm hóa đơn điện tử, kế toán.")
    officer.get_by_role("button", name="Công bố ấn bản").click()
    expect(officer).to_have_url(re.compile(r"/editions/\d+$"))
    expect(officer.locator(".flash-success")).to_contain_text("Đã công bố ấn bản")
    expect(officer.locator("main")).to_contain_text("215/QĐ-SKHCN")
    expect(officer.locator("main table")).to_contain_text(NAME)
    check_page(officer, JOURNEY, "edition")

    officer.get_by_role("link", name=NAME).click()
    expect(officer.locator("main")).to_contain_text("Danh mục chính thức")
    check_page(officer, JOURNEY, "public-product")
