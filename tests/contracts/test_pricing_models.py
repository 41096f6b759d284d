"""Every pricing model over HTTP: a request carries the listing's published terms, the terms form
offers only the product's models with their terms grouped by model, and the pages name things as
people read them (product names, vocabulary labels, Vietnam time)."""

import re
from datetime import date

import pytest
import sqlalchemy as sa

from catalog.product import Pricing
from contracts import services
from contracts.models import Contract, ContractOffer
from contracts.terms import Terms
from tests.contracts.test_pages import Browser, _round, _sign, _terms

ALL_MODELS = [
    {"type": "subscription"},
    {"type": "one_time", "price_vnd": 45_000_000},
    {"type": "use_first_pay_later", "free_months": 3},
    {"type": "co_investment", "vendor_share_pct": 30},
    {"type": "revenue_sharing", "revenue_share_pct": 10, "monthly_cap_vnd": 8_000_000},
]
# What the request page and the contract page say of each model's published terms.
PUBLISHED = {
    "subscription": "1.200.000 ₫/tháng",
    "one_time": "trả một lần 45.000.000 ₫",
    "use_first_pay_later": "miễn phí 3 tháng đầu",
    "co_investment": "nhà cung cấp chịu 30% chi phí",
    "revenue_sharing": "10% doanh thu do giải pháp mang lại, tối đa 8.000.000 ₫/tháng",
}


@pytest.fixture
def every_model(factory):
    sme_user, vendor_user = factory.user("sme"), factory.user("vendor")
    listing = factory.listing(
        "published", vendor_id=vendor_user.vendor_id, name="Kế toán Mây Trắng",
        pricing_models=ALL_MODELS, price_monthly_vnd=1_200_000,
    )
    return sme_user, vendor_user, listing


def _request(sme: Browser, listing_id: str, kind: str, note: str = ""):
    url = f"/contracts/request/{listing_id}"
    page = sme.get(url).get_data(as_text=True)
    request_id = re.search(r'name="request_id" type="hidden" value="(c-[0-9a-f]{16})"', page).group(1)
    return page, sme.post(url, {"pricing_type": kind, "note": note, "request_id": request_id}, url)


@pytest.mark.parametrize("model", ALL_MODELS, ids=[m["type"] for m in ALL_MODELS])
def test_a_request_under_any_model_carries_and_shows_the_listing_terms(app, session, every_model, model):
    sme_user, vendor_user, listing = every_model
    session.commit()
    sme, vendor = Browser(app, sme_user), Browser(app, vendor_user)
    page, response = _request(sme, listing.id, model["type"])
    assert all(text in page for text in PUBLISHED.values())  # every model's published terms, on the form
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    contract = session.scalars(sa.select(Contract)).one()
    assert contract.pricing == model  # the listing's terms, not just the model's name
    assert contract.offers[0].pricing == model
    shown = sme.get(response.headers["Location"]).get_data(as_text=True)
    assert PUBLISHED[model["type"]] in shown or model["type"] == "subscription"
    offer_form = vendor.get(response.headers["Location"]).get_data(as_text=True)
    for name, value in model.items():  # the vendor's answer starts from the published terms
        if name != "type":
            shown_value = f"{value:,}".replace(",", ".")
            assert re.search(rf'id="{name}"[^>]*value="{re.escape(shown_value)}"', offer_form), name


def test_the_six_demo_products_without_subscription_can_be_requested(app, session, factory):
    sme_user, vendor_user = factory.user("sme"), factory.user("vendor")
    listing = factory.listing("published", vendor_id=vendor_user.vendor_id, price_monthly_vnd=None,
                              pricing_models=[{"type": "revenue_sharing", "revenue_share_pct": 8}])
    session.commit()
    page, response = _request(Browser(app, sme_user), listing.id, "revenue_sharing")
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    assert "8% doanh thu" in page


