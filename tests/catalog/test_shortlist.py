"""The shortlist and the comparison page over HTTP (SQLite and PostgreSQL): a visitor's list in the
session, an SME's with its account, bad input refused with a message that names it and changes nothing."""

import re

import pytest
from sqlalchemy import select

from catalog.shortlist import MAX_SAVED, ShortlistEntry
from tests.conftest import form_post


@pytest.fixture
def products(factory):
    vendor = factory.vendor(name="Công ty Phần mềm Sao Mai")
    return [
        factory.listing(vendor_id=vendor.id, name="Kế toán Sao Mai", languages=["vi", "en"],
                        integrations=["misa", "cqt", "gia_an_hrm"],
                        pricing_models=[{"type": "subscription"}]),
        factory.listing(vendor_id=vendor.id, name="Hóa đơn Sao Mai", price_monthly_vnd=99_000,
                        pricing_models=[{"type": "one_time", "price_vnd": 1_500_000}]),
        factory.listing(vendor_id=vendor.id, name="Bán hàng Sao Mai"),
    ]


def _saved_names(client) -> list[str]:
    page = client.get("/shortlist").get_data(as_text=True)
    return re.findall(r'<h2><a href="/products/[^"]+">([^<]+)</a></h2>', page)


def test_a_visitor_saves_products_in_the_session_and_compares_them(client, products):
    first, second, _third = products
    answer = form_post(client, f"/shortlist/{first.id}", {"next": f"/products/{first.id}#p-{first.id}"})
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/products/{first.id}#p-{first.id}")
    form_post(client, f"/shortlist/{second.id}")
    form_post(client, f"/shortlist/{second.id}")  # saving twice keeps one
    assert _saved_names(client) == ["Kế toán Sao Mai", "Hóa đơn Sao Mai"]
    assert "Bỏ lưu" in client.get(f"/products/{first.id}").get_data(as_text=True)

    page = client.get(f"/compare?ids={first.id}&ids={second.id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    for expected in ("Kế toán Sao Mai", "Hóa đơn Sao Mai", "Thuê bao", "Mua đứt", "1.500.000 ₫",
                     "99.000 ₫", "Cơ quan thuế", "MISA", "gia_an_hrm", "Tiếng Việt, English",
                     "Danh mục chính thức"):
        assert expected in text, expected

    form_post(client, f"/shortlist/{first.id}/remove")
    assert _saved_names(client) == ["Hóa đơn Sao Mai"]


def test_the_json_answer_gives_the_new_count(client, products):
    answer = form_post(client, f"/shortlist/{products[0].id}", headers={"Accept": "application/json"})
    assert answer.get_json() == {"saved": True, "count": 1}
    answer = form_post(client, f"/shortlist/{products[0].id}/remove", headers={"Accept": "application/json"})
    assert answer.get_json() == {"saved": False, "count": 0}


def test_an_smes_shortlist_is_kept_with_its_account(app, client, factory, session, logged_in, products):
    first, second, _third = products
    sme = factory.sme()
    logged_in(factory.user("sme", sme_id=sme.id))
    form_post(client, f"/shortlist/{first.id}")
    form_post(client, f"/shortlist/{second.id}")
    assert _saved_names(client) == ["Kế toán Sao Mai", "Hóa đơn Sao Mai"]
    stored = session.scalars(select(ShortlistEntry.listing_id).where(ShortlistEntry.sme_id == sme.id)).all()
    assert sorted(stored) == sorted([first.id, second.id])

    other_browser = app.test_client()  # a colleague of the same SME, elsewhere
    colleague = factory.user("sme", sme_id=sme.id)
    form_post(other_browser, "/login", {"email": colleague.email, "password": factory.PASSWORD})
    assert _saved_names(other_browser) == ["Kế toán Sao Mai", "Hóa đơn Sao Mai"]


@pytest.mark.parametrize("query", ["", "ids=a", "ids=a&ids=b&ids=c&ids=d&ids=e"])
def test_comparing_fewer_than_two_or_more_than_four_says_so(client, products, query):
    answer = client.get(f"/compare?{query.replace('a', products[0].id, 1)}")
    assert answer.status_code == 400
    assert "Hãy chọn từ 2 đến 4 sản phẩm để so sánh" in answer.get_data(as_text=True)


def test_comparing_an_unknown_product_names_it(client, products, factory):
    draft = factory.listing("draft")
    answer = client.get(f"/compare?ids={products[0].id}&ids={draft.id}")
    assert answer.status_code == 400
    assert f"Không tìm thấy sản phẩm: {draft.id}." in answer.get_data(as_text=True)


def test_saving_a_product_that_is_not_public_is_refused_and_changes_nothing(client, factory, products):
    draft = factory.listing("draft")
    answer = form_post(client, f"/shortlist/{draft.id}")
    assert answer.status_code == 404
    assert draft.id in answer.get_data(as_text=True)
    assert _saved_names(client) == []


def test_the_shortlist_has_a_limit(client, factory):
    listings = [factory.listing() for _ in range(MAX_SAVED + 1)]
    for listing in listings[:MAX_SAVED]:
        form_post(client, f"/shortlist/{listing.id}")
    answer = form_post(client, f"/shortlist/{listings[-1].id}")
    assert answer.status_code == 422
    assert f"tối đa {MAX_SAVED} sản phẩm" in answer.get_data(as_text=True)
    assert len(_saved_names(client)) == MAX_SAVED
