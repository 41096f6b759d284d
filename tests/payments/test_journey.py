"""Payment journey in a real browser: a declined instalment, a new card, paying again; the vendor's
receivables and a refund. Pages are checked at 390 px (no sideways scroll, 40 px tap targets)."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from payments.billing import run_billing
from smes.models import Sme
from tests.e2e.ui import DESKTOP, check_page
from tests.factories import Factory
from tests.payments.conftest import stripe_charges

pytestmark = [pytest.mark.e2e, pytest.mark.stripe, pytest.mark.xdist_group("stripe")]
JOURNEY = "payments"
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def backend():
    """One run is enough: the browser sees the same pages on either database."""
    return "sqlite"


@pytest.fixture
def browser_page(live_server):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (scripts/test does it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        context = browser.new_context(base_url=live_server, viewport=DESKTOP, locale="vi-VN")
        context.set_default_timeout(15_000)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error"
                and not msg.location.get("url", "").endswith("/favicon.ico") else None)
        yield page
        browser.close()
    assert not errors, f"browser errors (CSP violations, scripts): {errors}"


def log_in(page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", Factory.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def test_the_sme_pays_a_declined_instalment_again_and_the_vendor_refunds_it(
        browser_page, session, gateway, factory, make_contract, card_for):
    page = browser_page
    sme_user = factory.user("sme")
    sme = session.get(Sme, sme_user.sme_id)
    vendor_user = factory.user("vendor")
    customer = card_for(sme, "4000000000000341").stripe_customer_id  # every charge declined
    contract = make_contract({"type": "co_investment", "vendor_share_pct": 20}, sme=sme,
                             listing=factory.listing(vendor_id=vendor_user.vendor_id), months=3,
                             value_vnd=4_500_000)
    session.commit()
    run_billing(session, gateway, date(2026, 1, 1))

    log_in(page, sme_user.email)
    page.get_by_role("link", name="Thanh toán", exact=True).first.click()
    expect(page.locator("#attention")).to_contain_text("Ngân hàng từ chối thẻ.")
    check_page(page, JOURNEY, "sme-history")

    page.get_by_role("link", name="Đổi thẻ").click()
    page.fill("#number", "4242 4242 4242 4242")
    page.fill("#exp_month", "12")
    page.fill("#exp_year", "2031")
    page.fill("#cvc", "123")
    page.fill("#password", factory.PASSWORD)
    check_page(page, JOURNEY, "sme-card")
    page.get_by_role("button", name="Lưu thẻ").click()
    expect(page.locator(".flash-success")).to_contain_text("•••• 4242")

    page.goto(f"/payments/contracts/{contract.id}")
    row = page.locator("table.pay-schedule tbody tr").first
    expect(row).to_contain_text("1.200.000 ₫")  # 80 % of 1.500.000
    expect(row).to_contain_text("300.000 ₫")  # the vendor's co-investment
    check_page(page, JOURNEY, "sme-contract")
    row.get_by_role("button", name="Thanh toán lại").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã thanh toán kỳ 1")
    expect(page.locator("table.pay-schedule tbody tr").first).to_contain_text("Đã thanh toán")

    log_in(page, vendor_user.email)
    page.get_by_role("link", name="Khoản phải thu").click()
    expect(page.locator("main")).to_contain_text(contract.id)
    check_page(page, JOURNEY, "vendor-receivables")
    page.get_by_role("link", name=contract.id).click()
    page.locator("details summary", has_text="Hoàn tiền").first.click()
    page.get_by_label("Số tiền hoàn (₫)").fill("200000")
    page.get_by_label("Lý do hoàn tiền").fill("Gián đoạn dịch vụ 3 ngày")
    check_page(page, JOURNEY, "vendor-contract")
    page.get_by_role("button", name="Xác nhận hoàn tiền").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã hoàn tiền")
    expect(page.locator("main")).to_contain_text("Gián đoạn dịch vụ 3 ngày")
    assert stripe_charges(gateway, customer) == [1_200_000]
