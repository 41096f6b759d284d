"""The contract pages over HTTP: request -> offer -> counter-offer -> accept -> both sign; print; verify."""

import re
from datetime import date

import sqlalchemy as sa

from contracts.models import Contract
from tests.conftest import form_post, login


class Browser:
    """One user's browser. Each request runs in its own app context, as in production: the tests' shared
    app context would otherwise keep the first user logged in (Flask-Login caches the user in `g`)."""

    def __init__(self, app, user=None):
        self.app, self.client = app, app.test_client()
        if user is not None:
            self._run(login, user)

    def _run(self, action, *args, **kwargs):
        with self.app.app_context():
            return action(self.client, *args, **kwargs)

    def get(self, url):
        return self._run(lambda client: client.get(url))

    def post(self, url, data, page):
        return self._run(form_post, url, data, page=page)


def _client(app, user):
    return Browser(app, user)


def _terms(value: str, **over) -> dict:
    data = {
        "pricing_type": "subscription",
        "value_vnd": value,
        "start_date": "2026-07-01",
        "months": "12",
        "note": "",
    }
    data.update(over)
    return data


def _round(page: str) -> str:
    return re.search(r'name="based_on_round" type="hidden" value="(\d+)"', page).group(1)


def _sign(client, url, page: str, password="Mat-khau-2026!", consent="y"):
    digest = re.search(r'name="digest" type="hidden" value="([0-9a-f]{64})"', page).group(1)
    data = {"digest": digest, "password": password}
    if consent:
        data["consent"] = consent
    return client.post(f"{url}/sign", data, url), digest


def test_request_offer_counter_offer_accept_and_both_sign(app, session, parties):
    session.commit()
    sme, vendor = _client(app, parties.sme_user), _client(app, parties.vendor_user)
    product = sme.get(f"/products/{parties.listing.id}").get_data(as_text=True)
    assert f"/contracts/request/{parties.listing.id}" in product

    page = sme.get(f"/contracts/request/{parties.listing.id}").get_data(as_text=True)
    request_id = re.search(r'name="request_id" type="hidden" value="(c-[0-9a-f]{16})"', page).group(1)
    data = {"pricing_type": "subscription", "note": "Cần 5 tài khoản", "request_id": request_id}
    response = sme.post(
        f"/contracts/request/{parties.listing.id}", data, f"/contracts/request/{parties.listing.id}"
    )
    assert response.status_code == 303
    url = response.headers["Location"]
    again = sme.post(
        f"/contracts/request/{parties.listing.id}", data, f"/contracts/request/{parties.listing.id}"
    )
    assert again.headers["Location"] == url  # the same form twice: one contract
    assert session.scalar(sa.select(sa.func.count()).select_from(Contract)) == 1

    page = vendor.get(url).get_data(as_text=True)
    assert "Gửi báo giá" in page and "Cần 5 tài khoản" in page
    tampered = vendor.post(f"{url}/offer", {**_terms("2.400.000"), "based_on_round": "²"}, url)
    assert tampered.status_code == 400
    response = vendor.post(f"{url}/offer", {**_terms("2.400.000"), "based_on_round": _round(page)}, url)
    assert response.status_code == 303 and response.headers["Location"] == url

    page = sme.get(url).get_data(as_text=True)
    assert "2.400.000 ₫" in page and "Chấp nhận các điều khoản này" in page
    response = sme.post(f"{url}/offer", {**_terms("1.800.000"), "based_on_round": _round(page)}, url)
    assert response.status_code == 303

    page = vendor.get(url).get_data(as_text=True)
    accept_round = re.search(r'name="round" type="hidden" value="(\d+)"', page).group(1)
    assert vendor.post(f"{url}/accept", {"round": accept_round}, url).status_code == 303

    page = sme.get(url).get_data(as_text=True)
    assert "Chờ ký" in page and "1.800.000 ₫" in page
    response, digest = _sign(sme, url, page)
    assert response.status_code == 303
    response, _ = _sign(vendor, url, vendor.get(url).get_data(as_text=True))
    assert response.status_code == 303

    contract = session.scalars(sa.select(Contract)).one()
    session.refresh(contract)
    assert (contract.status, contract.terms_digest, contract.value_vnd) == ("signed", digest, 1_800_000)
    assert contract.counted_day is not None
    page = sme.get(url).get_data(as_text=True)
    assert "Đã ký" in page and "+07:00" in page

    printed = vendor.get(f"{url}/print").get_data(as_text=True)
    assert digest in printed and printed.count("đã ký") >= 2 and "+07:00" in printed
    listing = sme.get("/contracts/").get_data(as_text=True)
    assert contract.id in listing and "Đã ký" in listing

    anonymous = Browser(app)
    valid = anonymous.get(f"/contracts/verify?id={contract.id}&digest={digest}").get_data(as_text=True)
    assert "HỢP LỆ" in valid and "1.800.000 ₫" in valid
    assert parties.sme_user.email not in valid and "203.0.113" not in valid
    invalid = anonymous.get(f"/contracts/verify?id={contract.id}&digest={'0' * 64}").get_data(as_text=True)
    assert "KHÔNG HỢP LỆ" in invalid


