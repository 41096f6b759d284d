"""The cache of public answers (core/pagecache.py): served again to anonymous readers, each with their
own CSRF token; invalidated when an edition is published or a listing or vendor changes; 304 for a
reader who has the answer; never used for logged-in people."""

from __future__ import annotations

from datetime import date

from catalog.models import Listing
from catalog.services import publish_edition
from core.extensions import db
from tests.conftest import CSRF_META, login
from tests.factories import Factory


def without_token(response) -> str:
    page = response.get_data(as_text=True)
    return page.replace(CSRF_META.search(page).group(1), "")


def entries(app) -> int:
    return len(app.extensions["page_cache"].store._items)


def test_an_anonymous_page_is_kept_and_served_again(app, client, factory, session):
    factory.listing("published", name="Phần mềm Kế toán Sao Khuê")
    session.commit()
    before = entries(app)
    first = client.get("/?q=sao+khue")
    assert first.status_code == 200 and "Sao Khuê" in first.get_data(as_text=True)
    kept = entries(app)
    assert kept == before + 1
    second = client.get("/?q=sao+khue")
    assert without_token(second) == without_token(first)  # the token is signed again, with its time
    assert entries(app) == kept  # served from the entry, none added
    assert second.headers["Cache-Control"] == "private, no-cache"


def test_each_reader_gets_their_own_csrf_token_from_a_kept_page(app, factory, session):
    factory.listing("published")
    session.commit()
    readers = [app.test_client() for _ in range(2)]
    tokens, before = [], entries(app)
    for reader in readers:
        page = reader.get("/").get_data(as_text=True)
        tokens.append(CSRF_META.search(page).group(1))
        assert "__csrf_token_of_the_reader__" not in page
    assert entries(app) == before + 1 and tokens[0] != tokens[1]
    for reader, token in zip(readers, tokens, strict=True):  # the language switch works for both
        answer = reader.post("/lang/en", data={"csrf_token": token})
        assert answer.status_code == 302, answer.get_data(as_text=True)[:300]


def test_a_reader_who_has_the_page_gets_304_and_another_reader_the_page(app, factory, session):
    factory.listing("published")
    session.commit()
    reader, stranger = app.test_client(), app.test_client()
    etag = reader.get("/").headers["ETag"]
    assert reader.get("/", headers={"If-None-Match": etag}).status_code == 304
    other = stranger.get("/", headers={"If-None-Match": etag})  # another session: another form token
    assert other.status_code == 200 and other.headers["ETag"] != etag
    api = reader.get("/api/v1/search?q=hoa+don")
    again = reader.get("/api/v1/search?q=hoa+don", headers={"If-None-Match": api.headers["ETag"]})
    assert again.status_code == 304


def test_publishing_an_edition_or_changing_a_listing_shows_at_once(client, factory, session):
    listing = factory.listing("published", name="Phần mềm Hóa đơn Minh Khai")
    session.commit()
    assert "Chính thức" not in client.get(f"/products/{listing.id}").get_data(as_text=True)
    assert client.get("/api/v1/open/editions").json["items"] == []
    publish_edition(session, factory.user("officer"), "9/QĐ", date(2026, 9, 1))
    session.commit()
    assert [e["number"] for e in client.get("/api/v1/open/editions").json["items"]] == [1]
    listing.status = "suspended"
    session.commit()
    assert client.get(f"/products/{listing.id}").status_code == 404
    assert client.get("/api/v1/open/products").json["items"] == []


def test_a_vendor_renamed_is_shown_at_once(client, factory, session):
    listing = factory.listing("published")
    session.commit()
    assert listing.vendor.name in client.get(f"/vendors/{listing.vendor_id}").get_data(as_text=True)
    listing.vendor.name = "Công ty Đổi Tên"
    session.commit()
    assert "Công ty Đổi Tên" in client.get(f"/vendors/{listing.vendor_id}").get_data(as_text=True)


def test_logged_in_people_and_flashed_pages_never_use_the_cache(app, client, factory, session):
    factory.listing("published")
    officer = factory.user("officer")
    session.commit()
    before = entries(app)
    login(client, officer)
    page = client.get("/").get_data(as_text=True)
    assert officer.email in page and entries(app) == before
    client.get("/?q=flash")  # after a flashed message, the next page shows it: never from the cache
    assert entries(app) == before


def test_another_worker_sees_a_change_through_the_shared_store(make_app, redis_url):
    """Two apps on one database and one Redis (two gunicorn workers): a change made through one is
    served by the other once its version check comes round (here: every request)."""
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    workers = [make_app(REDIS_URL=redis_url, PAGE_CACHE_CHECK_SECONDS=0) for _ in range(2)]
    with workers[0].app_context():
        factory = Factory(db.session, workers[0].extensions["passwords"])
        listing = factory.listing("published", name="Phần mềm Chấm công Ba Đình")
        db.session.commit()
        listing_id = listing.id
    first, second = (app.test_client() for app in workers)
    names = [[p["name"] for p in client.get("/api/v1/open/products").json["items"]]
             for client in (first, second)]
    assert names == [["Phần mềm Chấm công Ba Đình"]] * 2
    assert len(redis.Redis.from_url(redis_url).keys("page:*")) == 1  # the second read the first's entry
    with workers[0].app_context():
        db.session.get(Listing, listing_id).status = "withdrawn"  # stamps updated_at
        db.session.commit()
    assert second.get("/api/v1/open/products").json["items"] == []
    assert first.get("/api/v1/open/products").json["items"] == []
