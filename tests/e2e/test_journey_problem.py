"""Journey: the problem board. An SME posts a problem (categories suggested from its text), an officer
approves it, two invited vendors propose, the SME compares them side by side and accepts one, both
sides sign, and the officers' count of contracts signed goes up by one."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from core.db import utcnow
from demo.accounts import DEMO_ACCOUNTS
from problems.lifecycle import vietnam_today
from tests.e2e.steps import PASSWORD, log_in, log_in_demo, register_sme, unique_email
from tests.e2e.test_journey_contract import sign, signed_count
from tests.e2e.ui import PHONE, check_page

pytestmark = pytest.mark.e2e
JOURNEY = "problem-board"
TEXT = ("Hai cửa hàng bán lẻ theo dõi tồn kho bằng Excel nên thường lệch giữa hai chi nhánh. "
        "Cần phần mềm bán hàng có quản lý kho theo chi nhánh.")


def post_problem(sme) -> str:
    sme.goto("/problems/new")
    sme.fill("#title", "Quản lý kho cho hai cửa hàng bán lẻ")
    sme.fill("#description", TEXT)
    sme.get_by_role("button", name="Gợi ý lĩnh vực").click()
    expect(sme.get_by_label("Quản lý bán hàng (POS)")).to_be_checked()
    sme.fill("#budget_min_vnd", "6.000.000")
    sme.fill("#budget_max_vnd", "24.000.000")
    sme.fill("#deadline", (vietnam_today(utcnow()) + timedelta(days=14)).isoformat())
    check_page(sme, JOURNEY, "sme-post")
    sme.get_by_role("button", name="Đăng bài toán").click()
    expect(sme.locator(".flash-success")).to_contain_text("sau khi cán bộ duyệt")
    return sme.url.rsplit("/", 1)[-1]


def propose(vendor, problem_id: str, product_id: str, value: str, name: str) -> None:
    vendor.goto("/problems/invitations")
    vendor.locator("main").get_by_role("link", name="Quản lý kho cho hai cửa hàng bán lẻ").click()
    expect(vendor.locator("main")).to_contain_text("Doanh nghiệp ẩn danh")  # named once shortlisted
    vendor.locator("main").get_by_role("link", name="Gửi đề xuất").click()
    vendor.select_option("#product_id", product_id)
    vendor.fill("#summary", "Triển khai bán hàng và kho theo chi nhánh, đồng bộ tồn kho tức thì.")
    vendor.select_option("#pricing_type", "subscription")
    vendor.fill("#value_vnd", value)
    vendor.fill("#start_date", (vietnam_today(utcnow()) + timedelta(days=30)).isoformat())
    vendor.fill("#months", "12")
    vendor.fill("#timeline_days", "10")
    vendor.fill("#deliverables", "Phần mềm cho hai chi nhánh, nhập dữ liệu kho ban đầu, đào tạo 2 buổi.")
    check_page(vendor, JOURNEY, f"{name}-propose")
    vendor.get_by_role("button", name="Gửi đề xuất").click()
    expect(vendor.locator(".flash-success")).to_contain_text("Đã gửi đề xuất")


def test_sme_posts_officer_approves_two_invited_vendors_propose_sme_accepts_both_sign(
    open_page, demo_rows, vendor_login
):
    sme, officer, first, second = open_page(PHONE), open_page(), open_page(), open_page(PHONE)
    log_in_demo(officer, "officer")
    before = signed_count(officer)

    register_sme(sme, JOURNEY, unique_email("lan", "banle-lan.vn"), "Cửa hàng Bán lẻ Lan Anh", sector="trade")
    problem_id = post_problem(sme)

    officer.goto("/officer/problems/")
    check_page(officer, JOURNEY, "officer-queue")
    card = officer.locator(f"#problem-{problem_id}")
    card.get_by_role("button", name="Duyệt và công khai").click()
    expect(officer.locator(".flash-success")).to_be_visible()

    invited = demo_rows("problem_invitations", problem_id=problem_id)
    vendors: dict[str, str] = {}
    for row in sorted(invited, key=lambda r: r["rank"]):
        vendors.setdefault(row["vendor_id"], row["product_id"])
    assert len(vendors) >= 2, invited
    (vendor_a, product_a), (vendor_b, product_b) = list(vendors.items())[:2]
    for page, vendor_id, product_id, value, name in ((first, vendor_a, product_a, "18.000.000", "first"),
                                                     (second, vendor_b, product_b, "14.400.000", "second")):
        if vendor_id == "dv-01":
            log_in_demo(page, "vendor")
        else:
            log_in(page, *vendor_login(vendor_id))
        propose(page, problem_id, product_id, value, name)

    sme.goto(f"/problems/{problem_id}/compare")
    expect(sme.locator("table.compare")).to_contain_text("14.400.000 ₫")
    expect(sme.locator("table.compare")).to_contain_text("18.000.000 ₫")
    check_page(sme, JOURNEY, "sme-compare")
    column = sme.locator("table.compare td").filter(has=sme.get_by_role("button", name="Chọn đề xuất này"))
    assert column.count() == 2
    # The second vendor's (cheaper) proposal sits first: proposals are ordered by value.
    column.first.get_by_role("button", name="Chọn đề xuất này").click()
    expect(sme).to_have_url(re.compile(r"/contracts/[^/]+$"))
    expect(sme.locator("main")).to_contain_text("14.400.000 ₫")
    contract_path = sme.url.split(sme.url.split("/contracts/")[0])[-1]
    sign(sme, PASSWORD, "sme-sign")

    second.goto(contract_path)
    sign(second, DEMO_ACCOUNTS["vendor"][1] if vendor_b == "dv-01" else PASSWORD, "vendor-sign")
    expect(second.locator("main")).to_contain_text("Tính vào chỉ tiêu")

    first.goto(f"/problems/{problem_id}")
    expect(first.locator("main")).to_contain_text("Không được chọn")  # the other bidder is told
    check_page(first, JOURNEY, "rejected-bidder")
    assert signed_count(officer) == before + 1

    # The public board finds the awarded problem without diacritics.
    first.goto("/problems/?q=quan+ly+kho+cua+hang")
    expect(first.locator("main")).to_contain_text("Quản lý kho cho hai cửa hàng bán lẻ")
    check_page(first, JOURNEY, "board")
