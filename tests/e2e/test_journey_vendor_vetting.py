"""A new vendor registers with its documents for vetting (business registration number, tax code, a
contact person, SME customers as references): a malformed telephone number is named on the form; its
draft cannot be submitted while the documents wait, and the page says why; an officer asks for changes,
the vendor reads them in the notification centre, corrects and hands the documents in again; the officer
approves (the vendor is told in the centre and by mail) and the vendor submits its first listing.
The vendor runs the journey on a desktop and on a 390 px phone."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import (
    PASSWORD,
    answered_check_your_mail,
    create_listing,
    fill_vendor_documents,
    log_in_demo,
    submit_listing,
    unique_email,
    vet_vendor,
)
from tests.e2e.test_journey_notifications import mailed_link
from tests.e2e.ui import DESKTOP, PHONE, check_page

pytestmark = pytest.mark.e2e
JOURNEY = "vendor-vetting"
CHANGES = "Bổ sung khách hàng tham chiếu thứ ba: một hợp tác xã đang dùng phần mềm."


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_new_vendor_is_vetted_before_its_first_listing_is_submitted(open_page, mailbox, viewport):
    vendor, officer = open_page(viewport), open_page(DESKTOP)
    journey = f"{JOURNEY}-{viewport['width']}"
    company = f"Công ty TNHH Giải pháp số Trường An {uuid.uuid4().hex[:4]}"
    email, tax_code = unique_email("an", "truongan-soft.vn"), f"04{uuid.uuid4().int % 10**8:08d}"

    # Registration with a malformed telephone number: refused, the field named, what was typed kept.
    vendor.goto("/register/vendor")
    vendor.fill("#vendor_name", company)
    vendor.fill("#tax_code", tax_code)
    vendor.fill("#province", "Đồng Nai")
    fill_vendor_documents(vendor, tax_code, email, contact_phone="12345")
    vendor.fill("#full_name", "Võ Thị Trường An")
    vendor.fill("#email", email)
    vendor.fill("#password", PASSWORD)
    vendor.fill("#confirm", PASSWORD)
    vendor.get_by_role("button", name="Đăng ký").click()
    expect(vendor.locator("#contact_phone-error")).to_contain_text("Số điện thoại người liên hệ không hợp lệ")
    expect(vendor.locator("#ref2_customer")).to_have_value("HTX Chè Tân Cương")
    check_page(vendor, journey, "register-refused")
    vendor.fill("#contact_phone", "0251 3822 123")
    vendor.fill("#password", PASSWORD)
    vendor.fill("#confirm", PASSWORD)
    vendor.get_by_role("button", name="Đăng ký").click()
    answered_check_your_mail(vendor, journey)
    vendor.goto(mailed_link(mailbox, email, "Xác nhận địa chỉ email", "/account/verify/"))
    vendor.get_by_role("button", name="Xác nhận và đăng nhập").click()
    expect(vendor).to_have_url(re.compile(r"/vendor/$"))

    # Waiting for the officer: the dashboard says so; a draft is saved but cannot be submitted.
    expect(vendor.locator("#vetting-notice")).to_contain_text("đang chờ cán bộ Sở duyệt")
    check_page(vendor, journey, "dashboard-waiting")
    listing_url = create_listing(vendor, journey, "Trường An Bán hàng")
    expect(vendor.get_by_role("button", name="Gửi thẩm định")).to_have_count(0)
    expect(vendor.locator("#vetting-notice")).to_contain_text("chưa gửi thẩm định sản phẩm được")
    check_page(vendor, journey, "draft-waiting")

    # The officer asks for changes, with the reason.
    log_in_demo(officer, "officer")
    vet_vendor(officer, journey, company, decision="Yêu cầu bổ sung", reason=CHANGES)

    # The vendor reads it in the centre, corrects the documents and hands them in again.
    vendor.goto("/notifications")
    item = vendor.locator(".notification.unread", has_text="cần bổ sung").first
    expect(item).to_be_visible()
    item.get_by_role("button", name=re.compile("^Xem")).click()
    expect(vendor).to_have_url(re.compile(r"/vendor/vetting$"))
    expect(vendor.locator("main")).to_contain_text(CHANGES)
    check_page(vendor, journey, "vetting-changes-requested")
    vendor.fill("#ref3_customer", "HTX Nông nghiệp Long Thành")
    vendor.fill("#ref3_contact", "Ông Sáu, 0909 111 222")
    vendor.fill("#ref3_uses", "Phần mềm bán hàng")
    vendor.get_by_role("button", name="Gửi lại hồ sơ").click()
    expect(vendor.locator(".flash-success")).to_contain_text("Đã gửi lại hồ sơ")
    expect(vendor.locator("#vetting-status")).to_have_text("Chờ duyệt")

    # The officer approves; the vendor is told by mail, and submits its first listing.
    vet_vendor(officer, journey, company)
    assert mailed_link(mailbox, email, "đã được duyệt", "/vendor/vetting") == "/vendor/vetting"
    vendor.goto(listing_url)
    expect(vendor.locator("#vetting-notice")).to_have_count(0)
    submit_listing(vendor)
    check_page(vendor, journey, "listing-submitted")
