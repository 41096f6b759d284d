"""Browser journeys: the app with the demo data on a file SQLite database, served over real HTTP,
driven by Debian's Chromium through Playwright (no browser download)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from demo.cli import DEMO_FILE, demo_command
from marketplace.app import create_app
from marketplace.schema import upgrade
from tests.conftest import TEST_CONFIG
from tests.e2e.server import live_server
from tests.e2e.steps import PASSWORD
from tests.e2e.ui import ARTIFACTS, DESKTOP
from tests.factories import Factory
from tests.mailbox import Mailbox

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
# Chromium logs a page answered 409 or 422 as an error; the app answers a refused form so, on purpose.
REFUSED = re.compile(r"Failed to load resource: the server responded with a status of (409|422) ")
# As long as an action may take (the contexts' default timeout below): on a busy 2-core machine a form's
# POST and redirect can take longer than Playwright's 5 s default for assertions.
expect.set_options(timeout=15_000)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def mailbox():
    """The SMTP server the demo marketplace sends its mail to (in-process), and what it received."""
    box = Mailbox().start()
    yield box
    box.stop()


@pytest.fixture(scope="session")
def demo_app(tmp_path_factory, mailbox):
    """The marketplace with the demo data imported by the project's own `marketplace demo` command."""
    folder = tmp_path_factory.mktemp("e2e")
    url = f"sqlite:///{folder / 'e2e.db'}"
    upgrade(url)
    app = create_app({**TEST_CONFIG, "DATABASE_URL": url, "MAIL_PORT": mailbox.port,
                      "SEARCH_INDEX_PATH": str(folder / "search.db")})
    result = app.test_cli_runner().invoke(demo_command, ["--file", str(DEMO_FILE)])
    assert result.exit_code == 0, result.output
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture(scope="session")
def demo_site(demo_app):
    """The demo marketplace served over real HTTP: its base URL."""
    with live_server(demo_app) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def demo_rows(demo_app):
    """demo_rows(table, **where) -> the stored rows of `table` (dicts), to compare before and after."""
    engine = demo_app.extensions["db_engine"]

    def read(table: str, **where) -> list[dict]:
        found = sa.Table(table, sa.MetaData(), autoload_with=engine)
        query = sa.select(found).where(*[found.c[k] == v for k, v in where.items()])
        with engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query.order_by(*found.primary_key))]

    return read


@pytest.fixture(scope="session")
def vendor_login(demo_app):
    """vendor_login(vendor_id) -> (email, password) of a member of that demo vendor, added once (the demo
    has a login for its first vendor only)."""
    from core.extensions import db
    from vendors.services import add_member

    made: dict[str, tuple[str, str]] = {}

    def login_for(vendor_id: str) -> tuple[str, str]:
        if vendor_id not in made:
            email = f"thanhvien.{vendor_id}@demo.vn"
            with demo_app.app_context():
                add_member(db.session, demo_app.extensions["passwords"], vendor_id, email=email,
                           password=PASSWORD, full_name=f"Thành viên {vendor_id}", actor=None)
                db.session.commit()
            made[vendor_id] = (email, PASSWORD)
        return made[vendor_id]

    return login_for


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
    """open_page(viewport=DESKTOP) -> a page in a fresh browser context (own cookies: one per person in a
    journey)."""
    contexts, errors = [], []

    def open_one(viewport=DESKTOP):
        context = chromium.new_context(base_url=demo_site, viewport=viewport, locale="vi-VN",
                                       accept_downloads=True)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda msg: errors.append(f"{msg.text} ({msg.location.get('url')})")
                if msg.type == "error" and not REFUSED.match(msg.text) else None)
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


@pytest.fixture
def open_as(chromium, site):
    """For modules serving their own `site` fixture (a base URL): open_as(email, password) -> a page of
    that person, logged in (email None: a visitor), in a context of its own."""
    from tests.e2e.steps import log_in

    contexts, errors = [], []

    def open_one(email: str | None, password: str = Factory.PASSWORD):
        context = chromium.new_context(base_url=site, viewport=DESKTOP, locale="vi-VN")
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text)
                if msg.type == "error" and not REFUSED.match(msg.text) else None)
        if email:
            log_in(page, email, password)
        return page

    yield open_one
    for context in contexts:
        context.close()
    assert not errors, f"browser errors (CSP violations, scripts): {errors}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session", autouse=True)
def _fresh_artifacts(request):
    if any(item.get_closest_marker("e2e") for item in request.session.items) and ARTIFACTS.exists():
        shutil.rmtree(ARTIFACTS, ignore_errors=True)
