"""The account in the browser: changing the password ends the person's other logins. (A refused change
answers 422, which Chromium logs as a console error: tests/security covers it over HTTP.)"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import PASSWORD, log_in, register_sme, unique_email
from tests.e2e.ui import check_page

pytestmark = pytest.mark.e2e
JOURNEY = "account"


def test_a_password_change_keeps_this_login_and_ends_the_others(open_page):
    here, elsewhere = open_page(), open_page()
    email = unique_email("lan", "quanpho.vn")
    register_sme(here, JOURNEY, email, "Quán phở Lan")
    log_in(elsewhere, email, PASSWORD)

    here.locator("summary", has_text="Tài khoản").click()  # the account's pages are one menu
    here.get_by_role("link", name="Đổi mật khẩu").click()
    check_page(here, JOURNEY, "password")
    here.fill("#current_password", PASSWORD)
    here.fill("#password", "Bún-chả-Hà-Nội-2027")
    here.fill("#confirm", "Bún-chả-Hà-Nội-2027")
    here.get_by_role("button", name="Đổi mật khẩu").click()
    expect(here.locator(".flash-success")).to_contain_text("1 phiên đăng nhập khác đã kết thúc")
    check_page(here, JOURNEY, "password-changed")

    elsewhere.goto("/sme/")
    expect(elsewhere).to_have_url(re.compile(r"/login"))
    log_in(elsewhere, email, "Bún-chả-Hà-Nội-2027")
