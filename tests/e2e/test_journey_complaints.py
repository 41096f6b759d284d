"""Journey: an SME files a complaint about its contract (the deadline in working days shown), the vendor
answers, an officer writes to both and closes it upheld; the report by category counts it. Key pages at
390 and 1280 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.services import create_staff
from core.extensions import db
from marketplace.app import create_app
from marketplace.schema import upgrade
from tests.conftest import TEST_CONFIG
from tests.e2e.server import live_server
from tests.e2e.ui import check_page
from tests.factories import Factory
from tests.payments.builders import signed_contract

pytestmark = pytest.mark.e2e
JOURNEY = "complaints"
OFFICER = ("hoagiai@demo.vn", "Hoa-Giai-2026!")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A vendor's product, an SME with a signed contract for it, an officer."""
    folder = tmp_path_factory.mktemp("complaints-e2e")
    url = f"sqlite:///{folder / 'site.db'}"
    upgrade(url)
    app = create_app({**TEST_CONFIG, "DATABASE_URL": url, "SEARCH_INDEX_PATH": str(folder / "search.db")})
    with app.app_context():
        factory = Factory(db.session, app.extensions["passwords"])
        vendor = factory.user("vendor", email="hotro@saomai-demo.vn")
        listing = factory.listing("published", vendor_id=vendor.vendor_id, name="Kho vận Sao Mai")
        sme = factory.user(
            "sme", email="giamdoc@banhmi-demo.vn", sme_id=factory.sme(name="Lò bánh mì Hạnh").id
        )
        signed_contract(db.session, sme.sme_id, listing.id, listing.vendor_id, id="hd-2026-0077")
        create_staff(
            db.session, app.extensions["passwords"], email=OFFICER[0], password=OFFICER[1], role="officer"
        )
        db.session.commit()
    with live_server(app) as base_url:
        yield base_url
    app.extensions["db_engine"].dispose()


def test_a_complaint_from_filing_to_closing(open_as):
    sme = open_as("giamdoc@banhmi-demo.vn")
    sme.goto("/sme/")
    sme.get_by_role("link", name="Xem khiếu nại").click()
    check_page(sme, JOURNEY, "sme-complaints")
    sme.get_by_role("link", name="Khiếu nại hd-2026-0077").click()
    expect(sme.locator("main")).to_contain_text("10 ngày làm việc")
    sme.get_by_role("button", name="Gửi khiếu nại").click()
    expect(sme.locator("#category-error")).to_be_visible()  # nothing chosen: refused, naming the field
    check_page(sme, JOURNEY, "file-refused")
    sme.select_option("#category", "support")
    sme.fill("#description", "Phần mềm kho báo lỗi đồng bộ từ thứ Hai; gọi tổng đài ba lần chưa ai xử lý.")
    sme.fill("#attachments", "Ảnh chụp lỗi ngày 01/12; email gửi hotro@saomai-demo.vn ngày 02/12.")
    sme.get_by_role("button", name="Gửi khiếu nại").click()
    expect(sme.locator(".flash-success")).to_contain_text("nhà cung cấp cần trả lời trước ngày")
    complaint_url = sme.url

    vendor = open_as("hotro@saomai-demo.vn")
    vendor.goto(complaint_url)
    vendor.fill("#text", "Đã cử kỹ thuật viên; lỗi do bản cập nhật ngày 30/11, đã sửa.")
    vendor.get_by_role("button", name="Trả lời khiếu nại").click()
    expect(vendor.locator("#messages")).to_contain_text("Đã cử kỹ thuật viên")
    expect(vendor.locator("main")).to_contain_text("Nhà cung cấp đã trả lời")

    officer = open_as(*OFFICER)
    officer.locator("summary", has_text="Công việc khác").click()
    officer.get_by_role("link", name="Khiếu nại").click()
    check_page(officer, JOURNEY, "officer-list")
    officer.locator("article h2 a").first.click()
    officer.fill("#text", "Đề nghị nhà cung cấp gửi biên bản khắc phục cho doanh nghiệp.")
    officer.get_by_role("button", name="Gửi", exact=True).click()
    officer.get_by_label("Khiếu nại đúng", exact=True).check()
    officer.fill("#reason", "Lỗi do bản cập nhật của nhà cung cấp; doanh nghiệp gián đoạn ba ngày.")
    check_page(officer, JOURNEY, "detail-officer")
    officer.get_by_role("button", name="Đóng khiếu nại").click()
    expect(officer.locator(".flash-success")).to_contain_text("Đã đóng khiếu nại.")
    officer.goto("/officer/complaints/report?by=category")
    expect(officer.locator("table")).to_contain_text("Hỗ trợ, bảo hành")
    check_page(officer, JOURNEY, "report")

    sme.goto(complaint_url)
    expect(sme.locator("main")).to_contain_text("Khiếu nại đúng")
    expect(sme.locator("main")).to_contain_text("Lỗi do bản cập nhật của nhà cung cấp")
    check_page(sme, JOURNEY, "closed")
