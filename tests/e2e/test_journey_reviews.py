"""Journey: an SME whose contract was counted 40 days ago reviews the product, the officer publishes
the review, the vendor replies once, and the rating shows on the catalog (sorted by rating) and the
product page. Key pages at 390 and 1280 px."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from accounts.services import create_staff
from core.extensions import db
from marketplace.app import create_app
from marketplace.schema import upgrade
from reviews.services import vn_today
from tests.conftest import TEST_CONFIG
from tests.e2e.server import live_server
from tests.e2e.ui import check_page
from tests.factories import Factory
from tests.payments.builders import signed_contract

pytestmark = pytest.mark.e2e
JOURNEY = "reviews"
OFFICER = ("kiemduyet@demo.vn", "Kiem-Duyet-2026!")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A vendor's published product, an SME with a contract counted 40 days ago, an officer."""
    folder = tmp_path_factory.mktemp("reviews-e2e")
    url = f"sqlite:///{folder / 'site.db'}"
    upgrade(url)
    app = create_app({**TEST_CONFIG, "DATABASE_URL": url, "SEARCH_INDEX_PATH": str(folder / "search.db")})
    with app.app_context():
        factory = Factory(db.session, app.extensions["passwords"])
        vendor = factory.user("vendor", email="banhang@misa-demo.vn")
        listing = factory.listing(
            "published",
            vendor_id=vendor.vendor_id,
            id="p-hoadon",
            name="Hóa đơn điện tử Sao Mai",
            categories=["e_invoice"],
        )
        sme = factory.user("sme", email="ketoan@gomviet.vn", sme_id=factory.sme(name="Công ty Gốm Việt").id)
        signed_contract(
            db.session,
            sme.sme_id,
            listing.id,
            listing.vendor_id,
            id="hd-2026-0042",
            counted_day=vn_today() - timedelta(days=40),
            status="active",
        )
        create_staff(
            db.session, app.extensions["passwords"], email=OFFICER[0], password=OFFICER[1], role="officer"
        )
        db.session.commit()
    with live_server(app) as base_url:
        yield base_url
    app.extensions["db_engine"].dispose()


def test_an_sme_reviews_the_officer_publishes_the_vendor_replies_and_the_catalog_shows_it(open_as):
    sme = open_as("ketoan@gomviet.vn")
    sme.get_by_role("link", name="Doanh nghiệp của tôi").click()
    expect(sme.locator("#reviews")).to_contain_text("hd-2026-0042")
    check_page(sme, JOURNEY, "sme-dashboard")
    sme.locator("#reviews").get_by_role("link", name="Viết đánh giá").click()
    expect(sme.locator("main")).to_contain_text("Hợp đồng đã xác thực")
    check_page(sme, JOURNEY, "write")
    # Too short a text is refused, naming the field; nothing is saved.
    sme.get_by_label("★★★★", exact=True).check()
    sme.fill("#title", "Xuất hóa đơn nhanh")
    sme.fill("#body", "Tốt")
    sme.get_by_role("button", name="Gửi đánh giá").click()
    expect(sme.locator("#body-error")).to_contain_text("Từ 20 đến 5.000 ký tự.")
    check_page(sme, JOURNEY, "write-refused")
    sme.get_by_label("★★★★", exact=True).check()
    sme.select_option("#ease_of_use", "5")
    sme.select_option("#support", "4")
    sme.fill("#body", "Xuất hóa đơn trong vài giây; nhân viên bán hàng quen sau một tuần.")
    sme.fill("#work_change", "Kế toán bớt hai ngày nhập liệu mỗi tháng.")
    sme.get_by_role("button", name="Gửi đánh giá").click()
    expect(sme.locator(".flash-success")).to_contain_text("sau khi cán bộ kiểm duyệt")
    expect(sme.locator("#reviews")).to_contain_text("Chờ kiểm duyệt")

    officer = open_as(*OFFICER)
    officer.locator("summary", has_text="Công việc khác").click()
    officer.get_by_role("link", name="Kiểm duyệt đánh giá").click()
    expect(officer.locator("main")).to_contain_text("Xuất hóa đơn nhanh")
    check_page(officer, JOURNEY, "moderation")
    officer.get_by_role("button", name="Đăng Xuất hóa đơn nhanh").click()
    expect(officer.locator(".flash-success")).to_contain_text("Đã đăng đánh giá.")

    vendor = open_as("banhang@misa-demo.vn")
    vendor.goto("/vendor/")
    vendor.get_by_role("link", name="Xem và trả lời").click()
    check_page(vendor, JOURNEY, "vendor-reviews")
    vendor.get_by_label("Trả lời công khai").fill("Cảm ơn Gốm Việt; bản cập nhật tháng sau thêm mẫu hóa đơn.")
    vendor.get_by_role("button", name="Đăng trả lời Xuất hóa đơn nhanh").click()
    expect(vendor.locator(".flash-success")).to_contain_text("Đã đăng câu trả lời.")
    expect(vendor.get_by_role("button", name="Đăng trả lời Xuất hóa đơn nhanh")).to_have_count(0)

    visitor = open_as(None)
    visitor.goto("/?sort=rating")
    card = visitor.locator("#p-p-hoadon")
    expect(card).to_contain_text("4,0")
    expect(card).to_contain_text("1 đánh giá")
    check_page(visitor, JOURNEY, "catalog-by-rating")
    card.get_by_role("link", name="Hóa đơn điện tử Sao Mai").click()
    reviews = visitor.locator("#reviews")
    expect(reviews).to_contain_text("Xuất hóa đơn nhanh")
    expect(reviews).to_contain_text("Trả lời của nhà cung cấp")
    expect(reviews).to_contain_text("Dễ sử dụng")
    check_page(visitor, JOURNEY, "product")
