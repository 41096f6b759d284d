"""The webhook endpoint: signed events from localstripe itself, forged and stale ones refused, repeats and
events out of order changing nothing."""

import copy
import json
import time
from datetime import date

import pytest
import stripe
from sqlalchemy import func, select

from payments.billing import run_billing
from payments.models import Instalment, PaymentAttempt, WebhookEvent
from tests.payments.conftest import WEBHOOK_SECRET

pytestmark = [pytest.mark.stripe, pytest.mark.xdist_group("stripe")]


class Crash(Exception):
    pass


def _crash_after_charge(step, attempt):
    if step == "charged":
        raise Crash


@pytest.fixture
def charged_but_unrecorded(session, gateway, factory, make_contract, card_for):
    """A payment Stripe made whose outcome the crashed billing run never recorded (attempt left `created`)."""
    sme = factory.sme()
    card_for(sme)
    make_contract(sme=sme, months=1, value_vnd=900_000)
    session.commit()
    with pytest.raises(Crash):
        run_billing(session, gateway, date(2026, 1, 1), checkpoint=_crash_after_charge)
    session.rollback()
    attempt = session.scalars(select(PaymentAttempt)).one()
    assert attempt.status == "created"
    return attempt


def _post(client, event: dict, secret: str = WEBHOOK_SECRET, at: int | None = None):
    payload = json.dumps(event)
    header = stripe.WebhookSignature.generate_signature_header(payload, secret, at)
    return client.post("/payments/webhook", data=payload, headers={"Stripe-Signature": header},
                       content_type="application/json")


def _event(gateway, payment_intent_id: str, event_id: str, kind: str = "payment_intent.succeeded") -> dict:
    intent = gateway.client.v1.payment_intents.retrieve(payment_intent_id).to_dict()
    return {"id": event_id, "object": "event", "type": kind, "created": int(time.time()),
            "data": {"object": intent}}


def test_localstripe_delivers_a_signed_event_that_settles_the_payment(app, gateway, live_server,
                                                                      charged_but_unrecorded):
    intent_id = charged_but_unrecorded.payment_intent_id
    # localstripe signs and posts payment_intent.succeeded about a second after the charge.
    fresh = app.extensions["db_sessionmaker"]()
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            event = fresh.scalar(select(WebhookEvent).where(WebhookEvent.object_id == intent_id,
                                                            WebhookEvent.type == "payment_intent.succeeded"))
            if event is not None:
                break
            time.sleep(0.2)
            fresh.rollback()
        assert event is not None, "localstripe delivered no payment_intent.succeeded"
        assert event.outcome == "applied"
        attempt = fresh.get(PaymentAttempt, charged_but_unrecorded.id)
        assert attempt.status == "succeeded"
        assert fresh.get(Instalment, attempt.instalment_id).status == "paid"
    finally:
        fresh.close()


def test_forged_stale_and_unsigned_webhooks_are_rejected(session, client, gateway, charged_but_unrecorded):
    event = _event(gateway, charged_but_unrecorded.payment_intent_id, "evt_forged")
    assert _post(client, event, secret="whsec_someone_else").status_code == 400
    assert _post(client, event, at=int(time.time()) - 3600).status_code == 400  # a replay, an hour old
    unsigned = client.post("/payments/webhook", data=json.dumps(event), content_type="application/json")
    assert unsigned.status_code == 400
    assert unsigned.get_json()["error"]["code"] == "bad_signature"
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(WebhookEvent)) == 0
    assert session.get(PaymentAttempt, charged_but_unrecorded.id).status == "created"


def test_the_same_event_delivered_twice_is_applied_once(session, client, gateway, charged_but_unrecorded):
    event = _event(gateway, charged_but_unrecorded.payment_intent_id, "evt_twice")
    first, second = _post(client, event), _post(client, event)
    assert (first.status_code, first.get_json()["outcome"]) == (200, "applied")
    assert (second.status_code, second.get_json()["outcome"]) == (200, "duplicate")
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(WebhookEvent)) == 1
    assert session.get(PaymentAttempt, charged_but_unrecorded.id).status == "succeeded"


def test_an_older_failure_arriving_after_the_success_changes_nothing(session, client, gateway,
                                                                      charged_but_unrecorded):
    succeeded = _event(gateway, charged_but_unrecorded.payment_intent_id, "evt_new")
    failed = copy.deepcopy(succeeded)
    failed.update(id="evt_old", type="payment_intent.payment_failed", created=succeeded["created"] - 60)
    failed["data"]["object"].update(status="requires_payment_method",
                                    last_payment_error={"code": "card_declined", "message": "Declined"})
    assert _post(client, succeeded).get_json()["outcome"] == "applied"
    assert _post(client, failed).get_json()["outcome"] == "stale"
    session.expire_all()
    attempt = session.get(PaymentAttempt, charged_but_unrecorded.id)
    assert (attempt.status, attempt.error_code) == ("succeeded", None)
    assert session.get(Instalment, attempt.instalment_id).status == "paid"


def test_an_event_about_an_unknown_payment_is_stored_and_ignored(session, client):
    event = {"id": "evt_unknown", "type": "payment_intent.succeeded", "created": int(time.time()),
             "data": {"object": {"id": "pi_elsewhere", "object": "payment_intent", "status": "succeeded"}}}
    assert _post(client, event).get_json()["outcome"] == "unknown_object"
    other_kind = {**event, "id": "evt_other_kind", "type": "customer.created"}
    assert _post(client, other_kind).get_json()["outcome"] == "ignored"
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(WebhookEvent)) == 2


def test_a_webhook_signed_an_hour_in_the_future_is_rejected(session, client, gateway, charged_but_unrecorded):
    event = _event(gateway, charged_but_unrecorded.payment_intent_id, "evt_future")
    assert _post(client, event, at=int(time.time()) + 3600).status_code == 400
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(WebhookEvent)) == 0
    assert _post(client, event, at=int(time.time()) + 5).status_code == 200  # a little clock skew is fine


@pytest.mark.parametrize("data", [
    {"object": {"id": ["pi_1", "pi_2"], "status": "succeeded"}},
    {"object": {"id": {"$ne": ""}, "status": ["succeeded"]}},
    {"object": "pi_1"},
    [],
])
def test_a_signed_event_with_odd_fields_is_stored_as_ignored_not_a_server_error(session, client, data):
    event = {"id": "evt_odd", "type": "payment_intent.succeeded", "created": 10**20, "data": data}
    answer = _post(client, event)
    assert (answer.status_code, answer.get_json()["outcome"]) == (200, "ignored")
    for created in (-(10**20), 2**63, True, "1700000000", 1.5e300):
        odd = {**event, "id": f"evt_odd_{created!r}"[:60], "created": created}
        assert _post(client, odd).status_code == 200
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(WebhookEvent)) == 6


@pytest.mark.parametrize("payload", [
    '{"id": "' + "e" * 300 + '", "type": "x"}',
    '{"id": "evt_\\u0000", "type": "x"}',
    '{"id": "evt_\\ud800", "type": "x"}',
    '{"id": "evt_deep", "type": "x", "data": ' + "[" * 5000 + "]" * 5000 + "}",
])
def test_a_signed_payload_that_cannot_be_stored_is_a_400(session, client, payload):
    header = stripe.WebhookSignature.generate_signature_header(payload, WEBHOOK_SECRET)
    answer = client.post("/payments/webhook", data=payload, headers={"Stripe-Signature": header},
                         content_type="application/json")
    assert answer.status_code == 400 and answer.get_json()["error"]["code"] == "bad_signature"
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(WebhookEvent)) == 0
