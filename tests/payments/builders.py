"""Payment records for tests that need them without talking to Stripe (e.g. the security route matrix)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from contracts.models import Contract
from payments.models import PaymentAttempt
from payments.services import ensure_schedule

SIGNED_AT = datetime(2025, 12, 20, 3, 0, tzinfo=UTC)
ONE_TIME = {"type": "one_time"}
_seq = itertools.count(1)


def signed_contract(session: Session, sme_id: str, listing_id: str, vendor_id: str,
                    pricing: dict | None = None, **over) -> Contract:
    """A contract signed by both sides; by default 3.000.000 ₫ of subscription, 3 months from 01/01/2026."""
    pricing = pricing or {"type": "subscription"}
    contract = Contract(**{
        "id": f"hd-{next(_seq)}", "sme_id": sme_id, "product_id": listing_id, "vendor_id": vendor_id,
        "status": "signed", "source": "app", "pricing": pricing, "pricing_type": pricing["type"],
        "value_vnd": 3_000_000, "start_date": date(2026, 1, 1), "months": 3, "terms": {},
        "terms_digest": "0" * 64, "sme_signed_at": SIGNED_AT, "vendor_signed_at": SIGNED_AT, "extra": {},
        **over})
    session.add(contract)
    session.flush()
    return contract


def due_instalment(session: Session, sme_id: str, listing_id: str, vendor_id: str) -> int:
    """The id of a one-time instalment, due since 01/01/2026 and not paid."""
    contract = signed_contract(session, sme_id, listing_id, vendor_id, ONE_TIME, value_vnd=500_000)
    return ensure_schedule(session, contract)[0].id


def paid_attempt(session: Session, sme_id: str, listing_id: str, vendor_id: str) -> int:
    """The id of a successful payment of a one-time instalment (its PaymentIntent exists on no server)."""
    contract = signed_contract(session, sme_id, listing_id, vendor_id, ONE_TIME, value_vnd=500_000)
    instalment = ensure_schedule(session, contract)[0]
    attempt = PaymentAttempt(instalment=instalment, number=1, amount_vnd=500_000, status="succeeded",
                             idempotency_key=f"marketplace:{contract.id}:1:1",
                             payment_intent_id=f"pi_test_{contract.id}", settled_at=SIGNED_AT)
    session.add(attempt)
    instalment.refresh_status()
    session.flush()
    return attempt.id
