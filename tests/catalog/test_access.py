"""Who reaches what: vendors only their own listings (by URL and by API), officers' pages only officers."""

import pytest

from tests.conftest import csrf_token, form_post

OFFICER_PAGES = ["/officer/review", "/officer/listings", "/officer/editions/new"]


@pytest.fixture
def two_vendors(factory):
    me, other = factory.user("vendor"), factory.user("vendor")
    mine = factory.listing("draft", vendor_id=me.vendor_id)
    theirs = {
        status: factory.listing(status, vendor_id=other.vendor_id)
        for status in ("draft", "submitted", "published")
    }
    return me, mine, theirs


def test_vendor_cannot_see_or_change_another_vendors_listings_by_url(client, logged_in, two_vendors, session):
    me, mine, theirs = two_vendors
    logged_in(me)
    assert client.get(f"/vendor/listings/{mine.id}").status_code == 200
    page = f"/vendor/listings/{mine.id}"
    for listing in theirs.values():
        assert client.get(f"/vendor/listings/{listing.id}").status_code == 404
        assert client.get(f"/vendor/listings/{listing.id}/edit").status_code == 404
        for action in ("submit", "withdraw"):
            assert form_post(client, f"/vendor/listings/{listing.id}/{action}", page=page).status_code == 404
        edit = form_post(client, f"/vendor/listings/{listing.id}/edit", {"name": "Chiếm quyền"}, page=page)
        assert edit.status_code == 404
    dashboard = client.get("/vendor/").get_data(as_text=True)
    assert all(listing.id not in dashboard for listing in theirs.values())
    for listing in theirs.values():
        session.refresh(listing)
    assert [x.status for x in theirs.values()] == ["draft", "submitted", "published"]


def test_vendor_cannot_see_or_change_another_vendors_listings_by_api(client, logged_in, two_vendors, session):
    me, mine, theirs = two_vendors
    logged_in(me)
    headers = {"X-CSRFToken": csrf_token(client, "/vendor/")}
    own = client.get("/api/v1/vendor/listings").get_json()
    assert [x["id"] for x in own] == [mine.id]
    for listing in theirs.values():
        response = client.get(f"/api/v1/vendor/listings/{listing.id}")
        assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
        for action in ("submit", "withdraw"):
            assert (
                client.post(f"/api/v1/vendor/listings/{listing.id}/{action}", headers=headers).status_code
                == 404
            )
        put = client.put(f"/api/v1/vendor/listings/{listing.id}", json={"name": "x"}, headers=headers)
        assert put.status_code == 404
    # Drafts and listings under review are not public either.
    assert client.get(f"/api/v1/listings/{theirs['draft'].id}").status_code == 404
    assert client.get(f"/api/v1/listings/{theirs['published'].id}").status_code == 200
    session.refresh(theirs["draft"])
    assert theirs["draft"].status == "draft"


def test_vendor_api_creates_edits_and_submits_its_own_listing(client, logged_in, factory):
    me = factory.user("vendor")
    logged_in(me)
    headers = {"X-CSRFToken": csrf_token(client, "/vendor/")}
    body = factory.product().to_dict()
    body.pop("id"), body.pop("vendor_id")
    created = client.post("/api/v1/vendor/listings", json=body, headers=headers)
    assert created.status_code == 201, created.get_data(as_text=True)
    listing_id = created.get_json()["id"]
    assert created.get_json()["product"]["vendor_id"] == me.vendor_id
    bad = client.put(
        f"/api/v1/vendor/listings/{listing_id}", json={**body, "readiness_min": 9}, headers=headers
    )
    assert bad.status_code == 422 and "readiness_min" in bad.get_json()["error"]["fields"]
    submitted = client.post(f"/api/v1/vendor/listings/{listing_id}/submit", headers=headers)
    assert submitted.get_json()["status"] == "submitted"
    again = client.post(f"/api/v1/vendor/listings/{listing_id}/submit", headers=headers)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "invalid_transition"


@pytest.mark.parametrize(
    ("field", "value"), [("price_monthly_vnd", 1e25), ("setup_fee_vnd", 2**63), ("price_monthly_vnd", 10**30)]
)
def test_vendor_api_refuses_numbers_too_large_for_the_database(client, logged_in, factory, field, value):
    logged_in(factory.user("vendor"))
    headers = {"X-CSRFToken": csrf_token(client, "/vendor/")}
    body = factory.product().to_dict()
    body.pop("id"), body.pop("vendor_id")
    refused = client.post("/api/v1/vendor/listings", json={**body, field: value}, headers=headers)
    assert refused.status_code == 422, refused.get_data(as_text=True)
    assert "1.000.000.000.000.000" in refused.get_json()["error"]["fields"][field]
    assert client.get("/api/v1/vendor/listings").get_json() == []


def test_vendor_api_refuses_a_name_longer_than_its_column(client, logged_in, factory):
    logged_in(factory.user("vendor"))
    headers = {"X-CSRFToken": csrf_token(client, "/vendor/")}
    body = factory.product().to_dict()
    body.pop("id"), body.pop("vendor_id")
    refused = client.post("/api/v1/vendor/listings", json={**body, "name": "x" * 100_000}, headers=headers)
    assert refused.status_code == 422, refused.get_data(as_text=True)[:500]
    assert refused.get_json()["error"]["fields"] == {"name": "dài tối đa 300 ký tự"}
    assert client.get("/api/v1/vendor/listings").get_json() == []


@pytest.mark.parametrize("url", OFFICER_PAGES + ["/officer/review/{id}"])
def test_anonymous_and_sme_users_cannot_reach_officer_pages(client, logged_in, factory, url):
    listing = factory.listing("submitted")
    url = url.format(id=listing.id)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    logged_in(factory.user("sme"))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("role", ["anonymous", "sme", "vendor"])
def test_only_officers_decide(client, logged_in, factory, session, role):
    listing = factory.listing("submitted")
    if role != "anonymous":
        logged_in(factory.user(role))
    response = form_post(client, f"/officer/listings/{listing.id}/approve", {"reason": ""})
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/login" in response.headers["Location"]
    session.refresh(listing)
    assert listing.status == "submitted"


def test_officer_pages_work_for_officers(client, logged_in, factory):
    listing = factory.listing("submitted")
    logged_in(factory.user("officer"))
    for url in OFFICER_PAGES + [f"/officer/review/{listing.id}"]:
        assert client.get(url).status_code == 200, url
