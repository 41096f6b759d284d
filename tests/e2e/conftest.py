"""Browser journeys: the app with the demo data on a file SQLite database, served over real HTTP,
driven by Debian's Chromium through Playwright (no browser download)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from marketplace.app import create_app
from tests.conftest import TEST_CONFIG
from tests.e2e.server import live_server
from tests.e2e.ui import ARTIFACTS, DESKTOP

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
REPO_COPY = Path(__file__).resolve().parents[1] / "matching" / "data" / "matching-dev.json"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """The marketplace with the demo data imported by the project's own `marketplace demo` command."""
    from catalog.cli import DEMO_FILE, demo_command

    # The shared demo file next to the repository, else the repository's own copy of it.
    source = next((p for p in (DEMO_FILE, REPO_COPY) if p.exists()), None)
    if source is None:
        pytest.skip(f"demo data missing: neither {DEMO_FILE} nor {REPO_COPY} exists")
    folder = tmp_path_factory.mktemp("e2e")
    app = create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{folder / 'e2e.db'}",
                      "SEARCH_INDEX_PATH": str(folder / "search.db")})
    result = app.test_cli_runner().invoke(demo_command, ["--file", str(source)])
    assert result.exit_code == 0, result.output
    with live_server(app) as base_url:
        yield base_url
    app.extensions["db_engine"].dispose()


@pytest.fixture(scope="module")
def chromium():
    """Chromium for one test module. Playwright's sync API allows one instance per thread at a time:
    a session-wide browser would break other modules' browser tests running in the same worker."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (scripts/test does it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(chromium, demo_site, request):
    """open_page() -> a page in a fresh browser context (own cookies: one per person in a journey)."""
    contexts, errors = [], []

    def open_one():
        context = chromium.new_context(base_url=demo_site, viewport=DESKTOP, locale="vi-VN",
                                       accept_downloads=True)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda msg: errors.append(f"{msg.text} ({msg.location.get('url')})")
                if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        return page

    yield open_one
    report = getattr(request.node, "rep_call", None)
    for number, context in enumerate(contexts):
        if report is not None and report.failed and context.pages:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            context.pages[-1].screenshot(path=str(ARTIFACTS / f"{request.node.name}-failure-{number}.png"),
                                         full_page=True)
        context.close()
    assert not errors, f"browser errors (CSP violations, scripts): {errors}"


@pytest.fixture
def page(open_page):
    return open_page()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session", autouse=True)
def _fresh_artifacts(request):
    if any(item.get_closest_marker("e2e") for item in request.session.items) and ARTIFACTS.exists():
        shutil.rmtree(ARTIFACTS, ignore_errors=True)
