"""Stripe events: each event id stored once; outcomes applied in whatever order the events arrive.

An attempt's state only moves forward (payments.models.PaymentAttempt.settle), so a late
`payment_failed` after a `succeeded`, or the same event delivered twice, changes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from payments import notices
from payments.gateway import PaymentOutcome
from payments.models import PaymentAttempt, Refund, WebhookEvent
from payments.refunds import apply_refund_status

LATEST_TIMESTAMP = 2**33  # the year 2242: any later "created" is not a real event's


def handle_event(session: Session, event: dict) -> str:
    """Apply a verified event once; says what happened: duplicate, applied, stale, ignored, unknown_object."""
    if session.get(WebhookEvent, event["id"]) is not None:
        return "duplicate"
    data = event.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    # An object is read only with a string id and status: a list there matches nothing, and says so.
    obj = obj if isinstance(obj, dict) and isinstance(obj.get("id"), str) and isinstance(
        obj.get("status"), str) else {}
    kind = str(event.get("type", ""))
    outcome = "ignored"
    if kind.startswith("payment_intent.") and "id" in obj and "status" in obj:
        attempt = session.scalar(select(PaymentAttempt).where(PaymentAttempt.payment_intent_id == obj["id"]))
        if attempt is None:
            outcome = "unknown_object"
        else:
            result = PaymentOutcome.from_intent(obj)
            changed = attempt.settle(result.status, result.error_code, result.error_message)
            outcome = "applied" if changed else "stale"
            if changed and attempt.status == "failed":
                notices.tell_failed(session, attempt)
    elif kind.startswith("refund.") and "id" in obj and "status" in obj:
        refund = session.scalar(select(Refund).where(Refund.stripe_refund_id == obj["id"]))
        if refund is None:
            outcome = "unknown_object"
        else:
            outcome = "applied" if apply_refund_status(refund, obj["status"]) else "stale"
            if outcome == "applied" and refund.status == "succeeded":
                notices.tell_refunded(session, refund)
    session.add(WebhookEvent(
        id=event["id"], type=kind[:100], object_id=str(obj.get("id", ""))[:64] or None, outcome=outcome,
        created=_event_time(event.get("created"))))
    session.flush()
    return outcome


def _event_time(created) -> datetime:
    """When Stripe says it created the event; now when that is not a plausible Unix time (10^20 is not)."""
    if isinstance(created, int) and not isinstance(created, bool) and 0 <= created < LATEST_TIMESTAMP:
        return datetime.fromtimestamp(created, UTC)
    return datetime.now(UTC)
