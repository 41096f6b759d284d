"""The Stripe adapter against localstripe: saving cards, charging, declines, refunds, webhook signatures."""

import json
import time

import pytest
import stripe

from payments.gateway import BadSignature, CardDetails, CardRejected
from tests.payments.conftest import WEBHOOK_SECRET

pytestmark = [pytest.mark.stripe, pytest.mark.xdist_group("stripe")]

GOOD = CardDetails("4242424242424242", 12, 2030, "123")


def test_the_client_talks_to_the_configured_server(app, localstripe):
    gateway = app.extensions["stripe"]
    assert isinstance(gateway.client, stripe.StripeClient)
    customer = gateway.create_customer("s-1", "Công ty TNHH Hoa Sen", "ketoan@hoasen.vn")
    assert customer.startswith("cus_")
    # The customer exists on localstripe, not on api.stripe.com.
    assert gateway.client.v1.customers.retrieve(customer).metadata["sme_id"] == "s-1"


def test_a_saved_card_can_be_charged_and_refunded(gateway):
    customer = gateway.create_customer("s-2", "Hộ kinh doanh Minh Anh", None)
    card = gateway.save_card(customer, GOOD)
    assert (card.last4, card.exp_month, card.exp_year) == ("4242", 12, 2030)
    intent = gateway.create_payment(150_000, customer, card.payment_method_id, {"instalment": "1"}, "k-1")
    assert gateway.payment_outcome(intent).status == "unconfirmed"
    outcome = gateway.confirm_payment(intent)
    assert (outcome.status, outcome.error_code) == ("succeeded", None)
    assert gateway.client.v1.payment_intents.retrieve(intent).amount == 150_000
    refund = gateway.refund(intent, 50_000, {"reason": "test"}, "r-1")
    assert refund.status == "succeeded" and refund.refund_id.startswith("re_")


def test_the_decline_card_is_refused_when_saved(gateway):
    customer = gateway.create_customer("s-3", "Công ty Cổ phần Đông Á", None)
    with pytest.raises(CardRejected) as error:
        gateway.save_card(customer, CardDetails("4000000000000002", 12, 2030, "123"))
    assert error.value.decline_code == "card_declined"


def test_a_charge_declined_by_the_bank_is_an_outcome_not_an_exception(gateway):
    customer = gateway.create_customer("s-4", "Công ty TNHH Nam Phong", None)
    # Attaches fine, but every charge on it fails (Stripe's 4000000000000341).
    card = gateway.save_card(customer, CardDetails("4000000000000341", 12, 2030, "123"))
    intent = gateway.create_payment(200_000, customer, card.payment_method_id, {}, "k-2")
    outcome = gateway.confirm_payment(intent)
    assert (outcome.status, outcome.error_code) == ("failed", "card_declined")
    assert gateway.payment_outcome(intent).status == "failed"


def _signed(payload: str, secret: str = WEBHOOK_SECRET, at: int | None = None) -> str:
    return stripe.WebhookSignature.generate_signature_header(payload, secret, at)


def test_webhook_signatures_are_verified(gateway):
    payload = json.dumps({"id": "evt_1", "type": "payment_intent.succeeded", "created": int(time.time()),
                          "data": {"object": {"id": "pi_1", "object": "payment_intent"}}})
    assert gateway.verified_event(payload.encode(), _signed(payload))["id"] == "evt_1"
    for header in (None, "", "t=1,v1=abc", _signed(payload, "whsec_forged"),
                   _signed(payload, at=int(time.time()) - 3600), _signed(payload + " ")):
        with pytest.raises(BadSignature):
            gateway.verified_event(payload.encode(), header)
