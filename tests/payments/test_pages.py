"""Payment pages over HTTP: saving a card, paying again, declaring revenue, refunds, history, receivables."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from core.audit import AuditEntry
from payments.billing import run_billing
from payments.models import Instalment, PaymentProfile, Refund
from payments.services import ensure_schedule
from smes.models import Sme
from tests.conftest import form_post
from tests.factories import Factory
from tests.payments.builders import signed_contract
from tests.payments.conftest import stripe_charges

pytestmark = [pytest.mark.stripe, pytest.mark.xdist_group("stripe")]

def ledger_cells(html: str) -> list[str]:
    return re.findall(r'<td class="num" data-label="[^"]*">([^<]*)</td>', html)


CARD = {"number": "4242 4242 4242 4242", "exp_month": "12", "exp_year": "30", "cvc": "123",
        "password": Factory.PASSWORD}  # saving a card re-authenticates


def test_the_sme_saves_a_card_and_the_decline_card_is_refused_with_a_reason(session, factory, logged_in):
    user = factory.user("sme")
    client = logged_in(user)
    declined = form_post(client, "/payments/card", {**CARD, "number": "4000000000000002"},
                         page="/payments/card")
    assert declined.status_code == 422
    assert "Thẻ bị từ chối" in declined.get_data(as_text=True)
    session.expire_all()
    profile = session.get(PaymentProfile, user.sme_id)
    assert profile is not None and profile.payment_method_id is None  # the customer is kept, no card

    saved = form_post(client, "/payments/card", CARD, page="/payments/card")
    assert saved.status_code == 302
    session.expire_all()
    profile = session.get(PaymentProfile, user.sme_id)
    assert (profile.card_last4, profile.card_exp_year) == ("4242", 2030)
    page = client.get("/payments/").get_data(as_text=True)
    assert "•••• 4242" in page


def test_a_bad_card_form_names_the_field_and_saves_nothing(session, factory, logged_in):
    user = factory.user("sme")
    response = form_post(logged_in(user), "/payments/card", {**CARD, "exp_month": "13", "cvc": "1"},
                         page="/payments/card")
    assert response.status_code == 422
    assert "CVC gồm 3 hoặc 4 chữ số" in response.get_data(as_text=True)
    assert session.get(PaymentProfile, user.sme_id) is None


def test_the_sme_sees_a_declined_instalment_and_pays_it_again(session, gateway, factory, make_contract,
                                                              card_for, logged_in):
    user = factory.user("sme")
    sme = session.get(Sme, user.sme_id)
    card_for(sme, "4000000000000341")
    contract = make_contract(sme=sme, months=1, value_vnd=1_250_000)
    session.commit()
    run_billing(session, gateway, date(2026, 1, 1))
    client = logged_in(user)
    history = client.get("/payments/").get_data(as_text=True)
    assert "Cần xử lý" in history and "Ngân hàng từ chối thẻ." in history
    page = client.get(f"/payments/contracts/{contract.id}").get_data(as_text=True)
    assert "1.250.000 ₫" in page and "Thanh toán lại" in page

    profile = card_for(sme)
    instalment = session.scalars(select(Instalment).where(Instalment.contract_id == contract.id)).one()
    response = form_post(client, f"/payments/instalments/{instalment.id}/pay", page="/payments/")
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Instalment, instalment.id).status == "paid"
    assert stripe_charges(gateway, profile.stripe_customer_id) == [1_250_000]
    assert "Thanh toán lại" not in client.get(f"/payments/contracts/{contract.id}").get_data(as_text=True)


def test_the_sme_declares_a_month_of_revenue(session, factory, make_contract, logged_in):
    user = factory.user("sme")
    pricing = {"type": "revenue_sharing", "revenue_share_pct": 10}
    contract = make_contract(pricing, sme=session.get(Sme, user.sme_id), months=2, value_vnd=None)
    first = ensure_schedule(session, contract)[0]
    session.commit()
    client = logged_in(user)
    assert "Khai báo" in client.get(f"/payments/contracts/{contract.id}").get_data(as_text=True)
    refused = form_post(client, f"/payments/instalments/{first.id}/declare", {"revenue_vnd": "-5"},
                        page="/payments/")
    assert refused.status_code == 302
    session.expire_all()
    assert session.get(Instalment, first.id).amount_vnd is None
    form_post(client, f"/payments/instalments/{first.id}/declare", {"revenue_vnd": "12345678"},
              page="/payments/")
    session.expire_all()
    assert session.get(Instalment, first.id).amount_vnd == 1_234_568  # 10 %, half up
    assert "1.234.568 ₫" in client.get(f"/payments/contracts/{contract.id}").get_data(as_text=True)


def test_the_vendor_refunds_with_a_reason_and_sees_its_receivables(session, gateway, factory, make_contract,
                                                                   card_for, logged_in):
    vendor_user = factory.user("vendor")
    listing = factory.listing(vendor_id=vendor_user.vendor_id)
    sme = factory.sme()
    profile = card_for(sme)
    contract = make_contract({"type": "co_investment", "vendor_share_pct": 25}, sme=sme, listing=listing,
                             months=2, value_vnd=4_000_000)
    session.commit()
    run_billing(session, gateway, date(2026, 1, 1))
    attempt = session.scalars(select(Instalment).where(Instalment.contract_id == contract.id)
                              .order_by(Instalment.seq)).first().attempts[0]
    client = logged_in(vendor_user)

    receivables = client.get("/payments/receivables").get_data(as_text=True)
    assert contract.id in receivables
    # Both months are due by now: the SME's 75 % of 2 x 2.000.000, of which the first was charged;
    # the vendor's 25 % is its co-investment.
    assert ledger_cells(receivables) == ["3.000.000 ₫", "1.500.000 ₫", "0 ₫", "1.000.000 ₫", "1.500.000 ₫"]

    no_reason = form_post(client, f"/payments/attempts/{attempt.id}/refund", {"amount_vnd": "100000"},
                          page="/payments/receivables")
    assert no_reason.status_code == 302
    assert session.scalar(select(Refund)) is None
    form_post(client, f"/payments/attempts/{attempt.id}/refund",
              {"amount_vnd": "1500000", "reason": "Doanh nghiệp dừng sử dụng trong tháng đầu"},
              page="/payments/receivables")
    session.expire_all()
    refund = session.scalars(select(Refund)).one()
    assert (refund.status, refund.amount_vnd, refund.actor_id) == ("succeeded", 1_500_000, vendor_user.id)
    assert session.get(Instalment, attempt.instalment_id).status == "refunded"
    refunds = gateway.client.v1.refunds.list(params={"payment_intent": attempt.payment_intent_id})
    assert [r.amount for r in refunds.data] == [1_500_000]
    audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "payment_refunded")).one()
    assert (audit.entity_id, audit.reason) == (contract.id, "Doanh nghiệp dừng sử dụng trong tháng đầu")
    # Nothing left to refund: a second request changes nothing.
    form_post(client, f"/payments/attempts/{attempt.id}/refund", {"amount_vnd": "1", "reason": "Lần nữa"},
              page="/payments/receivables")
    assert len(session.scalars(select(Refund)).all()) == 1
    assert stripe_charges(gateway, profile.stripe_customer_id) == [1_500_000]


def test_officers_see_every_vendor_and_other_parties_see_nothing(session, factory, make_contract, logged_in):
    contract = make_contract()
    ensure_schedule(session, contract)
    officer = factory.user("officer")
    stranger = factory.user("sme")
    session.commit()
    page = logged_in(officer).get("/payments/receivables").get_data(as_text=True)
    assert "Theo nhà cung cấp" in page and contract.id in page
    # One row per vendor, then one per contract: due, paid, refunded, co-investment, outstanding.
    assert ledger_cells(page) == ["3.000.000 ₫", "0 ₫", "0 ₫", "0 ₫", "3.000.000 ₫"] * 2
    client = logged_in(stranger)
    assert client.get(f"/payments/contracts/{contract.id}").status_code == 404
    assert contract.id not in client.get("/payments/").get_data(as_text=True)


def test_the_sme_sees_its_imported_signed_contracts_paid_outside_the_marketplace(session, factory, logged_in):
    """Demo contracts are imported: the page said 'no signed contract' while /contracts/ listed them."""
    user = factory.user("sme")
    listing = factory.listing("published")
    contract = signed_contract(session, user.sme_id, listing.id, listing.vendor_id, source="import")
    session.commit()
    page = logged_in(user).get("/payments/").get_data(as_text=True)
    assert "Chưa có hợp đồng đã ký" not in page
    assert f'<a href="/contracts/{contract.id}">{contract.id}</a>' in page
    assert "Hợp đồng nhập từ hệ thống khác: thanh toán thực hiện ngoài sàn" in page
    schedule = logged_in(user).get(f"/payments/contracts/{contract.id}").get_data(as_text=True)
    assert "thanh toán thực hiện ngoài sàn" in schedule


def test_four_simultaneous_payments_of_a_failed_instalment_charge_once_and_answer_each(
        session, gateway, factory, make_contract, card_for, live_server):
    """The attack: 4 POSTs at once on a declined instalment gave 1-3 server errors (IntegrityError)."""
    import threading

    from tests.e2e.server import http_login

    user = factory.user("sme")
    sme = session.get(Sme, user.sme_id)
    card_for(sme, "4000000000000341")
    contract = make_contract(sme=sme, months=1, value_vnd=700_000)
    session.commit()
    run_billing(session, gateway, date(2026, 1, 1))
    profile = card_for(sme)
    instalment = session.scalars(select(Instalment).where(Instalment.contract_id == contract.id)).one()
    browsers = [http_login(live_server, user.email, Factory.PASSWORD) for _ in range(4)]
    start, answers = threading.Barrier(4), []

    def pay(http, token):
        start.wait()
        answers.append(http.post(f"{live_server}/payments/instalments/{instalment.id}/pay",
                                 data={"csrf_token": token}, allow_redirects=False, timeout=60).status_code)

    threads = [threading.Thread(target=pay, args=browser) for browser in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert answers == [302] * 4
    assert stripe_charges(gateway, profile.stripe_customer_id) == [700_000]
    session.expire_all()
    assert session.get(Instalment, instalment.id).status == "paid"
