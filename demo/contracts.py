"""Demo contracts: signed agreements between demo SMEs and offers that suit them, spread over the
months before the demo's end date, so the officers' dashboard, the reports and the payment pages have
something to show. They are interchange CONTRACT records, imported like any file and so counted by
the same rule. Deterministic: the same inputs give the same records, so a second demo run changes
nothing."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from catalog.product import Product

FIRST_DAY = date(2025, 9, 1)
LAST_DAY = date(2026, 11, 30)


def contract_records(
    choices: Iterable[tuple[str, Sequence[tuple[Product, str | None]]]], per_sme: int = 2, seed: int = 2026,
    prefix: str = "demo",
) -> list[dict]:
    """`choices`: per SME id, candidate products best first, each with the pricing type to agree on
    (None: its first). Mostly signed by both sides; a few terminated after signing, a few still awaiting
    the vendor's signature (never counted)."""
    rng = random.Random(seed)
    span = (LAST_DAY - FIRST_DAY).days
    records = []
    for sme_id, candidates in choices:
        for n, (product, pricing_type) in enumerate(candidates[:per_sme]):
            pricing = next((m for m in product.pricing_models if m.type == pricing_type),
                           product.pricing_models[0])
            signed = FIRST_DAY + timedelta(days=rng.randrange(span))
            months = rng.choice((6, 12, 12, 24))
            record = {
                "id": f"{prefix}-{sme_id}-{n + 1}", "sme_id": sme_id, "product_id": product.id,
                "pricing": pricing.to_dict(), "value_vnd": months * (product.price_monthly_vnd or 0),
                "start_date": (signed + timedelta(days=7)).isoformat(), "months": months,
                "sme_signed_at": f"{signed.isoformat()}T09:{rng.randrange(60):02d}:00+07:00",
                "vendor_signed_at": f"{signed.isoformat()}T16:{rng.randrange(60):02d}:00+07:00",
                "status": "active",
            }
            fate = rng.random()
            if fate < 0.06:
                ended = min(signed + timedelta(days=rng.randrange(30, 120)), LAST_DAY)
                record.update(status="terminated", ended_at=f"{ended.isoformat()}T10:00:00+07:00")
            elif fate < 0.14:
                del record["vendor_signed_at"]
                record["status"] = "awaiting_signatures"
            records.append(record)
    return records