def test_a_model_the_product_does_not_offer_is_refused_naming_the_field(app, session, every_model, factory):
    sme_user, vendor_user, _listing = every_model
    only_one = factory.listing("published", vendor_id=vendor_user.vendor_id,
                               pricing_models=[{"type": "one_time", "price_vnd": 1_000_000}])
    session.commit()
    _page, response = _request(Browser(app, sme_user), only_one.id, "co_investment")
    assert response.status_code == 422
    assert "Lựa chọn không hợp lệ" in response.get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count()).select_from(Contract)) == 0


def test_the_terms_form_groups_each_models_terms_and_labels_name_the_model(app, session, factory):
    sme_user, vendor_user = factory.user("sme"), factory.user("vendor")
    listing = factory.listing("published", vendor_id=vendor_user.vendor_id, pricing_models=ALL_MODELS[:3])
    session.commit()
    _page, response = _request(Browser(app, sme_user), listing.id, "one_time")
    page = Browser(app, vendor_user).get(response.headers["Location"]).get_data(as_text=True)
    assert "js/pricing-terms.js" in page and 'data-pricing-type=""' in page
    assert re.search(r'<div data-term="one_time">\s*<div class="field">\s*'
                     r'<label for="price_vnd">Giá mua đứt', page)
    assert re.search(r'<div data-term="use_first_pay_later">\s*<div class="field">\s*'
                     r'<label for="free_months">Số tháng dùng miễn phí \(dùng trước - trả sau\)', page)
    # The product offers neither co-investment nor revenue sharing: no fields for them.
    assert 'id="vendor_share_pct"' not in page and 'id="revenue_share_pct"' not in page


def test_money_fields_are_text_boxes_showing_grouped_amounts(app, session, every_model):
    sme_user, vendor_user, listing = every_model
    session.commit()
    _page, response = _request(Browser(app, sme_user), listing.id, "one_time")
    page = Browser(app, vendor_user).get(response.headers["Location"]).get_data(as_text=True)
    price = re.search(r'<input[^>]*id="price_vnd"[^>]*>', page).group(0)
    assert 'type="text"' in price and 'inputmode="numeric"' in price and 'value="45.000.000"' in price


def test_a_counter_offer_of_amounts_typed_any_vietnamese_way_keeps_them_exactly(app, session, every_model):
    sme_user, vendor_user, listing = every_model
    session.commit()
    sme, vendor = Browser(app, sme_user), Browser(app, vendor_user)
    _page, response = _request(sme, listing.id, "revenue_sharing")
    url = response.headers["Location"]
    page = vendor.get(url).get_data(as_text=True)
    offer = _terms("12.000.000", pricing_type="revenue_sharing", revenue_share_pct="15",
                   monthly_cap_vnd="2 000 000 ₫", based_on_round=_round(page))
    assert vendor.post(f"{url}/offer", offer, url).status_code == 303
    page = sme.get(url).get_data(as_text=True)
    assert "15% doanh thu do giải pháp mang lại, tối đa 2.000.000 ₫/tháng" in page
    counter = _terms("10000000", pricing_type="revenue_sharing", revenue_share_pct="12,5",
                     monthly_cap_vnd="1.500.000", based_on_round=_round(page))
    assert sme.post(f"{url}/offer", counter, url).status_code == 303
    contract = session.scalars(sa.select(Contract)).one()
    session.refresh(contract)
    assert contract.pricing == {
        "type": "revenue_sharing", "revenue_share_pct": 12.5, "monthly_cap_vnd": 1_500_000
    }
    assert contract.value_vnd == 10_000_000


def _signed(session, sme_user, vendor_user, listing_id: str, kind: str = "one_time") -> Contract:
    contract = services.request_offer(session, sme_user, listing_id, kind, None, "c-00000000000000a1")
    terms = Terms(Pricing("one_time", price_vnd=45_000_000), 45_000_000, date(2026, 7, 1), 12)
    offer = services.propose(session, vendor_user, contract.id, 1, terms)
    services.accept(session, sme_user, contract.id, offer.round)
    session.commit()
    return contract