def test_signing_needs_the_password_the_consent_and_the_terms_shown(app, session, parties, agreed):
    contract = agreed()
    session.commit()
    sme = _client(app, parties.sme_user)
    url = f"/contracts/{contract.id}"
    page = sme.get(url).get_data(as_text=True)
    response, _ = _sign(sme, url, page, password="sai-mat-khau")
    assert response.status_code == 422 and "Mật khẩu không đúng" in response.get_data(as_text=True)
    response, _ = _sign(sme, url, page, consent=None)
    assert response.status_code == 422
    stale = page.replace(contract.terms_digest, "a" * 64)
    response, _ = _sign(sme, url, stale)
    assert response.status_code == 409 and "thay đổi" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Contract, contract.id).sme_signed_at is None


def test_a_refused_offer_redisplays_with_the_field_named(app, session, parties, agreed):
    contract = agreed()
    session.commit()
    vendor = _client(app, parties.vendor_user)
    url = f"/contracts/{contract.id}"
    # Accepted terms are reopened by a counter-offer, which must be complete and valid.
    response = vendor.post(f"{url}/offer", {**_terms(""), "based_on_round": "3"}, url)
    assert response.status_code == 422
    response = vendor.post(
        f"{url}/offer", {**_terms("100", pricing_type="one_time"), "based_on_round": "3"}, url
    )
    assert response.status_code == 422 and "Bắt buộc với hình thức thanh toán này" in response.get_data(
        as_text=True
    )
    session.expire_all()
    assert session.get(Contract, contract.id).status == "awaiting_signatures"


def test_an_offer_too_large_for_the_database_redisplays_naming_the_field(app, session, parties, agreed):
    contract = agreed()
    session.commit()
    vendor = _client(app, parties.vendor_user)
    url = f"/contracts/{contract.id}"
    response = vendor.post(f"{url}/offer", {**_terms("99999999999999999999999"), "based_on_round": "3"}, url)
    assert response.status_code == 422
    assert "Tổng giá trị hợp đồng (₫): tối đa 1.000.000.000.000.000." in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Contract, contract.id).value_vnd == 1_800_000


def test_a_date_typed_the_vietnamese_way_is_read_and_a_wrong_one_named_in_vietnamese(
    app, session, parties, agreed
):
    contract = agreed()
    session.commit()
    vendor = _client(app, parties.vendor_user)
    url = f"/contracts/{contract.id}"

    def typed(day: str) -> dict:
        return {**_terms("100", start_date=day), "based_on_round": "3"}

    response = vendor.post(f"{url}/offer", typed("31/13/2026"), url)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy" in page and "Not a valid date value." not in page
    response = vendor.post(f"{url}/offer", typed("31/12/2026"), url)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    session.expire_all()
    assert session.get(Contract, contract.id).start_date == date(2026, 12, 31)


def test_a_pricing_model_the_product_does_not_offer_is_refused_in_vietnamese(app, session, parties):
    session.commit()
    sme = _client(app, parties.sme_user)
    url = f"/contracts/request/{parties.listing.id}"
    response = sme.post(url, {"pricing_type": "revenue_sharing", "note": ""}, url)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Lựa chọn không hợp lệ." in page and "Not a valid choice." not in page
    assert session.scalar(sa.select(sa.func.count()).select_from(Contract)) == 0


def test_strangers_get_404_and_officers_read_only(app, session, factory, parties, agreed):
    contract = agreed()
    session.commit()
    strange_user, officer_user = factory.user("vendor"), factory.user("officer")
    session.commit()
    stranger, officer = _client(app, strange_user), _client(app, officer_user)
    url = f"/contracts/{contract.id}"
    assert stranger.get(url).status_code == 404
    assert stranger.get(f"{url}/print").status_code == 404
    assert stranger.post(f"{url}/cancel", {"reason": "x"}, "/").status_code == 404
    page = officer.get(url)
    assert page.status_code == 200 and "Ký hợp đồng" not in page.get_data(as_text=True)
    assert officer.post(f"{url}/cancel", {"reason": "x"}, "/").status_code == 404
    assert Browser(app).get(url).status_code == 302  # anonymous: to the login page


def test_a_round_that_is_a_digit_to_python_but_not_a_number_is_a_400(app, session, parties):
    """"²".isdigit() is True, and int("²") raised a 500."""
    from contracts import services
    from tests.contracts.conftest import TERMS

    contract = services.request_offer(session, parties.sme_user, parties.listing.id, "subscription", "Cần",
                                      "c-round")
    services.propose(session, parties.vendor_user, contract.id, 1, TERMS, "Báo giá")
    session.commit()
    sme, url = Browser(app, parties.sme_user), f"/contracts/{contract.id}"
    assert sme.post(f"{url}/accept", {"round": "²"}, url).status_code == 400
    assert sme.post(f"{url}/accept", {"round": "١"}, url).status_code == 400
    assert sme.post(f"{url}/accept", {"round": "1" * 400}, url).status_code == 409  # not the latest round
    session.expire_all()
    assert session.get(Contract, contract.id).status == "draft"
