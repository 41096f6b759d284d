"""Journey 6: each pricing model end to end in Chromium. An SME requests a quote under the model and
sees the listing's published terms; the vendor offers, the SME counters, the vendor accepts, both sign
(password + consent); the contract page shows the model's terms and the officers' dashboard counts
one more contract. One model runs at 390 px from start to end; every step is screenshotted at both
widths."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from demo.accounts import DEMO_ACCOUNTS
from tests.e2e.steps import log_in, log_in_demo
from tests.e2e.ui import DESKTOP, PHONE, check_page

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class Model:
    kind: str
    product: str  # a demo product offering the model
    vendor_id: str | None  # None: the demo vendor's own product
    published: str  # the listing's terms as the request page states them
    prefilled: dict  # the published terms in the vendor's form, as Chromium shows them
    offer: dict  # what the vendor types (field id -> text)
    counter: dict  # what the SME changes
    shown: tuple[str, ...]  # on the signed contract's page
    viewport: dict = field(default_factory=lambda: DESKTOP)


START = {"start_date": "2026-12-15", "months": "12"}
MODELS = [
    Model("subscription", "dp-01", None, "99.000 ₫/tháng", {},
          {"value_vnd": "1.188.000", **START}, {"value_vnd": "1 100 000 ₫"},
          ("Thuê bao: trả phí hằng tháng", "1.100.000 ₫")),
    Model("one_time", "dp-05", None, "trả một lần 1.800.000 ₫", {"price_vnd": "1.800.000"},
          {"value_vnd": "1.800.000", **START}, {"price_vnd": "1.600.000", "value_vnd": "1600000"},
          ("Mua đứt: trả một lần 1.600.000 ₫", "1.600.000 ₫")),
    Model("use_first_pay_later", "dp-06", None, "miễn phí 1 tháng đầu", {"free_months": "1"},
          {"free_months": "2", "value_vnd": "3.000.000", **START}, {"free_months": "3"},
          ("Dùng trước - trả sau: miễn phí 3 tháng đầu", "3.000.000 ₫"), PHONE),
    Model("co_investment", "dp-10", "dv-20", "nhà cung cấp chịu 30% chi phí", {"vendor_share_pct": "30"},
          {"vendor_share_pct": "25", "value_vnd": "102.000.000", **START}, {"vendor_share_pct": "30"},
          ("Đồng đầu tư: nhà cung cấp chịu 30% chi phí", "102.000.000 ₫")),
    Model("revenue_sharing", "dp-70", "dv-16",
          "10% doanh thu do giải pháp mang lại, tối đa 8.000.000 ₫/tháng",
          {"revenue_share_pct": "10", "monthly_cap_vnd": "8.000.000"},
          {"revenue_share_pct": "15", "monthly_cap_vnd": "3.000.000", "value_vnd": "24.000.000", **START},
          {"monthly_cap_vnd": "2.000.000"},
          ("Chia sẻ doanh thu: 15% doanh thu do giải pháp mang lại, tối đa 2.000.000 ₫/tháng",)),
]


def signed_count(officer) -> int:
    officer.goto("/officer/dashboard")
    text = officer.locator(".report-kpis .kpi").first.inner_text()
    return int(re.sub(r"\D", "", text.split("/")[0]))


def fill_terms(page, values: dict) -> None:
    for name, text in values.items():
        page.fill(f"#{name}", text)


def sign(page, password: str, journey: str, name: str) -> None:
    page.get_by_label(re.compile("đồng ý", re.I)).check()
    page.fill("#password", password)
    check_page(page, journey, name)
    page.get_by_role("button", name="Ký hợp đồng").click()
    expect(page.locator(".flash-success")).to_contain_text("Bạn đã ký hợp đồng")


@pytest.mark.parametrize("model", MODELS, ids=[m.kind for m in MODELS])
def test_a_contract_under_each_pricing_model_is_requested_negotiated_signed_and_counted(
    open_page, vendor_login, model
):
    journey = f"6-pricing-{model.kind}"
    sme, vendor, officer = (open_page(model.viewport) for _ in range(3))
    log_in_demo(officer, "officer")
    before = signed_count(officer)

    # The SME asks for a quote under the model and sees the listing's published terms.
    log_in_demo(sme, "sme")
    sme.goto(f"/products/{model.product}")
    sme.locator("main").get_by_role("link", name="Yêu cầu báo giá").click()
    expect(sme.locator("main .published-terms")).to_contain_text(model.published)
    sme.select_option("#pricing_type", model.kind)
    check_page(sme, journey, "request")
    sme.get_by_role("button", name="Gửi yêu cầu").click()
    expect(sme.locator(".flash-success")).to_contain_text("Đã gửi yêu cầu báo giá")
    contract_path = urlsplit(sme.url).path
    if model.kind != "subscription":  # a subscription's price is the monthly list price, shown apart
        expect(sme.locator("main .contract-terms")).to_contain_text(model.published)

    # The vendor's form starts from the published terms and shows the chosen model's terms only.
    if model.vendor_id is None:
        log_in_demo(vendor, "vendor")
        vendor_password = DEMO_ACCOUNTS["vendor"][1]
    else:
        email, vendor_password = vendor_login(model.vendor_id)
        log_in(vendor, email, vendor_password)
    vendor.goto(contract_path)
    expect(vendor.locator("#pricing_type")).to_have_value(model.kind)
    for name, shown in model.prefilled.items():
        expect(vendor.locator(f"#{name}")).to_have_value(shown)  # an amount Chromium shows, not blanks
    for box in vendor.locator("[data-term]").all():
        if box.get_attribute("data-term") == model.kind:
            expect(box).to_be_visible()
        else:
            expect(box).to_be_hidden()
    # Screenshots first: Chromium's full-page screenshots leave a page that scrolls on the next focus
    # change, so that a click right after one can land beside its button.
    check_page(vendor, journey, "vendor-offer")
    fill_terms(vendor, model.offer)
    vendor.get_by_role("button", name="Gửi đề nghị").click()
    expect(vendor.locator(".flash-success")).to_contain_text("Đã gửi đề nghị điều khoản")

    # The SME counters one term; the other terms come back as the vendor offered them.
    sme.goto(contract_path)
    sme.locator("summary", has_text="Đề nghị điều khoản khác").click()
    for name, typed in model.offer.items():
        expect(sme.locator(f"#{name}")).to_have_value(typed)
    check_page(sme, journey, "sme-counter")
    fill_terms(sme, model.counter)
    sme.get_by_role("button", name="Gửi đề nghị").click()
    expect(sme.locator(".flash-success")).to_contain_text("Đã gửi đề nghị điều khoản")

    # The vendor accepts; both sign the same digest.
    vendor.goto(contract_path)
    vendor.get_by_role("button", name="Chấp nhận các điều khoản này").click()
    expect(vendor.locator(".flash-success")).to_contain_text("Hai bên đã thống nhất điều khoản")
    digest = vendor.locator("code.digest").first.inner_text()
    sign(vendor, vendor_password, journey, "vendor-sign")
    sme.goto(contract_path)
    expect(sme.locator("code.digest").first).to_have_text(digest)
    sign(sme, DEMO_ACCOUNTS["sme"][1], journey, "sme-sign")

    terms = sme.locator("main .contract-terms").first
    for text in model.shown:
        expect(terms).to_contain_text(text)
    expect(sme.locator("main")).to_contain_text("Tính vào chỉ tiêu")
    check_page(sme, journey, "contract-signed")
    assert signed_count(officer) == before + 1
    check_page(officer, journey, "dashboard-after")


def test_the_terms_form_follows_the_chosen_model(open_page):
    """pricing-terms.js: choosing another model shows that model's terms and hides the others, whose
    contents are then not sent."""
    sme, vendor = open_page(), open_page()
    log_in_demo(sme, "sme")
    sme.goto("/contracts/request/dp-05")
    sme.select_option("#pricing_type", "subscription")
    sme.get_by_role("button", name="Gửi yêu cầu").click()
    expect(sme.locator(".flash-success")).to_be_visible()
    log_in_demo(vendor, "vendor")
    vendor.goto(urlsplit(sme.url).path)
    terms = vendor.locator("fieldset.pricing-terms")
    expect(terms).to_be_hidden()  # a subscription carries no terms of its own
    vendor.select_option("#pricing_type", "one_time")
    expect(terms).to_be_visible()
    expect(vendor.locator("#price_vnd")).to_be_visible()
    check_page(vendor, "6-pricing-form", "one-time-chosen")
    vendor.fill("#price_vnd", "hai triệu")  # typed for a model the vendor then gives up
    vendor.select_option("#pricing_type", "subscription")
    expect(terms).to_be_hidden()
    vendor.fill("#value_vnd", "1.188.000")
    vendor.fill("#start_date", "2027-01-01")
    vendor.fill("#months", "12")
    vendor.get_by_role("button", name="Gửi đề nghị").click()
    expect(vendor.locator(".flash-success")).to_contain_text("Đã gửi đề nghị điều khoản")
    expect(vendor.locator("main .contract-terms").first).to_contain_text("Thuê bao: trả phí hằng tháng")
