"""The search service on a real database: derived index kept in step with listings, scopes, reindex."""

import logging

import pytest

from catalog import services
from catalog.models import Listing
from catalog.search.model import Scope, SearchRequest
from catalog.search.service import SearchService
from core.db import utcnow
from tests.search.conftest import ids
from tests.search.fake_meili import FakeMeilisearch


def search(app, session, q="", **kw):
    return ids(app.extensions["search"].search(session, SearchRequest(q=q, **kw)))


def test_listings_written_straight_to_the_database_are_found(app, session, factory):
    kept = factory.listing("published", name="Phần mềm quản lý kho hàng")
    factory.listing("draft", name="Phần mềm quản lý kho nháp")
    assert search(app, session, "quan ly kho") == [kept.id]
    # a change made elsewhere (another worker, a script) without refresh() is noticed too
    kept.status, kept.updated_at = "suspended", utcnow()
    session.flush()
    assert search(app, session, "quan ly kho") == []
    other = factory.listing("published", name="Kho hàng thông minh")
    assert search(app, session, "kho hang") == [other.id]


def test_lifecycle_through_the_catalog_services_with_refresh(app, session, factory):
    vendor_user, officer = factory.user("vendor"), factory.user("officer")
    product = factory.product(vendor_id=vendor_user.vendor_id, name="Quản lý nhà thuốc GPP")
    refresh = app.extensions["search"].refresh
    listing = services.create_listing(session, vendor_user, product)
    session.commit()
    refresh(session, [listing.id])
    mine = Scope("vendor", vendor_user.vendor_id)
    assert search(app, session, "nha thuoc") == []
    assert search(app, session, "nha thuoc", scope=mine) == [listing.id]
    assert search(app, session, "nha thuoc", scope=Scope("vendor", factory.vendor().id)) == []

    services.act(session, vendor_user, listing, "submit")
    session.commit()
    refresh(session, [listing.id])
    assert search(app, session, "nha thuoc", scope=Scope("review")) == [listing.id]

    services.act(session, officer, listing, "approve")
    session.commit()
    refresh(session, [listing.id])
    assert search(app, session, "nha thuoc") == [listing.id]
    assert search(app, session, "nha thuoc", scope=Scope("review")) == []

    # editing a published listing: the public keeps the live text, the vendor sees the draft
    services.edit_listing(
        session,
        vendor_user,
        listing,
        factory.product(id=listing.id, vendor_id=vendor_user.vendor_id, name="Quản lý phòng khám"),
    )
    session.commit()
    refresh(session, [listing.id])
    assert search(app, session, "nha thuoc") == [listing.id]
    assert search(app, session, "phong kham") == []
    assert search(app, session, "phong kham", scope=mine) == [listing.id]

    services.act(session, vendor_user, listing, "withdraw")
    session.commit()
    refresh(session, [listing.id])
    assert search(app, session, "nha thuoc") == []


def test_official_listings_win_ties_after_an_edition(app, session, factory):
    officer = factory.user("officer")
    first = factory.listing("published", name="Quản lý kho A", summary="Cùng nội dung.")
    assert search(app, session, "quan ly kho") == [first.id]
    services.publish_edition(session, officer, "QĐ-1", utcnow().date())
    second = factory.listing("published", name="Quản lý kho A", summary="Cùng nội dung.")
    session.commit()
    app.extensions["search"].refresh(session, [first.id, second.id])
    # the newer listing would win on recency; the official one wins first
    assert search(app, session, "quan ly kho") == [first.id, second.id]


def test_reindex_rebuilds_from_the_database(app, session, factory):
    for status in ("published", "published", "draft"):
        factory.listing(status)
    session.commit()
    assert app.extensions["search"].reindex(session) == 3
    assert len(search(app, session, "")) == 2


def test_meilisearch_refresh_failure_is_logged_and_retried(make_app, caplog):
    with FakeMeilisearch() as server:
        app = make_app(MEILISEARCH_URL=server.url, MEILISEARCH_API_KEY="k")
        service: SearchService = app.extensions["search"]
        assert service.name == "meilisearch"
        with app.app_context():
            from core.extensions import db
            from tests.factories import Factory

            factory = Factory(db.session, app.extensions["passwords"])
            one, two = factory.listing("published"), factory.listing("published")
            db.session.commit()
            server.fail_with = 500
            with caplog.at_level(logging.ERROR, logger="catalog.search.service"):
                service.refresh(db.session, [one.id])  # the change is committed: no exception
            assert "will retry" in caplog.text
            server.fail_with = None
            service.refresh(db.session, [two.id])
            sent = {
                d["listing_id"] for r in server.sent("POST", "/indexes/listings/documents") for d in r["body"]
            }
            assert sent == {one.id, two.id}


@pytest.mark.parametrize("status", ["withdrawn", "suspended", "rejected", "changes_requested"])
def test_unpublished_listings_never_reach_public_search(app, session, factory, status):
    listing = factory.listing(status, name="Quản lý kho riêng")
    assert search(app, session, "kho") == []
    assert search(app, session, "kho", scope=Scope("vendor", listing.vendor_id)) == [listing.id]
    assert session.get(Listing, listing.id).status == status


def test_a_vendor_draft_and_its_edits_reach_meilisearch_in_the_same_request(make_app):
    """A backend that does not follow the database (Meilisearch) hears of every change from the
    request that made it: a draft created or edited by form or API is in the vendor's own search."""
    from core.extensions import db
    from tests.conftest import csrf_token, form_post, login
    from tests.factories import Factory
    from tests.vendors.test_listing_forms import FORM

    form = {**FORM, "pricing_models-3-price_vnd": "5.000.000"}
    with FakeMeilisearch() as server:
        app = make_app(MEILISEARCH_URL=server.url, MEILISEARCH_API_KEY="k")
        with app.app_context():
            factory = Factory(db.session, app.extensions["passwords"])
            member = factory.user("vendor")
            body = factory.product(name="Bản nháp qua API").to_dict()
            db.session.commit()
        body.pop("id"), body.pop("vendor_id")
        client = app.test_client()
        login(client, member)

        def sent_names():
            return [d["name"] for r in server.sent("POST", "/indexes/listings/documents") for d in r["body"]]

        created = form_post(client, "/vendor/listings/new", form, page="/vendor/listings/new")
        assert created.status_code == 302
        assert form["name"] in sent_names()
        listing_url = created.headers["Location"]
        edited = form_post(client, f"{listing_url}/edit", {**form, "name": "Homestay Mây Trắng 2"},
                           page=f"{listing_url}/edit")
        assert edited.status_code == 302 and "Homestay Mây Trắng 2" in sent_names()

        answer = client.post("/api/v1/vendor/listings", json=body,
                             headers={"X-CSRFToken": csrf_token(client, "/vendor/")})
        assert answer.status_code == 201, answer.get_json()
        assert "Bản nháp qua API" in sent_names()
