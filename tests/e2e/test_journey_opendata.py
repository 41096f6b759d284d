"""Journey: an officer gives the national portal a partner key in Chromium (a refused form first), the
portal reads the open data with it, the officer reads its calls and revokes it; a push the portal
refused is replayed from the delivery log. Pages at 390 and 1280 px."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from core.extensions import db
from opendata import sync
from opendata.sync import post
from tests.e2e.steps import log_in_demo
from tests.e2e.ui import check_page
from tests.opendata.receiver import Receiver

pytestmark = pytest.mark.e2e
JOURNEY = "opendata"


def test_an_officer_gives_a_partner_a_key_reads_its_calls_and_revokes_it(page):
    log_in_demo(page, "officer")
    page.locator("summary", has_text="Công việc khác").click()
    page.get_by_role("link", name="Dữ liệu mở").click()
    expect(page.locator("h1")).to_have_text("Khóa API đối tác")
    check_page(page, JOURNEY, "keys")

    page.fill("#name", "Cổng thông tin hỗ trợ DNNVV quốc gia")
    page.fill("#per_minute", "")
    page.get_by_role("button", name="Tạo khóa").click()
    expect(page.locator("#scopes-error")).to_contain_text("Chọn ít nhất một phạm vi.")
    expect(page.locator("#per_minute-error")).to_contain_text("Cần nhập hạn mức.")
    check_page(page, JOURNEY, "keys-refused")

    page.get_by_label("Danh mục: ấn bản, sản phẩm, nhà cung cấp").check()
    page.fill("#per_minute", "1.200")
    page.get_by_role("button", name="Tạo khóa").click()
    key = page.locator("#new-key-text").inner_text()
    assert re.fullmatch(r"mk_[0-9a-f]{8}\.[A-Za-z0-9_-]{40,}", key)
    check_page(page, JOURNEY, "key-made")

    # The portal reads the catalog with it; the indicators are outside its scope.
    products = page.request.get("/api/v1/open/products?limit=2", headers={"X-API-Key": key})
    assert products.status == 200 and len(products.json()["items"]) == 2
    assert page.request.get("/api/v1/open/indicators", headers={"X-API-Key": key}).status == 403

    page.goto("/officer/open-data/keys")
    page.get_by_role("link", name="Cổng thông tin hỗ trợ DNNVV quốc gia").first.click()
    expect(page.locator("tbody tr")).to_have_count(2)
    expect(page.locator("tbody")).to_contain_text("GET /api/v1/open/indicators")
    check_page(page, JOURNEY, "key-calls")

    page.goto("/officer/open-data/keys")
    prefix = key.split(".")[0]
    page.get_by_role("button", name=f"Thu hồi khóa {prefix}").click()
    expect(page.locator(".flash-success")).to_contain_text(f"Đã thu hồi khóa {prefix}.")
    assert page.request.get("/api/v1/open/products", headers={"X-API-Key": key}).status == 401


def test_an_officer_replays_a_push_the_portal_refused(page, demo_app):
    with Receiver("portal-secret") as portal, demo_app.app_context():
        portal.fail_next = 10**6  # the portal is down for the whole first run
        now = datetime.now(UTC)
        sync.queue_due(db.session, now)
        sync.deliver_due(db.session, portal.url, "portal-secret", post, now)
        db.session.commit()
    log_in_demo(page, "officer")
    page.goto("/officer/open-data/deliveries")
    first = page.locator("section.delivery").last
    expect(first).to_contain_text("HTTP 503")
    expect(first).to_contain_text("chờ gửi")
    first.locator("summary").click()
    check_page(page, JOURNEY, "deliveries")
    first.get_by_role("button", name="Gửi lại").click()
    expect(page.locator(".flash-success")).to_contain_text("sẽ được gửi lại ở lượt chạy tới")
