"""What each role gets to read, beyond status codes: no one sees another vendor's drafts through
search, lists or exports, and SMEs' contact data reaches only the vendors allowed to see it."""

from __future__ import annotations

import pytest

from core.db import Base
from marketplace.app import create_app
from tests.conftest import TEST_CONFIG
from tests.security.harness import Browser

UNPUBLISHED = ("listing.draft", "listing.submitted")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """One world for these read-only checks, on SQLite."""
    folder = tmp_path_factory.mktemp("isolation")
    app = create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{folder / 'isolation.db'}",
                      "SEARCH_INDEX_PATH": str(folder / "search.db")})
    Base.metadata.create_all(app.extensions["db_engine"])
    yield Browser(app)
    app.extensions["db_engine"].dispose()


def _ids(hits) -> set[str]:
    return {h["product_id"] if "product_id" in h else h["id"] for h in hits}


def test_unpublished_listings_stay_out_of_public_search_lists_and_exports(browser):
    keys = browser.world.keys
    hidden = {keys[k] for k in UNPUBLISHED}
    for role in ("anonymous", "sme", "other_vendor", "officer"):
        client = browser.clients[role]
        found = _ids(client.get("/api/v1/search?q=&limit=100").get_json()["hits"])
        assert keys["listing.published"] in found and not hidden & found, role
        exported = _ids(client.get("/api/v1/catalog").get_json()["products"])
        assert not hidden & exported, role
        page = client.get("/").get_data(as_text=True)
        assert not any(f"/products/{listing_id}" in page for listing_id in hidden), role


def test_a_vendor_searches_and_lists_only_its_own_drafts(browser):
    keys = browser.world.keys
    own = {keys[k] for k in UNPUBLISHED}
    search = "/api/v1/search?q=&scope=vendor&limit=100"
    mine = _ids(browser.clients["vendor"].get(search).get_json()["hits"])
    assert own <= mine
    theirs = browser.clients["other_vendor"].get(search).get_json()["hits"]
    assert not own & _ids(theirs)
    listed = _ids(browser.clients["other_vendor"].get("/api/v1/vendor/listings").get_json())
    assert not own & listed and keys["listing.published"] not in listed
    dashboard = browser.clients["other_vendor"].get("/vendor/").get_data(as_text=True)
    assert not any(listing_id in dashboard for listing_id in own)


def test_review_scope_shows_submissions_to_officers_only(browser):
    submitted = browser.world.keys["listing.submitted"]
    review = browser.clients["officer"].get("/api/v1/search?q=&scope=review&limit=100").get_json()["hits"]
    assert submitted in _ids(review)
    assert browser.clients["vendor"].get("/api/v1/search?q=&scope=review").status_code == 403


def test_contact_data_of_an_sme_without_consent_reaches_no_vendor(browser):
    """`other_sme` never agreed to be contacted: its contact person, phone and email appear on no page
    a vendor or the public can open (the leads pages list consenting SMEs only)."""
    secret = ("0987000111", "kin@example.vn", "Lê Văn Kín")
    leads = [rule.rule for rule in browser.app.url_map.iter_rules() if rule.endpoint == "leads.leads"]
    pages = ["/", "/vendor/", *leads]
    for role in ("anonymous", "vendor", "other_vendor"):
        for page in pages:
            body = browser.clients[role].get(page).get_data(as_text=True)
            assert not any(s in body for s in secret), f"{page} as {role} shows the SME's contact data"


def test_contract_lists_show_each_party_its_own_contracts_only(browser):
    contracts = {browser.world.keys["contract"], browser.world.keys["contract.agreed"]}
    for role in ("sme", "vendor", "officer"):
        page = browser.clients[role].get("/contracts/").get_data(as_text=True)
        assert all(f"/contracts/{c}" in page for c in contracts), role
    for role in ("other_sme", "other_vendor"):
        page = browser.clients[role].get("/contracts/").get_data(as_text=True)
        assert not any(c in page for c in contracts), role
