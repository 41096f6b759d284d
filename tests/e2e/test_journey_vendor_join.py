"""A second registration with a vendor's tax code asks to join it; the vendor's first member approves, and
the newcomer confirms their address from the approval mail. A member invites a colleague by mail; the
colleague chooses a password through the link and is in."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import PASSWORD, log_in, log_in_demo, mailed_link, register_vendor, unique_email
from tests.e2e.ui import PHONE, check_page

pytestmark = pytest.mark.e2e
JOURNEY = "vendor-join"


def test_a_second_registration_asks_to_join_and_the_first_member_approves(open_page, mailbox):
    owner, newcomer, officer = open_page(), open_page(), open_page()
    tax_code = register_vendor(owner, JOURNEY, unique_email("hung", "mekong-soft.vn"),
                               "Công ty Phần mềm Mê Kông")

    email = unique_email("thao", "mekong-soft.vn")
    newcomer.goto("/register/vendor")
    newcomer.fill("#vendor_name", "Phần mềm Mê Kông")
    newcomer.fill("#tax_code", tax_code)
    newcomer.fill("#full_name", "Lê Thảo")
    newcomer.fill("#email", email)
    newcomer.fill("#password", PASSWORD)
    newcomer.fill("#confirm", PASSWORD)
    newcomer.get_by_role("button", name="Đăng ký").click()
    expect(newcomer).to_have_url(re.compile(r"/login"))
    expect(newcomer.locator(".flash-info")).to_contain_text("yêu cầu gia nhập của bạn đã được gửi")
    check_page(newcomer, JOURNEY, "join-requested")

    log_in_demo(officer, "officer")
    officer.locator("summary", has_text="Công việc khác").click()  # officers' other work
    officer.get_by_role("link", name="Yêu cầu gia nhập").click()
    expect(officer.locator(".join-requests")).to_contain_text(email)
    check_page(officer, JOURNEY, "officer-join-requests")

    owner.goto("/vendor/members")
    expect(owner.locator("#join-requests")).to_contain_text(email)
    check_page(owner, JOURNEY, "members-join-requests")
    owner.locator("#join-requests").get_by_role("button", name="Duyệt").click()
    expect(owner.locator(".flash-success")).to_contain_text(f"Đã duyệt: {email}")
    expect(owner.locator(".members")).to_contain_text(email)
    check_page(owner, JOURNEY, "members-approved")

    log_in(newcomer, email, PASSWORD)
    expect(newcomer).to_have_url(re.compile(r"/vendor/$"))
    newcomer.goto(mailed_link(mailbox, email, "đã được duyệt", "/account/verify/"))
    newcomer.get_by_role("button", name="Xác nhận và đăng nhập").click()
    expect(newcomer.locator(".flash-success")).to_contain_text("Đã xác nhận địa chỉ email")

    colleague_email = unique_email("bich", "mekong-soft.vn")
    owner.goto("/vendor/members")
    owner.fill("#full_name", "Trần Thị Bích")
    owner.fill("#email", colleague_email)
    owner.get_by_role("button", name="Gửi lời mời").click()
    expect(owner.locator(".flash-success")).to_contain_text(f"Đã gửi lời mời tới {colleague_email}")
    check_page(owner, JOURNEY, "member-invited")
    colleague = open_page(PHONE)  # the invitation is often opened on a phone
    colleague.goto(mailed_link(mailbox, colleague_email, "Lời mời tham gia", "/vendor/invite/"))
    expect(colleague.locator("#full_name")).to_have_value("Trần Thị Bích")
    check_page(colleague, JOURNEY, "invitation")
    colleague.fill("#password", PASSWORD)
    colleague.fill("#confirm", PASSWORD)
    colleague.get_by_role("button", name="Tạo tài khoản và tham gia").click()
    expect(colleague).to_have_url(re.compile(r"/vendor/$"))
    expect(colleague.locator(".flash-success")).to_contain_text("Chào mừng bạn đến với")
