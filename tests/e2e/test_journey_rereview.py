"""Journey: two listings near the end of their yearly approval; the vendor is reminded on its dashboard
and files the re-review of both, the officer renews one and lets the other lapse, publishes the next
edition, and the edition's diff says why the lapsed one left. Key pages at 390 and 1280 px."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from accounts.services import create_staff
from catalog.services import publish_edition
from core.extensions import db
from marketplace.app import create_app
from marketplace.schema import upgrade
from rereview import services
from rereview.models import ListingApproval
from tests.conftest import TEST_CONFIG
from tests.e2e.server import live_server
from tests.e2e.ui import check_page
from tests.factories import Factory

pytestmark = pytest.mark.e2e
JOURNEY = "rereview"
OFFICER = ("taithamdinh@demo.vn", "Tai-Tham-Dinh-2026!")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A vendor's two published listings in edition 1, approved 330 days ago; an officer."""
    folder = tmp_path_factory.mktemp("rereview-e2e")
    url = f"sqlite:///{folder / 'site.db'}"
    upgrade(url)
    app = create_app({**TEST_CONFIG, "DATABASE_URL": url, "SEARCH_INDEX_PATH": str(folder / "search.db")})
    with app.app_context():
        factory = Factory(db.session, app.extensions["passwords"])
        vendor = factory.user("vendor", email="sanpham@hoasen-demo.vn")
        for pid, name in (("p-banhang", "Bán hàng Hoa Sen"), ("p-kho", "Kho hàng Hoa Sen")):
            factory.listing("published", vendor_id=vendor.vendor_id, id=pid, name=name)
        officer = create_staff(
            db.session, app.extensions["passwords"], email=OFFICER[0], password=OFFICER[1], role="officer"
        )
        publish_edition(db.session, officer, "90/QĐ-SKHCN", date(2026, 1, 5))
        today = services.vn_today()
        services.scan(db.session, today)
        for approval in db.session.scalars(select(ListingApproval)):
            approval.approved_on = today - timedelta(days=330)
            approval.expires_on = today + timedelta(days=35)
        services.scan(db.session, today)  # the reminders
        db.session.commit()
    with live_server(app) as base_url:
        yield base_url
    app.extensions["db_engine"].dispose()


def test_the_vendor_files_the_officer_renews_one_lets_one_lapse_and_the_diff_says_why(open_as):
    vendor = open_as("sanpham@hoasen-demo.vn")
    vendor.goto("/vendor/")
    expect(vendor.locator("#rereview-title")).to_contain_text("Sắp hết hạn phê duyệt")
    vendor.get_by_role("link", name="Nộp hồ sơ tái thẩm định").click()
    expect(vendor.locator("main")).to_contain_text("Ít nhất 5 khách hàng đang dùng")
    check_page(vendor, JOURNEY, "vendor")
    vendor.fill("#note-p-banhang", "Thêm ba cửa hàng mới trong quý IV.")
    vendor.get_by_role("button", name="Nộp hồ sơ tái thẩm định Bán hàng Hoa Sen").click()
    expect(vendor.locator(".flash-success")).to_contain_text("Đã nộp hồ sơ tái thẩm định")
    vendor.get_by_role("button", name="Nộp hồ sơ tái thẩm định Kho hàng Hoa Sen").click()
    expect(vendor.locator("#listing-p-kho")).to_contain_text("đang chờ cán bộ xem xét")

    officer = open_as(*OFFICER)
    officer.locator("summary", has_text="Công việc khác").click()
    officer.get_by_role("link", name="Tái thẩm định").click()
    expect(officer.locator("main")).to_contain_text("Thêm ba cửa hàng mới")
    check_page(officer, JOURNEY, "officer")
    officer.get_by_role("button", name="Gia hạn p-banhang").click()
    expect(officer.locator(".flash-success")).to_contain_text("Đã gia hạn phê duyệt.")
    officer.get_by_role("button", name="Để hết hạn p-kho").click()
    # A lapse needs the officer's note: refused, nothing changes.
    expect(officer.locator(".flash-danger")).to_contain_text("Ghi lý do của quyết định.")
    officer.locator("section.card", has_text="p-kho").get_by_label("Ghi chú của cán bộ").fill(
        "Chưa có khách hàng nào đang dùng sau một năm."
    )
    officer.get_by_role("button", name="Để hết hạn p-kho").click()
    expect(officer.locator(".flash-success")).to_contain_text("rời ấn bản danh mục tiếp theo")

    officer.goto("/officer/editions/new")
    officer.fill("#decision_number", "301/QĐ-SKHCN")
    officer.get_by_role("button", name="Công bố ấn bản").click()
    expect(officer.locator(".flash-success")).to_contain_text("Đã công bố ấn bản")
    officer.goto("/editions/2/diff")
    removed = officer.locator("section.card", has_text="Sản phẩm bị bỏ")
    expect(removed).to_contain_text("Kho hàng Hoa Sen")
    expect(removed).to_contain_text("Chưa có khách hàng nào đang dùng sau một năm.")
    check_page(officer, JOURNEY, "edition-diff")
    vendor.goto("/vendor/rereview")
    expect(vendor.locator("#listing-p-kho")).to_contain_text("Đã hết hạn, không gia hạn")
    expect(vendor.locator("#listing-p-banhang")).to_contain_text("Đã gia hạn")
