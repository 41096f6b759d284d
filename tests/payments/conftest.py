"""Payment tests talk to a real Stripe-compatible server: localstripe, started once per test session.

localstripe keeps its state in the fixed file /tmp/localstripe.pickle; `--from-scratch` makes it
ignore whatever an earlier run left there. Every test module that uses it carries
`pytestmark = [pytest.mark.stripe, pytest.mark.xdist_group("stripe")]`, so that under
`pytest -n 2 --dist loadgroup` all of them run on one worker, against one server.

In this folder the `app` fixture (and so `session`, `client`, `factory`) points at that server.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from contracts.models import Contract
from marketplace.app import create_app
from payments.gateway import CardDetails
from payments.services import save_card
from tests.conftest import TEST_CONFIG, _empty_tables
from tests.payments.builders import signed_contract

API_KEY = "sk_test_marketplace"
WEBHOOK_SECRET = "whsec_test_marketplace"


@dataclass(frozen=True)
class LocalStripe:
    url: str

    def configure_webhook(self, url: str, events: list[str] | None = None) -> None:
        """Point localstripe's signed webhooks at `url` (None = every event type)."""
        body = {"url": url, "secret": WEBHOOK_SECRET}
        if events is not None:
            body["events"] = events
        request = urllib.request.Request(f"{self.url}/_config/webhooks/marketplace", method="POST",
                                         data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 200


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    request = urllib.request.Request(f"{url}/v1/customers?limit=1",
                                     headers={"Authorization": f"Bearer {API_KEY}"})
    try:
        with urllib.request.urlopen(request, timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@pytest.fixture(scope="session")
def localstripe(tmp_path_factory):
    """A fresh localstripe on a free port for this test session, stopped at the end."""
    port = _free_port()
    log = tmp_path_factory.mktemp("localstripe") / "server.log"
    executable = Path(sys.executable).with_name("localstripe")
    with open(log, "wb") as out:
        process = subprocess.Popen([str(executable), "--port", str(port), "--from-scratch"], stdout=out,
                                   stderr=subprocess.STDOUT)
    server = LocalStripe(f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 20
    while not _answers(server.url):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"localstripe did not start on port {port}: {log.read_text()[-2000:]}")
        time.sleep(0.1)
    yield server
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


_APPS: dict[str, object] = {}


@pytest.fixture
def app(backend, database_url, localstripe, tmp_path):
    """The app on `backend` talking to localstripe (cached per backend), with empty tables for this test."""
    if backend not in _APPS:
        _APPS[backend] = create_app({**TEST_CONFIG, "DATABASE_URL": database_url(backend),
                                     "SEARCH_INDEX_PATH": str(tmp_path / "search.db"),
                                     "STRIPE_API_KEY": API_KEY, "STRIPE_API_BASE": localstripe.url,
                                     "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET})
    application = _APPS[backend]
    _empty_tables(application.extensions["db_engine"])
    with application.app_context():
        yield application


@pytest.fixture
def gateway(app):
    return app.extensions["stripe"]


@pytest.fixture
def live_server(app, localstripe):
    """The app served over real HTTP on a free port, with localstripe's webhooks delivered to it."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    localstripe.configure_webhook(f"{url}/payments/webhook")
    yield url
    # Events still queued in localstripe must not reach a later test's server on a reused port.
    localstripe.configure_webhook(f"{url}/payments/webhook", events=["none.none"])
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


@pytest.fixture
def make_contract(session, factory):
    """make_contract(pricing, sme=..., **columns): a contract signed by both sides (see builders)."""

    def make(pricing: dict | None = None, *, sme=None, listing=None, **over) -> Contract:
        listing = listing or factory.listing()
        sme = sme or factory.sme()
        return signed_contract(session, sme.id, listing.id, listing.vendor_id, pricing, **over)

    return make


@pytest.fixture
def card_for(session, gateway):
    """card_for(sme, number="4242424242424242", exp_year=2030): save a card for the SME on localstripe."""

    def save(sme, number: str = "4242424242424242", exp_month: int = 12, exp_year: int = 2030):
        profile = save_card(session, gateway, sme, CardDetails(number, exp_month, exp_year, "123"))
        session.commit()
        return profile

    return save


def stripe_charges(gateway, customer_id: str) -> list[int]:
    """Amounts of the successful charges localstripe made on a customer, smallest first."""
    charges = gateway.client.v1.charges.list(params={"customer": customer_id, "limit": 100})
    return sorted(c.amount for c in charges.auto_paging_iter() if c.status == "succeeded")
