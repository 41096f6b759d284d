"""Officers review revisions and publish editions over HTTP; the public reads editions and their diff."""

from dataclasses import replace

from sqlalchemy import select

from catalog import services
from catalog.models import CatalogEdition
from catalog.queries import official_listing_ids
from tests.conftest import form_post


def test_review_page_shows_the_diff_and_decisions_need_a_reason(client, logged_in, factory, session):
    vendor_user = factory.user("vendor")
    listing = factory.listing("published", vendor_id=vendor_user.vendor_id)
    services.edit_listing(
        session, vendor_user, listing, replace(services.content_of(listing), setup_fee_vnd=1_500_000)
    )
    services.act(session, vendor_user, listing, "submit")
    session.commit()
    logged_in(factory.user("officer"))
    page = f"/officer/review/{listing.id}"
    html = client.get(page).get_data(as_text=True)
    assert (
        "Phí khởi tạo" in html and "1.500.000 ₫" in html and "Thay đổi so với phiên bản đang công bố" in html
    )
    assert listing.revisions[-1].name in client.get("/officer/review").get_data(as_text=True)

    missing = form_post(client, f"/officer/listings/{listing.id}/request_changes", {"reason": ""}, page=page)
    assert missing.status_code == 422 and "Cần ghi rõ nội dung yêu cầu chỉnh sửa" in missing.get_data(
        as_text=True
    )
    asked = form_post(
        client,
        f"/officer/listings/{listing.id}/request_changes",
        {"reason": "Ghi rõ phí khởi tạo gồm những gì"},
        page=page,
    )
    assert asked.status_code == 302
    session.refresh(listing)
    assert listing.working_revision.status == "changes_requested" and listing.status == "published"

    logged_in(vendor_user)
    dashboard = client.get("/vendor/").get_data(as_text=True)
    assert "Ghi rõ phí khởi tạo gồm những gì" in dashboard


def test_refused_decision_is_flashed_and_changes_nothing(client, logged_in, factory, session):
    listing = factory.listing("draft")
    session.commit()
    logged_in(factory.user("officer"))
    response = form_post(
        client,
        f"/officer/listings/{listing.id}/approve",
        {"reason": ""},
        page=f"/officer/review/{listing.id}",
        follow_redirects=True,
    )
    assert "Chỉ thẩm định được phiên bản đang chờ thẩm định" in response.get_data(as_text=True)
    session.refresh(listing)
    assert listing.status == "draft"


def test_publish_editions_then_read_them_and_their_diff(client, logged_in, factory, session):
    officer = factory.user("officer")
    kept, dropped, changed = factory.listing(), factory.listing(), factory.listing()
    session.commit()
    logged_in(officer)
    first = form_post(
        client,
        "/officer/editions/new",
        {"decision_number": "12/QĐ-SKHCN", "decision_date": "15/07/2026", "note": "Đợt 1"},
        page="/officer/editions/new",
    )
    assert first.status_code == 302
    assert official_listing_ids(session) == {kept.id, dropped.id, changed.id}

    services.act(session, factory.user("vendor", vendor_id=dropped.vendor_id), dropped, "withdraw")
    vendor_user = factory.user("vendor", vendor_id=changed.vendor_id)
    services.edit_listing(
        session, vendor_user, changed, replace(services.content_of(changed), name="Tên mới")
    )
    services.act(session, vendor_user, changed, "submit")
    services.act(session, officer, changed, "approve")
    added = factory.listing()
    session.commit()
    assert official_listing_ids(session) == {kept.id}  # the changed one's live revision is not frozen yet

    bad_date = form_post(
        client,
        "/officer/editions/new",
        {"decision_number": "20/QĐ", "decision_date": "2026-12-01"},
        page="/officer/editions/new",
    )
    assert bad_date.status_code == 422 and "dd/mm/yyyy" in bad_date.get_data(as_text=True)
    second = form_post(
        client,
        "/officer/editions/new",
        {"decision_number": "20/QĐ-SKHCN", "decision_date": "01/12/2026"},
        page="/officer/editions/new",
    )
    assert second.status_code == 302
    numbers = session.scalars(select(CatalogEdition.number).order_by(CatalogEdition.number)).all()
    assert numbers == [1, 2]
    assert official_listing_ids(session) == {kept.id, changed.id, added.id}

    client.post("/logout", data={})
    assert "01/12/2026" in client.get("/editions").get_data(as_text=True)
    old = client.get("/editions/1").get_data(as_text=True)
    assert "12/QĐ-SKHCN" in old and "15/07/2026" in old and "Ấn bản cũ" in old
    diff = client.get("/editions/2/diff").get_data(as_text=True)
    assert "Sản phẩm được thêm" in diff and added.live_revision.name in diff
    assert "Sản phẩm bị bỏ" in diff and dropped.revisions[0].name in diff
    assert "Sản phẩm thay đổi" in diff and "Tên mới" in diff
    assert client.get("/editions/9").status_code == 404
    product = client.get(f"/products/{kept.id}").get_data(as_text=True)
    assert "Danh mục chính thức" in product and "Ấn bản số 2" in product


def test_an_edition_needs_published_listings(client, logged_in, factory):
    logged_in(factory.user("officer"))
    response = form_post(
        client,
        "/officer/editions/new",
        {"decision_number": "1/QĐ", "decision_date": "01/01/2026"},
        page="/officer/editions/new",
        follow_redirects=True,
    )
    assert "Chưa có sản phẩm nào đang công bố" in response.get_data(as_text=True)
