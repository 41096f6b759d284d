"""Personal data in the browser: consent given and withdrawn with one click each, a copy of one's
data downloaded as JSON, a deletion request tracked by the officers with its legal due date."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import log_in_demo, register_sme, unique_email
from tests.e2e.ui import check_page

pytestmark = pytest.mark.e2e
JOURNEY = "privacy"


def test_sme_controls_consent_downloads_its_data_and_asks_for_deletion(open_page):
    sme, officer = open_page(), open_page()
    email = unique_email("binh", "tiemtra.vn")
    register_sme(sme, JOURNEY, email, "Tiệm trà Bình Minh")

    sme.goto("/privacy")
    check_page(sme, JOURNEY, "privacy")
    sme.get_by_role("button", name="Tôi đồng ý").click()
    expect(sme.locator(".flash-success")).to_contain_text("Đã ghi nhận sự đồng ý")
    expect(sme.locator("#consent-contact_by_vendors")).to_contain_text("Đang đồng ý")
    sme.get_by_role("button", name="Rút lại đồng ý").click()
    expect(sme.locator(".flash-success")).to_contain_text("Đã rút lại sự đồng ý")
    expect(sme.locator("#consent-contact_by_vendors")).to_contain_text("Chưa đồng ý")

    with sme.expect_download() as download:
        sme.get_by_role("button", name="Tải dữ liệu của tôi (JSON)").click()
    data = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert data["account"]["email"] == email
    assert [c["withdrawn_at"] is not None for c in data["consents"]] == [True]

    sme.select_option("#kind", "delete")
    sme.fill("#details", "Quán đã đóng cửa, xin xóa dữ liệu.")
    sme.get_by_role("button", name="Gửi yêu cầu").click()
    expect(sme.locator(".flash-success")).to_contain_text("Đã nhận yêu cầu")
    expect(sme.locator("main")).to_contain_text("Xóa dữ liệu")

    log_in_demo(officer, "officer")
    officer.goto("/officer/privacy-requests")
    request = officer.locator("section.privacy-request", has_text=email).filter(has_text="Xóa dữ liệu")
    expect(request).to_contain_text("hạn hoàn tất")
    check_page(officer, JOURNEY, "officer-requests")
    request.get_by_role("button", name="Xóa dữ liệu và hoàn tất").click()
    expect(officer.locator(".flash-success")).to_contain_text("Đã cập nhật yêu cầu")

    sme.goto("/sme/")
    expect(sme).to_have_url(re.compile(r"/login"))  # the erased account is logged out
