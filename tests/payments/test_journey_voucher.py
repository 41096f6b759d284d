"""Voucher journey in Chromium, against localstripe: an SME applies for a voucher from the product page, an
officer approves it from the queue, the SME sees its voucher (code, QR code), both sides sign a contract
whose terms carry the programme's share, the SME pays its part by card; the officer sees the budget move
and settles the programme's part in a batch with its disbursement list. Pages checked at 390 and 1280 px."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from catalog.product import Pricing
from catalog.services import publish_edition
from contracts import services as contracts
from contracts.terms import Terms
from smes.models import Sme
from tests.e2e.ui import check_page
from tests.factories import Factory
from tests.payments.conftest import stripe_charges
from tests.payments.test_journey import backend, browser_page, log_in  # noqa: F401 (fixtures, a step)
from tests.vouchers.conftest import make_programme, today

pytestmark = [pytest.mark.e2e, pytest.mark.stripe, pytest.mark.xdist_group("stripe")]
JOURNEY = "vouchers"


def sign(page, journey: str, name: str) -> None:
    page.get_by_label(re.compile("đồng ý", re.I)).check()
    page.fill("#password", Factory.PASSWORD)
    check_page(page, journey, name)
    page.get_by_role("button", name="Ký hợp đồng").click()
    expect(page.locator(".flash-success")).to_contain_text("Bạn đã ký hợp đồng")


def test_apply_approve_sign_pay_and_disburse(browser_page, session, gateway, factory, card_for):  # noqa: F811
    page = browser_page
    officer = factory.user("officer")
    sme_user = factory.user("sme", sme_id=factory.sme(size="small", readiness_level=2, province="Hà Nội").id)
    vendor_user = factory.user("vendor")
    listing = factory.listing("published", vendor_id=vendor_user.vendor_id, categories=["e_invoice"],
                              name="Hóa đơn điện tử Sen Vàng")
    publish_edition(session, officer, "QĐ-01/2026", date(2026, 1, 5))
    programme = make_programme(session, officer, name="Hỗ trợ chuyển đổi số DNNVV Hà Nội")
    customer = card_for(session.get(Sme, sme_user.sme_id)).stripe_customer_id
    session.commit()

    # The SME applies from the product page; eligibility holds, the application waits for an officer.
    log_in(page, sme_user.email)
    page.goto(f"/products/{listing.id}")
    page.get_by_role("link", name="Xin phiếu hỗ trợ").click()
    page.select_option("#pricing_type", "subscription")
    page.fill("#value_vnd", "6.000.000")
    page.fill("#months", "3")
    check_page(page, JOURNEY, "apply")
    page.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.locator(".flash-success")).to_contain_text("3.000.000 ₫")
    check_page(page, JOURNEY, "sme-vouchers")

    # The officer approves from the queue: the voucher is issued and its amount reserved.
    log_in(page, officer.email)
    page.locator("summary", has_text="Công việc khác").click()
    page.get_by_role("link", name="Chương trình hỗ trợ").click()
    page.get_by_role("link", name="Đề nghị chờ duyệt").click()
    expect(page.locator("main")).to_contain_text("Sản phẩm có trong danh mục chính thức hiện hành.")
    check_page(page, JOURNEY, "queue")
    page.get_by_role("button", name="Duyệt và cấp phiếu").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã cấp phiếu HT-")
    page.goto(f"/officer/programmes/{programme.id}")
    expect(page.locator("#budget-reserved")).to_have_text("3.000.000 ₫")

    # The SME sees its voucher, with its QR code, ready to print.
    log_in(page, sme_user.email)
    page.goto("/vouchers/")
    page.locator("h3 a", has_text="HT-").click()
    expect(page.locator(".voucher-qr svg")).to_be_visible()
    check_page(page, JOURNEY, "voucher")

    # The contract for that product: agreed (starting today), then signed in the browser by both sides.
    contract = contracts.request_offer(session, sme_user, listing.id, "subscription", None, "c-vjourney")
    offer = contracts.propose(session, vendor_user, contract.id, 1,
                              Terms(Pricing("subscription"), 6_000_000, today(), 3))
    contracts.accept(session, sme_user, contract.id, offer.round)
    session.commit()
    page.goto(f"/contracts/{contract.id}")
    expect(page.locator(".subsidy")).to_contain_text("chương trình trả 3.000.000 ₫")
    sign(page, JOURNEY, "sme-sign")
    log_in(page, vendor_user.email)
    page.goto(f"/contracts/{contract.id}")
    sign(page, JOURNEY, "vendor-sign")

    # The SME pays its part of the first instalment (2.000.000 ₫ less the programme's 1.000.000 ₫).
    log_in(page, sme_user.email)
    page.goto(f"/payments/contracts/{contract.id}")
    row = page.locator("table.pay-schedule tbody tr").first
    expect(row).to_contain_text("1.000.000 ₫")
    row.get_by_role("button", name="Thanh toán ngay").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã thanh toán kỳ 1")
    assert stripe_charges(gateway, customer) == [1_000_000]

    # The officer sees the budget move and settles the programme's part with its disbursement list.
    log_in(page, officer.email)
    page.goto(f"/officer/programmes/{programme.id}")
    expect(page.locator("#budget-reserved")).to_have_text("3.000.000 ₫")
    check_page(page, JOURNEY, "programme")
    page.get_by_role("button", name="Lập đợt chi trả").click()
    expect(page.locator(".flash-success")).to_contain_text("1.000.000 ₫")
    expect(page.locator("#budget-paid")).to_have_text("1.000.000 ₫")
    expect(page.locator("#budget-reserved")).to_have_text("2.000.000 ₫")
    with page.expect_download() as download:
        page.get_by_role("link", name="Danh sách chi trả (XLSX)").click()
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[2][2] == contract.id and rows[2][-1] == 1_000_000
