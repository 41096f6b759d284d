"""Hostile input: redirects that leave the site, markup in user content, payment details without
re-authentication."""

from __future__ import annotations

import pytest

from core.extensions import db
from tests.conftest import csrf_token, form_post, login
from tests.factories import Factory

OFFSITE = ["https://evil.example/", "//evil.example/", "/\\evil.example/", "\\\\evil.example",
           "/\\/evil.example", "https:/evil.example", "/%0d%0aSet-Cookie:x=1", "javascript:alert(1)"]


def _user(app, role: str):
    with app.app_context():
        user = Factory(db.session, app.extensions["passwords"]).user(role)
        db.session.commit()
    return user


def _stays_on_site(response) -> bool:
    location = response.headers.get("Location", "")
    return location.startswith("/") and not location.startswith("//") and "\\" not in location \
        and "evil" not in location


@pytest.mark.parametrize("target", OFFSITE)
def test_login_and_language_switch_never_redirect_off_site(sqlite_app, target):
    user = _user(sqlite_app, "vendor")
    client = sqlite_app.test_client()
    token = csrf_token(client, "/login")
    response = client.post("/login", query_string={"next": target},
                           data={"email": user.email, "password": Factory.PASSWORD, "csrf_token": token})
    assert response.status_code == 302 and _stays_on_site(response), response.headers.get("Location")
    switched = form_post(client, "/lang/en", {"next": target}, page="/vendor/")
    assert switched.status_code == 302 and _stays_on_site(switched), switched.headers.get("Location")


def test_markup_in_listing_content_is_shown_as_text_everywhere(sqlite_app):
    """A vendor's product name and summary with HTML: escaped in pages and in search highlights."""
    evil_name = "Hóa đơn <img src=x onerror=alert(1)>"
    evil_summary = "<script>alert(2)</script> hóa đơn điện tử"
    with sqlite_app.app_context():
        listing = Factory(db.session, sqlite_app.extensions["passwords"]).listing(
            "published", name=evil_name, summary=evil_summary)
        db.session.commit()
    client = sqlite_app.test_client()
    for url in ("/", f"/products/{listing.id}", "/?q=hoa+don"):
        body = client.get(url).get_data(as_text=True)
        assert "<img src=x" not in body and "<script>alert" not in body, url
        assert "&lt;img src=x onerror=alert(1)&gt;" in body, url
    hit = client.get("/api/v1/search?q=hoa+don").get_json()["hits"][0]
    assert "<img" not in hit["highlights"]["name"] and "<script" not in hit["highlights"]["summary"]
    assert client.get(f"/api/v1/listings/{listing.id}").get_json()["name"] == evil_name  # JSON keeps the data


def test_changing_payment_details_requires_the_password(sqlite_app):
    """Re-authentication before changing payment details: the card form refuses without the password
    (accounts.views.password_confirmed), before any call to Stripe."""
    user = _user(sqlite_app, "sme")
    client = sqlite_app.test_client()
    login(client, user)
    page = client.get("/payments/card").get_data(as_text=True)
    assert 'name="password"' in page, "the card form does not ask for the account password (re-auth)"
    card = {"number": "4242 4242 4242 4242", "exp_month": "12", "exp_year": "2030", "cvc": "123"}
    response = form_post(client, "/payments/card", {**card, "password": "sai-mat-khau"},
                         page="/payments/card")
    assert response.status_code == 422
