"""Notifications in the browser: an SME and a vendor each see the other's step in the notification centre
and receive it by email (read from the in-process SMTP server), follow the mail's link and act; a new
SME verifies its address by the mailed link; a forgotten password is reset by a mailed one-time link."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from demo.accounts import DEMO_ACCOUNTS
from tests.e2e.steps import (
    PASSWORD,
    log_in,
    log_in_demo,
    mailed_link,
    register_sme,
    request_offer,
    unique_email,
)
from tests.e2e.ui import DESKTOP, PHONE, check_page

pytestmark = pytest.mark.e2e
JOURNEY = "notifications"
PRODUCT = "/products/dp-01"  # sold by the demo vendor (dv-01), whose member's address is verified


def open_notification(page, text: str) -> None:
    """From the header's badge: the centre, then the notification that says `text`."""
    page.reload()
    expect(page.locator(".nav-count")).to_be_visible()  # the header's unread badge
    page.goto("/notifications")
    item = page.locator(".notification.unread", has_text=text).first
    expect(item).to_be_visible()
    check_page(page, JOURNEY, "centre")
    item.get_by_role("button", name=re.compile("^Xem")).click()


def test_each_side_is_told_of_the_others_step_by_the_centre_and_by_mail(open_page, mailbox):
    sme, vendor = open_page(PHONE), open_page(DESKTOP)
    email, company = unique_email("hoa", "tiemhoa.vn"), "Tiệm hoa Hồng Nhung"

    # A new SME registers; the page answers "check your mail"; the mailed link confirms and logs in.
    sme.goto("/register/sme")
    sme.fill("#sme_name", company)
    sme.fill("#tax_code", "0312345678")
    sme.select_option("#sector", "trade")
    sme.fill("#province", "Hà Nội")
    sme.fill("#full_name", "Trần Hồng Nhung")
    sme.fill("#email", email)
    sme.fill("#password", PASSWORD)
    sme.fill("#confirm", PASSWORD)
    sme.get_by_role("button", name="Đăng ký").click()
    expect(sme).to_have_url(re.compile(r"/register/check-email$"))
    sme.goto(mailed_link(mailbox, email, "Xác nhận địa chỉ email", "/account/verify/"))
    check_page(sme, JOURNEY, "verify")
    sme.get_by_role("button", name="Xác nhận và đăng nhập").click()
    expect(sme).to_have_url(re.compile(r"/sme/$"))

    # The SME asks for a quote: the vendor sees it in the centre and by mail.
    sme.goto(PRODUCT)
    contract = urlsplit(request_offer(sme, JOURNEY, "Cần hóa đơn điện tử cho 200 đơn hoa mỗi tháng.")).path
    vendor_email = DEMO_ACCOUNTS["vendor"][0]
    assert mailed_link(mailbox, vendor_email, company, "/contracts/") == contract
    log_in_demo(vendor, "vendor")
    open_notification(vendor, f"{company} yêu cầu báo giá")
    expect(vendor).to_have_url(re.compile(re.escape(contract) + "$"))
    vendor.fill("#value_vnd", "990000")
    vendor.fill("#start_date", "2026-12-15")
    vendor.fill("#months", "12")
    vendor.get_by_role("button", name="Gửi đề nghị").click()
    expect(vendor.locator(".flash-success")).to_be_visible()

    # The vendor's offer: the SME follows the mail's link and accepts it.
    link = mailed_link(mailbox, email, "gửi đề nghị", "/contracts/")
    assert link == contract
    sme.goto(link)
    expect(sme.locator(".nav-count")).to_have_text(re.compile(r"^1\b"))  # the header's unread badge
    expect(sme.locator("main")).to_contain_text("990.000 ₫")
    sme.get_by_role("button", name="Chấp nhận các điều khoản này").click()
    expect(sme.locator(".flash-success")).to_be_visible()

    # The acceptance: the vendor's centre and mail both say so.
    assert mailed_link(mailbox, vendor_email, "đã chấp nhận đề nghị", "/contracts/") == contract
    open_notification(vendor, f"{company} đã chấp nhận đề nghị")
    expect(vendor).to_have_url(re.compile(re.escape(contract) + "$"))
    expect(vendor.get_by_role("button", name="Ký hợp đồng")).to_be_visible()

    # The SME chooses a daily digest for offers on the preferences page.
    sme.goto("/notifications/preferences")
    check_page(sme, JOURNEY, "preferences")
    sme.get_by_role("group", name="Đề nghị điều khoản mới").get_by_label("Gộp vào email hằng ngày").check()
    sme.get_by_role("button", name="Lưu").click()
    expect(sme.locator(".flash-success")).to_contain_text("Đã lưu cách nhận thông báo")


def test_a_forgotten_password_is_reset_by_a_mailed_one_time_link(open_page, mailbox):
    page, elsewhere = open_page(PHONE), open_page(DESKTOP)
    email, new_password = unique_email("lan", "quanpho.vn"), "Mat-khau-moi-cua-Lan-2027"
    register_sme(elsewhere, JOURNEY, email, "Quán phở Lan")  # and logged in there

    page.goto("/login")
    page.get_by_role("link", name="Đặt lại mật khẩu").click()
    check_page(page, JOURNEY, "forgot")
    page.fill("#email", email)
    page.get_by_role("button", name="Gửi liên kết đặt lại mật khẩu").click()
    expect(page.locator(".flash-info")).to_contain_text("Nếu địa chỉ này có tài khoản")

    link = mailed_link(mailbox, email, "Đặt lại mật khẩu", "/password/reset/")
    page.goto(link)
    check_page(page, JOURNEY, "reset")
    page.fill("#password", new_password)
    page.fill("#confirm", new_password)
    page.get_by_role("button", name="Đặt mật khẩu mới").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã đặt mật khẩu mới")

    elsewhere.goto("/sme/")
    expect(elsewhere).to_have_url(re.compile(r"/login"))  # the other login ended
    log_in(page, email, new_password)  # (the used link answers 404: tests/notifications/test_recovery.py)
