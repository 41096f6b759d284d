"""Search as you type in a real browser, on the demo catalog, usable on a 390 px phone."""

import pytest

from tests.e2e.conftest import chromium, demo_site, open_page, page  # noqa: F401 - the browser fixtures
from tests.e2e.ui import PHONE, check_page

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_results_follow_the_words_as_they_are_typed(page):  # noqa: F811 - fixture imported above
    page.set_viewport_size(PHONE)
    page.goto("/")
    box = page.locator("#catalog-q")
    box.press_sequentially("hoas ddonw ddieenj tuwr", delay=20)
    first = page.locator("#catalog-results article").first
    first.locator("mark").first.wait_for()
    assert "Hóa đơn" in first.inner_text()
    assert "q=hoas+ddonw+ddieenj+tuwr" in page.url
    counts = page.locator("#catalog-filters input[name=category][value=e_invoice] ~ .count")
    assert int(counts.text_content()) >= 1  # the filter panel starts folded on a phone
    check_page(page, "search", "search-as-you-type")

    box.fill("qqqzzzxxx")  # one input event: emptying the box would reload the page
    page.get_by_text("Không có sản phẩm nào khớp.").wait_for()


def test_the_plain_form_works_without_javascript(chromium, demo_site):  # noqa: F811
    context = chromium.new_context(base_url=demo_site, java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto("/")
        page.fill("#catalog-q", "phan mem ke toan")
        page.locator(".catalog-search button[type=submit]").click()
        page.wait_for_url("**/?q=phan+mem+ke+toan*")
        assert "Kế toán" in page.locator("#catalog-results article").first.inner_text()
    finally:
        context.close()
