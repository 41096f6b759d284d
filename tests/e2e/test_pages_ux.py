"""The pages changed for phones and assistive technology, driven in Chromium at 390 and 1280 px: the
catalog filters keep the reader's place, the shortlist and comparison, the header, the phone menu, the
month chart, product tags by name."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import log_in_demo
from tests.e2e.ui import DESKTOP, PHONE, check_page

pytestmark = pytest.mark.e2e
JOURNEY = "ux"


def results_count(page) -> str:
    return page.locator("#catalog-results > p.muted").first.inner_text()


def test_a_ticked_filter_updates_the_results_in_place_and_filter_folds_the_panel_on_a_phone(page):
    page.set_viewport_size(PHONE)
    page.goto("/")
    page.locator(".filter-panel > summary").click()
    page.evaluate("window.stayed = true")  # gone if the page reloads
    box = page.locator(".filter-panel input[name=category]").first
    box.scroll_into_view_if_needed()
    before, scrolled = results_count(page), page.evaluate("window.scrollY")
    box.check()
    expect(page.locator("#catalog-results > p.muted").first).not_to_have_text(before)
    assert page.evaluate("window.stayed") is True, "the page reloaded"
    assert abs(page.evaluate("window.scrollY") - scrolled) < 5, "the reader lost their place"
    assert "category=" in page.url
    page.locator(".filter-panel").get_by_role("button", name="Lọc").click()
    expect(page.locator(".filter-panel")).not_to_have_attribute("open", "")
    top = page.evaluate("document.getElementById('catalog-results').getBoundingClientRect().top")
    assert -2 <= top < 200, f"results not brought into view: {top}"
    check_page(page, JOURNEY, "catalog-filtered")


def test_without_javascript_the_filter_button_opens_the_page_at_the_results(chromium, demo_site):
    context = chromium.new_context(base_url=demo_site, viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.locator(".filter-panel input[name=category]").first.check()
    page.locator(".filter-panel").get_by_role("button", name="Lọc").click()
    page.wait_for_load_state()
    assert re.search(r"category=.*#catalog-results$", page.url), page.url
    assert page.evaluate("window.scrollY") > 500, "the page opened at the top, not at the results"
    context.close()


def test_visitors_save_products_and_compare_them_side_by_side(page):
    page.goto("/")
    page.evaluate("window.stayed = true")
    card = page.locator("#catalog-results article", has=page.locator("a[href='/products/dp-01']"))
    card.locator(".shortlist-toggle button").click()
    expect(page.locator("header .shortlist-count")).to_have_text("1")
    assert page.evaluate("window.stayed") is True, "saving reloaded the catalog"
    page.goto("/products/dp-02")
    page.locator("main .shortlist-toggle button").click()
    expect(page.locator("header .shortlist-count")).to_have_text("2")
    expect(page.locator("main .shortlist-toggle .save-text")).to_have_text("Bỏ lưu")
    page.goto("/shortlist")
    expect(page.locator("ul.shortlist > li")).to_have_count(2)
    check_page(page, JOURNEY, "shortlist")
    page.get_by_role("button", name="So sánh").click()
    expect(page.locator("table.compare thead th[scope=col]")).to_have_count(3)
    expect(page.locator("table.compare")).to_contain_text("Cơ quan thuế")
    expect(page.locator("table.compare")).to_contain_text("Tiếng Việt, English")
    check_page(page, JOURNEY, "compare")
    page.set_viewport_size(PHONE)
    wrap = page.locator(".compare-wrap")
    left = wrap.evaluate("w => w.getBoundingClientRect().left")
    wrap.evaluate("w => { w.scrollLeft = 250; }")
    first_column = page.locator("table.compare tbody th[scope=row]").first
    stays = first_column.evaluate("th => th.getBoundingClientRect().left")
    assert abs(stays - left) < 2, "the criteria column scrolled away"
    page.screenshot(path="test-artifacts/e2e/ux/compare-scrolled-390.png")


def test_the_header_is_one_row_at_desktop_width_for_every_role(open_page):
    for role in ("officer", "vendor", "sme"):
        page = open_page()
        log_in_demo(page, role)
        page.set_viewport_size(DESKTOP)
        page.goto("/")
        height = page.locator("header.topbar").evaluate("h => h.getBoundingClientRect().height")
        assert height <= 64, f"the {role}'s header wraps: {height}px"


def test_the_phone_menu_control_is_reached_by_the_keyboard_and_shows_its_focus(page):
    page.set_viewport_size(PHONE)
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    assert page.locator(".skip-link").evaluate("a => a.getBoundingClientRect().top") >= 0
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator("#nav-toggle")).to_be_focused()
    label = page.locator(".nav-toggle-label")
    assert label.evaluate("l => getComputedStyle(l).outlineStyle") != "none", "no visible focus"
    box, shown = page.locator("#nav-toggle").bounding_box(), label.bounding_box()
    assert abs(box["x"] - shown["x"]) < 2 and abs(box["y"] - shown["y"]) < 2, (box, shown)
    page.screenshot(path="test-artifacts/e2e/ux/menu-focus-390.png")
    page.keyboard.press("Space")
    expect(page.locator("#site-nav").get_by_role("link", name="Danh mục giải pháp")).to_be_visible()


def test_the_month_chart_labels_stay_readable_on_a_phone(page):
    log_in_demo(page, "officer")
    page.set_viewport_size(PHONE)
    page.goto("/officer/dashboard")
    height = page.locator("svg.chart.columns text").last.evaluate("t => t.getBoundingClientRect().height")
    assert height >= 10, f"month labels are {height}px high"
    page.screenshot(path="test-artifacts/e2e/ux/dashboard-390.png", full_page=True)


def test_product_pages_name_integrations_and_languages(page):
    page.goto("/products/dp-01")
    details = page.locator("dl.details")
    expect(details).to_contain_text("Cơ quan thuế")
    expect(details).to_contain_text("MISA")
    expect(details).to_contain_text("Tiếng Việt, English")
    assert "cqt" not in details.inner_text()
    check_page(page, JOURNEY, "product")


def test_the_vendors_leads_page_on_a_phone_and_at_desktop_width(open_page):
    """The leads page (read from the saved suggestions, or ranked when none hold) lists the consenting
    demo SMEs that have one of the demo vendor's products among their best, with the reasons."""
    vendor = open_page(PHONE)
    log_in_demo(vendor, "vendor")
    vendor.goto("/vendor/leads/")
    expect(vendor.locator("h1")).to_have_text("Doanh nghiệp phù hợp với sản phẩm của bạn")
    expect(vendor.locator("main ul.reasons").first).to_be_visible()
    check_page(vendor, JOURNEY, "vendor-leads")
