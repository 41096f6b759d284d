"""Search as you type in a real browser, on the demo catalog, usable on a 390 px phone.

The browser runs in a thread of its own: Playwright's sync API refuses to start where another
suite's browser (tests/e2e keeps one for the whole session) already runs an event loop.
"""

import threading

import pytest
from playwright.sync_api import sync_playwright

from demo.cli import DEMO_FILE, demo_command
from marketplace.app import create_app
from marketplace.schema import upgrade
from tests.conftest import TEST_CONFIG
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.server import live_server
from tests.e2e.ui import PHONE, check_page

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("search-e2e")]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('search-e2e') / 'e2e.db'}"
    upgrade(url)
    app = create_app({**TEST_CONFIG, "DATABASE_URL": url})
    result = app.test_cli_runner().invoke(demo_command, ["--file", str(DEMO_FILE)])
    assert result.exit_code == 0, result.output
    with live_server(app) as base_url:
        yield base_url
    app.extensions["db_engine"].dispose()


def in_browser(scenario, **context) -> None:
    """Run scenario(page) in a fresh Chromium page, in a thread of its own; re-raise what it raised."""
    failures: list[BaseException] = []

    def run():
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    page = browser.new_context(**context).new_page()
                    page.set_default_timeout(15_000)
                    errors = []
                    page.on("pageerror", lambda exc: errors.append(str(exc)))
                    scenario(page)
                    assert not errors, f"script errors: {errors}"
                finally:
                    browser.close()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test's thread
            failures.append(exc)

    thread = threading.Thread(target=run, name="search-browser")
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive(), "the browser scenario did not finish in 120 s"
    if failures:
        raise failures[0]


def test_results_follow_the_words_as_they_are_typed(site):
    def scenario(page):
        page.goto("/")
        box = page.locator("#catalog-q")
        box.press_sequentially("hoas ddonw ddieenj tuwr", delay=20)
        first = page.locator("#catalog-results article").first
        first.locator("mark").first.wait_for()
        assert "Hóa đơn" in first.inner_text()
        assert "Đúng nhu cầu: Hóa đơn điện tử" in first.locator(".why").inner_text()  # why it came up
        assert "q=hoas+ddonw+ddieenj+tuwr" in page.url
        count = page.locator("#catalog-filters input[name=category][value=e_invoice] ~ .count")
        assert int(count.text_content()) >= 1  # the filter panel starts folded on a phone
        check_page(page, "search", "search-as-you-type")
        box.fill("qqqzzzxxx")  # one input event: emptying the box would reload the page
        page.get_by_text("Không có sản phẩm nào khớp.").wait_for()

    in_browser(scenario, base_url=site, viewport=PHONE, locale="vi-VN")


def test_the_plain_form_works_without_javascript(site):
    def scenario(page):
        page.goto("/")
        page.fill("#catalog-q", "phan mem ke toan")
        page.locator(".catalog-search button[type=submit]").click()
        page.wait_for_url("**/?q=phan+mem+ke+toan*")
        assert "Kế toán" in page.locator("#catalog-results article").first.inner_text()

    in_browser(scenario, base_url=site, viewport=PHONE, java_script_enabled=False)
