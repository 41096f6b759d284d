"""Journey 7: every form holding money, percentages, months or dates, saved unchanged in Chromium,
changes nothing in the database (the stored rows before and after are the same). Chromium showed an
<input type=number> holding '1.500.000' empty, so that saving the SME profile erased its budget and
revenue, and the listing and counter-offer forms refused to save."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from demo.accounts import DEMO_ACCOUNTS
from tests.e2e.steps import log_in_demo
from tests.e2e.ui import check_page

pytestmark = pytest.mark.e2e
JOURNEY = "7-forms-unchanged"


def test_the_sme_profile_saved_unchanged_keeps_its_amounts(page, demo_rows):
    log_in_demo(page, "sme")
    before = demo_rows("smes", id="ds-01")
    page.goto("/sme/profile")
    expect(page.locator("#monthly_budget_vnd")).to_have_value("1.500.000")
    expect(page.locator("#annual_revenue_vnd")).to_have_value("35.000.000.000")
    check_page(page, JOURNEY, "sme-profile")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã lưu hồ sơ doanh nghiệp")
    after = demo_rows("smes", id="ds-01")
    assert after == before, {k: (v, after[0][k]) for k, v in before[0].items() if after[0][k] != v}


def test_a_listing_saved_unchanged_keeps_its_prices_and_stores_no_revision(page, demo_rows):
    log_in_demo(page, "vendor")
    before = demo_rows("listing_revisions", listing_id="dp-05"), demo_rows("listings", id="dp-05")
    page.goto("/vendor/listings/dp-05/edit")
    expect(page.locator("#price_monthly_vnd")).to_have_value("60.000")
    row = page.locator("[data-pricing-row]").nth(1)
    expect(row.locator("select")).to_have_value("one_time")
    expect(row.locator("input[id$='-price_vnd']")).to_have_value("1.800.000")
    expect(row.locator("input[id$='-free_months']")).to_be_hidden()  # another model's term
    check_page(page, JOURNEY, "listing-edit")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("main")).to_contain_text("Không có thay đổi nào so với phiên bản đang công bố")
    expect(page.locator(".has-error")).to_have_count(0)  # no field lost its value
    assert (demo_rows("listing_revisions", listing_id="dp-05"), demo_rows("listings", id="dp-05")) == before


def test_terms_counter_offer_and_amendment_forms_sent_unchanged_change_nothing(open_page, demo_rows):
    sme, vendor = open_page(), open_page()
    log_in_demo(sme, "sme")
    sme.goto("/contracts/request/dp-06")
    sme.select_option("#pricing_type", "use_first_pay_later")
    sme.get_by_role("button", name="Gửi yêu cầu").click()
    expect(sme.locator(".flash-success")).to_be_visible()
    path = urlsplit(sme.url).path
    contract_id = path.rsplit("/", 1)[1]

    log_in_demo(vendor, "vendor")
    vendor.goto(path)
    for name, value in (("free_months", "2"), ("value_vnd", "2.750.000"), ("start_date", "2027-01-01"),
                        ("months", "11")):
        vendor.fill(f"#{name}", value)
    vendor.get_by_role("button", name="Gửi đề nghị").click()
    expect(vendor.locator(".flash-success")).to_contain_text("Đã gửi đề nghị điều khoản")

    def stored():
        return demo_rows("contracts", id=contract_id), demo_rows("contract_offers", contract_id=contract_id)

    # The vendor sends its own offer again, unchanged: nothing new.
    before = stored()
    vendor.locator("summary", has_text="Đề nghị điều khoản khác").click()
    expect(vendor.locator("#value_vnd")).to_have_value("2.750.000")
    vendor.get_by_role("button", name="Gửi đề nghị").click()
    expect(vendor.locator(".flash-success")).to_be_visible()
    assert stored() == before

    # The SME sends the vendor's offer back unchanged as a counter-offer: refused, nothing stored.
    sme.goto(path)
    sme.locator("summary", has_text="Đề nghị điều khoản khác").click()
    for name, shown in (("free_months", "2"), ("value_vnd", "2.750.000"), ("start_date", "2027-01-01"),
                        ("months", "11")):
        expect(sme.locator(f"#{name}")).to_have_value(shown)
    check_page(sme, JOURNEY, "counter-offer")
    sme.get_by_role("button", name="Gửi đề nghị").click()
    expect(sme.locator(".flash-danger")).to_contain_text("trùng với đề nghị của bên kia; hãy chấp nhận")
    assert stored() == before

    # Accepted and signed: the amendment form sent with the signed terms unchanged is refused.
    sme.get_by_role("button", name="Chấp nhận các điều khoản này").click()
    expect(sme.locator(".flash-success")).to_contain_text("Hai bên đã thống nhất điều khoản")
    for person, password in ((sme, DEMO_ACCOUNTS["sme"][1]), (vendor, DEMO_ACCOUNTS["vendor"][1])):
        person.goto(path)
        person.get_by_label(re.compile("đồng ý", re.I)).check()
        person.fill("#password", password)
        person.get_by_role("button", name="Ký hợp đồng").click()
        expect(person.locator(".flash-success")).to_contain_text("Bạn đã ký hợp đồng")
    signed = stored(), demo_rows("contracts", parent_id=contract_id)
    sme.goto(path)
    sme.locator("summary", has_text="Đề nghị sửa đổi hợp đồng").click()
    expect(sme.locator("#value_vnd")).to_have_value("2.750.000")
    check_page(sme, JOURNEY, "amendment")
    sme.get_by_role("button", name="Đề nghị sửa đổi").click()
    expect(sme.locator(".flash-danger")).to_contain_text("Bản sửa đổi phải khác điều khoản đang hiệu lực")
    assert (stored(), demo_rows("contracts", parent_id=contract_id)) == signed


def test_the_officers_target_saved_unchanged_records_nothing(page, demo_rows):
    log_in_demo(page, "officer")
    page.goto("/officer/dashboard")
    page.locator("summary", has_text="Chỉ tiêu năm").click()
    page.fill("#contracts_target", "1200")
    page.fill("#smes_target", "72.000")
    page.get_by_role("button", name="Lưu chỉ tiêu").click()
    expect(page.locator(".flash-success")).to_be_visible()
    before = demo_rows("indicator_targets"), demo_rows("audit_log")
    page.locator("summary", has_text="Chỉ tiêu năm").click()
    expect(page.locator("#smes_target")).to_have_value("72.000")
    expect(page.locator("#contracts_target")).to_have_value("1.200")
    page.get_by_role("button", name="Lưu chỉ tiêu").click()
    expect(page.locator(".flash-success")).to_be_visible()
    assert (demo_rows("indicator_targets"), demo_rows("audit_log")) == before