def test_the_contract_list_and_page_name_the_product_and_link_it(app, session, every_model):
    sme_user, vendor_user, listing = every_model
    services.request_offer(session, sme_user, listing.id, "subscription", None, "c-00000000000000b2")
    session.commit()
    sme = Browser(app, sme_user)
    listed = sme.get("/contracts/").get_data(as_text=True)
    assert f'<a href="/products/{listing.id}">Kế toán Mây Trắng</a>' in listed
    page = sme.get("/contracts/c-00000000000000b2").get_data(as_text=True)
    assert f'<a href="/products/{listing.id}">Kế toán Mây Trắng</a>' in page


def test_verify_shows_signing_times_in_vietnam_time_with_the_iso_value_kept(app, session, every_model):
    sme_user, vendor_user, listing = every_model
    contract = _signed(session, sme_user, vendor_user, listing.id)
    sme, vendor = Browser(app, sme_user), Browser(app, vendor_user)
    url = f"/contracts/{contract.id}"
    _sign(sme, url, sme.get(url).get_data(as_text=True))
    _response, digest = _sign(vendor, url, vendor.get(url).get_data(as_text=True))
    page = Browser(app).get(f"/contracts/verify?id={contract.id}&digest={digest}").get_data(as_text=True)
    stamps = re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', page)
    assert len(stamps) == 2, page
    for iso, shown in stamps:
        assert iso.endswith("+07:00")
        assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", shown)
        assert shown == f"{iso[8:10]}/{iso[5:7]}/{iso[:4]} {iso[11:16]}"


def test_request_a_quote_reads_right_in_english_on_the_button_the_page_and_the_history(
    app, session, every_model
):
    sme_user, _vendor_user, listing = every_model
    session.commit()
    sme = Browser(app, sme_user)
    sme.post("/lang/en", {}, "/")
    product = sme.get(f"/products/{listing.id}").get_data(as_text=True)
    assert ">Request a quote</a>" in product
    page, response = _request(sme, listing.id, "subscription")
    assert "<title>Request a quote" in page and "<h1>Request a quote</h1>" in page
    history = sme.get(response.headers["Location"]).get_data(as_text=True)
    assert "Quote requested" in history


def test_a_terms_form_sent_back_unchanged_changes_nothing(app, session, every_model):
    sme_user, vendor_user, listing = every_model
    session.commit()
    sme, vendor = Browser(app, sme_user), Browser(app, vendor_user)
    _page, response = _request(sme, listing.id, "co_investment")
    url = response.headers["Location"]
    page = vendor.get(url).get_data(as_text=True)
    offer = _terms("12.000.000", pricing_type="co_investment", vendor_share_pct="30",
                   based_on_round=_round(page))
    assert vendor.post(f"{url}/offer", offer, url).status_code == 303

    def offers() -> int:
        return session.scalar(sa.select(sa.func.count()).select_from(ContractOffer))

    before = offers()
    resent = {**offer, "based_on_round": _round(vendor.get(url).get_data(as_text=True))}
    again = vendor.post(f"{url}/offer", resent, url)
    assert again.status_code == 303 and offers() == before  # one's own offer sent again: nothing new
    unchanged = {**offer, "based_on_round": _round(sme.get(url).get_data(as_text=True))}
    refused = sme.post(f"{url}/offer", unchanged, url)
    assert refused.status_code == 409
    assert "trùng với đề nghị của bên kia; hãy chấp nhận" in refused.get_data(as_text=True)
    assert offers() == before


def test_an_amendment_with_the_signed_terms_unchanged_is_refused(app, session, every_model):
    sme_user, vendor_user, listing = every_model
    contract = _signed(session, sme_user, vendor_user, listing.id)
    sme, vendor = Browser(app, sme_user), Browser(app, vendor_user)
    url = f"/contracts/{contract.id}"
    _sign(sme, url, sme.get(url).get_data(as_text=True))
    _sign(vendor, url, vendor.get(url).get_data(as_text=True))
    same = _terms("45.000.000", pricing_type="one_time", price_vnd="45.000.000")
    refused = sme.post(f"{url}/amend", same, url)
    assert refused.status_code == 409
    assert "Bản sửa đổi phải khác điều khoản đang hiệu lực" in refused.get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count()).select_from(Contract)) == 1
