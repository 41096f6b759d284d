"""Journey 4: a vendor and an SME agree terms and both sign; the officers' dashboard counts one
more contract signed; the officer downloads the XLSX report and the number in it is the same."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from demo.accounts import DEMO_ACCOUNTS
from tests.e2e.steps import PASSWORD, log_in_demo, register_sme, request_offer, unique_email
from tests.e2e.ui import ARTIFACTS, check_page

pytestmark = pytest.mark.e2e
JOURNEY = "4-contract-signed"
PRODUCT = "/products/dp-01"  # An Phát eInvoice, sold by the demo vendor (dv-01)


def signed_count(officer) -> int:
    officer.goto("/officer/dashboard")
    text = officer.locator(".report-kpis .kpi").first.inner_text()
    return int(re.sub(r"\D", "", text.split("/")[0]))


def sign(page, password: str, name: str) -> None:
    page.get_by_label(re.compile("đồng ý", re.I)).check()
    page.fill("#password", password)
    check_page(page, JOURNEY, name)
    page.get_by_role("button", name="Ký hợp đồng").click()
    expect(page.locator(".flash-success")).to_be_visible()


def test_both_sides_sign_and_the_officers_count_and_report_go_up_by_one(open_page):
    sme, vendor, officer = open_page(), open_page(), open_page()
    log_in_demo(officer, "officer")
    assert officer.goto("/officer/dashboard").status == 200
    before = signed_count(officer)
    check_page(officer, JOURNEY, "dashboard-before")

    register_sme(sme, JOURNEY, unique_email("tuan", "banhmi-ngon.vn"), "Hộ kinh doanh Bánh mì Ngon")
    sme.goto(PRODUCT)
    expect(sme.locator("main").get_by_role("link", name="Yêu cầu báo giá")).to_be_visible()
    note = "Cần xuất hóa đơn cho khoảng 300 đơn mỗi tháng."
    contract_path = urlsplit(request_offer(sme, JOURNEY, note)).path

    log_in_demo(vendor, "vendor")
    vendor.goto(contract_path)
    check_page(vendor, JOURNEY, "vendor-offer")
    vendor.fill("#value_vnd", "1188000")
    vendor.fill("#start_date", "2026-12-01")
    vendor.fill("#months", "12")
    vendor.get_by_role("button", name="Gửi đề nghị").click()
    expect(vendor.locator(".flash-success")).to_be_visible()

    sme.goto(contract_path)
    expect(sme.locator("main")).to_contain_text("1.188.000 ₫")
    sme.get_by_role("button", name="Chấp nhận các điều khoản này").click()
    expect(sme.locator(".flash-success")).to_be_visible()
    digest = sme.locator("code.digest").first.inner_text()
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    sign(sme, PASSWORD, "sme-sign")

    vendor.goto(contract_path)
    expect(vendor.locator("code.digest").first).to_have_text(digest)  # the same terms on both sides
    sign(vendor, DEMO_ACCOUNTS["vendor"][1], "vendor-sign")
    expect(vendor.locator("main")).to_contain_text("Tính vào chỉ tiêu")
    check_page(vendor, JOURNEY, "contract-signed")

    # The SME's payments: the signed contract's schedule, its stacked table readable at 390 px.
    sme.goto("/payments/")
    expect(sme.locator("main")).to_contain_text(contract_path.rsplit("/", 1)[-1])
    check_page(sme, JOURNEY, "sme-payments")

    assert signed_count(officer) == before + 1
    check_page(officer, JOURNEY, "dashboard-after")
    with officer.expect_download() as download:
        officer.locator("a", has_text="XLSX").first.click()
    report = ARTIFACTS / JOURNEY / download.value.suggested_filename
    assert report.suffix == ".xlsx", report
    report.parent.mkdir(parents=True, exist_ok=True)
    download.value.save_as(report)
    sheet = load_workbook(report, read_only=True).active
    totals = [row for row in sheet.iter_rows(values_only=True) if row and "Tổng cộng" in str(row[1] or "")]
    assert totals, "no total row in the XLSX report"
    assert totals[0][2] == before + 1, totals[0]
