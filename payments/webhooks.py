"""Stripe events: each event id stored once; outcomes applied in whatever order the events arrive.

An attempt's state only moves forward (payments.models.PaymentAttempt.settle), so a late
`payment_failed` after a `succeeded`, or the same event delivered twice, changes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from payments.gateway import PaymentOutcome
from payments.models import PaymentAttempt, Refund, WebhookEvent
from payments.refunds import apply_refund_status


def handle_event(session: Session, event: dict) -> str:
    """Apply a verified event once; says what happened: duplicate, applied, stale, ignored, unknown_object."""
    if session.get(WebhookEvent, event["id"]) is not None:
        return "duplicate"
    data = event.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    obj = obj if isinstance(obj, dict) else {}
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
    elif kind.startswith("refund.") and "id" in obj and "status" in obj:
        refund = session.scalar(select(Refund).where(Refund.stripe_refund_id == obj["id"]))
        if refund is None:
            outcome = "unknown_object"
        else:
            outcome = "applied" if apply_refund_status(refund, obj["status"]) else "stale"
    created = event.get("created")
    session.add(WebhookEvent(
        id=event["id"], type=kind[:100], object_id=str(obj.get("id", ""))[:64] or None, outcome=outcome,
        created=datetime.fromtimestamp(created, UTC) if isinstance(created, int) else datetime.now(UTC)))
    session.flush()
    return outcome
