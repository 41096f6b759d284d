"""Journey: an officer reviews flagged deals in Chromium (clears one with a note, suspends the product of
another); an SME and a vendor keep the contact details the checks read. Key pages at 390 and 1280 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.services import create_staff
from core.extensions import db
from integrity.scan import scan
from marketplace.app import create_app
from marketplace.schema import upgrade
from tests.conftest import TEST_CONFIG
from tests.e2e.server import live_server
from tests.e2e.steps import log_in, log_in_demo
from tests.e2e.ui import DESKTOP, check_page
from tests.integrity.builders import contract, load, sme

pytestmark = pytest.mark.e2e
JOURNEY = "integrity"
OFFICER = ("thanhtra@demo.vn", "Thanh-Tra-2026!")


@pytest.fixture(scope="module")
def flagged_site(tmp_path_factory):
    """A marketplace whose records hold flagged deals (imported, then scanned) and an officer."""
    folder = tmp_path_factory.mktemp("integrity-e2e")
    url = f"sqlite:///{folder / 'site.db'}"
    upgrade(url)
    app = create_app({**TEST_CONFIG, "DATABASE_URL": url, "SEARCH_INDEX_PATH": str(folder / "search.db")})
    with app.app_context():
        smes = [
            sme("s-1", name="Công ty TNHH Thương mại Hòa Bình", phone="+84 912 345 678"),
            sme(
                "s-2", name="Hộ kinh doanh Gốm Bát Tràng", address="Tầng 5, tòa nhà Sông Đà, 18 Phạm Hùng, HN"
            ),
        ]
        contracts = [
            contract("hd-2026-0017", "s-1", value_vnd=14_000_000),
            contract("hd-2026-0021", "s-2", status="terminated", ended_at="2026-03-12T10:00:00+07:00"),
        ]
        load(db.session, smes, contracts)
        create_staff(
            db.session, app.extensions["passwords"], email=OFFICER[0], password=OFFICER[1], role="officer"
        )
        scan(db.session)
        db.session.commit()
    with live_server(app) as base_url:
        yield base_url
    app.extensions["db_engine"].dispose()


@pytest.fixture
def officer_page(chromium, flagged_site):
    context = chromium.new_context(base_url=flagged_site, viewport=DESKTOP, locale="vi-VN")
    context.set_default_timeout(15_000)
    errors: list[str] = []
    page = context.new_page()
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page, *OFFICER)
    yield page
    context.close()
    assert not errors, f"browser errors (CSP violations, scripts): {errors}"


def test_an_officer_clears_one_flag_and_suspends_the_product_of_another(officer_page):
    page = officer_page
    page.locator("summary", has_text="Công việc khác").click()  # officers' other work
    page.get_by_role("link", name="Giao dịch cần xem xét").click()
    cards = page.locator("section.flag")
    expect(cards).to_have_count(2)
    first = page.locator("#flag-hd-2026-0017")
    expect(first).to_contain_text("Cùng số điện thoại 0912 345 678 với nhà cung cấp")
    expect(first).to_contain_text("gấp 2,3 lần giá niêm yết 6.000.000 ₫ cho 12 tháng")
    expect(page.locator("#flag-hd-2026-0021")).to_contain_text("Hợp đồng chấm dứt 10 ngày sau khi ký")
    check_page(page, JOURNEY, "flags")

    # A decision without a note is refused, and nothing changes.
    first.get_by_role("button", name="Bỏ cờ").click()
    expect(page.locator("#flag-hd-2026-0017")).to_be_visible()  # the browser asks for the note first

    page.fill("#note-hd-2026-0017", "Cùng số điện thoại của kế toán dịch vụ thuê ngoài; giá có hóa đơn.")
    page.locator("#flag-hd-2026-0017").get_by_role("button", name="Bỏ cờ").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã bỏ cờ hợp đồng hd-2026-0017.")
    expect(page.locator("section.flag")).to_have_count(1)

    page.fill("#note-hd-2026-0021", "Ký rồi chấm dứt ngay sau khi nhận hỗ trợ; tạm ngừng để làm rõ.")
    page.locator("#flag-hd-2026-0021").get_by_role("button", name="Tạm ngừng sản phẩm").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã tạm ngừng sản phẩm của hợp đồng hd-2026-0021.")
    expect(page.locator("main")).to_contain_text("Không có giao dịch nào ở trạng thái này.")

    page.get_by_role("link", name="Đã bỏ cờ (1)").click()
    expect(page.locator("#flag-hd-2026-0017")).to_contain_text(
        "Cùng số điện thoại của kế toán dịch vụ thuê ngoài"
    )
    check_page(page, JOURNEY, "flags-cleared")
    page.get_by_role("button", name="English").click()
    expect(page.locator("#flag-hd-2026-0017")).to_contain_text("Same phone number 0912 345 678 as the vendor")
    check_page(page, JOURNEY, "flags-cleared-en")


def test_an_sme_and_a_vendor_keep_the_details_the_checks_read(open_page):
    sme_page, vendor_page = open_page(), open_page()
    log_in_demo(sme_page, "sme")
    sme_page.goto("/sme/profile")
    sme_page.fill("#address", "Số 12, ngõ 34, phố Huế, Hai Bà Trưng, Hà Nội")
    sme_page.fill("#phone", "024 3812 3456")
    check_page(sme_page, JOURNEY, "sme-profile")
    sme_page.get_by_role("button", name="Lưu hồ sơ").click()
    expect(sme_page.locator(".flash-success")).to_contain_text("Đã lưu hồ sơ doanh nghiệp.")
    sme_page.goto("/sme/profile")
    expect(sme_page.locator("#address")).to_have_value("Số 12, ngõ 34, phố Huế, Hai Bà Trưng, Hà Nội")
    expect(sme_page.locator("#phone")).to_have_value("024 3812 3456")

    log_in_demo(vendor_page, "vendor")
    vendor_page.goto("/vendor/")
    vendor_page.get_by_role("link", name="Thông tin doanh nghiệp").click()
    vendor_page.fill("#address", "Tầng 5, tòa nhà Sông Đà, 18 Phạm Hùng, Nam Từ Liêm, Hà Nội")
    check_page(vendor_page, JOURNEY, "vendor-profile-form")
    vendor_page.fill("#contact_email", "lienhe@nhacungcap.vn")
    vendor_page.get_by_role("button", name="Lưu").click()
    expect(vendor_page.locator(".flash-success")).to_contain_text("Đã lưu thông tin nhà cung cấp.")
    vendor_page.get_by_role("link", name="Thông tin doanh nghiệp").click()
    expect(vendor_page.locator("#address")).to_have_value(
        "Tầng 5, tòa nhà Sông Đà, 18 Phạm Hùng, Nam Từ Liêm, Hà Nội"
    )
    check_page(vendor_page, JOURNEY, "vendor-profile")
