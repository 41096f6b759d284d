"""The outbound sync to the national SME portal: each new edition of the official catalog and each
month's indicators, pushed as signed JSON (opendata.signing) to SYNC_URL, retried with backoff
(core.backoff), every attempt logged for the officers, who may replay a delivery.

`queue_due` finds what has not been queued yet (editions without a delivery, finished months without
one), so running it again queues nothing twice: the job `opendata.sync` runs both every five minutes
(`marketplace scheduler`, core.jobs), and `marketplace sync run` does the same by hand.
A delivery's payload is fixed when it is queued and its idempotency key never changes, so a retry or
a replay sends the same push and the portal keeps the first one it received.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import requests
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.exporter import edition_meta
from catalog.models import CatalogEdition
from contracts.models import Contract
from core import jobs
from core.audit import record_audit
from core.backoff import retry_delay
from core.db import utcnow
from core.domain import N_, Conflict, NotFound
from core.formatting import to_vn
from opendata import datasets, signing
from opendata.models import SyncAttempt, SyncDelivery

ALL = 10**9  # "every row" for the paged dataset readers
# A failed push waits 1, 2, 4 ... minutes, at most 6 hours (core.backoff): a portal down for a night gets
# its pushes in the morning; after MAX_ATTEMPTS (about two days) the delivery waits for an officer's replay.
LONGEST_WAIT = timedelta(hours=6)
MAX_ATTEMPTS = 16
# POST(url, body, headers) -> the answer's status code; raises OSError (or requests' errors) for none.
Post = Callable[[str, bytes, dict], int]
TIMEOUT = 15  # seconds per push; a slower portal is tried again later


def post(url: str, body: bytes, headers: dict) -> int:
    return requests.post(url, data=body, headers=headers, timeout=TIMEOUT, allow_redirects=False).status_code


def _edition_payload(session: Session, edition: CatalogEdition) -> dict:
    products = datasets.edition_products(session, edition, None, ALL).rows
    vendor_ids = {p["vendor_id"] for p in products}
    vendors = [v for v in datasets.vendors(session, None, ALL).rows if v["id"] in vendor_ids]
    return {"type": "catalog.edition", "edition": edition_meta(edition), "products": products,
            "vendors": vendors}


def _month_payload(session: Session, month: str) -> dict:
    return {"type": "indicators.month", "month": month,
            "groups": {by: datasets.indicator_rows(session, by, month, month)
                       for by in datasets.INDICATOR_DIMENSIONS}}


def _months(first: str, before: str) -> list[str]:
    """Every month from `first` up to the month before `before` (YYYY-MM)."""
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" < before:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def queue_due(session: Session, now: datetime) -> list[SyncDelivery]:
    """Queue a delivery for each edition and each finished month (Vietnam time) not queued before."""
    queued = set(session.scalars(select(SyncDelivery.idempotency_key)))
    made = []
    for edition in session.scalars(select(CatalogEdition).order_by(CatalogEdition.number)):
        if f"edition-{edition.number}" not in queued:
            made.append(SyncDelivery(kind="edition", subject=str(edition.number),
                                     idempotency_key=f"edition-{edition.number}",
                                     payload=_edition_payload(session, edition), next_attempt_at=now))
    first = session.scalar(select(func.min(Contract.counted_month)))
    if first:
        for month in _months(first, to_vn(now).strftime("%Y-%m")):
            if f"indicators-{month}" not in queued:
                made.append(SyncDelivery(kind="indicators", subject=month,
                                         idempotency_key=f"indicators-{month}",
                                         payload=_month_payload(session, month), next_attempt_at=now))
    session.add_all(made)
    session.flush()
    return made


@dataclass(frozen=True)
class Outcome:
    delivered: int = 0
    retrying: int = 0
    gave_up: int = 0


def _attempt(delivery: SyncDelivery, url: str, secret: str, post: Post, now: datetime) -> SyncAttempt:
    body = json.dumps({"idempotency_key": delivery.idempotency_key, **delivery.payload},
                      ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    headers = signing.headers(secret, int(now.timestamp()), body, delivery.idempotency_key)
    started = time.monotonic()
    status, problem = None, None
    try:
        status = post(url, body, headers)
        if not 200 <= status < 300:
            problem = f"HTTP {status}"
    except Exception as exc:  # no answer at all: refused, timed out, DNS... all the same to the log
        problem = f"{type(exc).__name__}: {exc}"[:2000]
    return SyncAttempt(delivery_id=delivery.id, at=now, status_code=status, error=problem,
                       duration_ms=int((time.monotonic() - started) * 1000))


def deliver_due(session: Session, url: str, secret: str, post: Post, now: datetime) -> Outcome:
    """Try each pending delivery whose time has come, oldest first. Rows being sent by another run are
    skipped (FOR UPDATE SKIP LOCKED on PostgreSQL), so two runs never push the same delivery at once."""
    due = session.scalars(select(SyncDelivery)
                          .where(SyncDelivery.status == "pending", SyncDelivery.next_attempt_at <= now)
                          .order_by(SyncDelivery.id).with_for_update(skip_locked=True))
    delivered = retrying = gave_up = 0
    for delivery in due:
        attempt = _attempt(delivery, url, secret, post, now)
        session.add(attempt)
        delivery.attempts += 1
        delivery.last_error = attempt.error
        if attempt.error is None:
            delivery.status, delivery.delivered_at = "delivered", now
            delivered += 1
        elif delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = "failed"
            gave_up += 1
        else:
            delivery.next_attempt_at = now + retry_delay(delivery.attempts, longest=LONGEST_WAIT)
            retrying += 1
        session.flush()
    return Outcome(delivered, retrying, gave_up)


def replay(session: Session, user, delivery_id: int, now: datetime) -> SyncDelivery:
    """Send a delivery again at the next run (the same payload and idempotency key), its backoff reset."""
    delivery = session.get(SyncDelivery, delivery_id) if 1 <= delivery_id < 2**31 else None
    if delivery is None:
        raise NotFound(N_("Không tìm thấy lần đồng bộ này."))
    if delivery.status == "pending" and delivery.attempts == 0:
        raise Conflict(N_("Lần đồng bộ này đang chờ gửi."))
    before = delivery.status
    delivery.status, delivery.attempts, delivery.next_attempt_at = "pending", 0, now
    record_audit(session, user, "sync.replayed", "sync_delivery", str(delivery.id), before, "pending",
                 None, {"idempotency_key": delivery.idempotency_key})
    session.flush()
    return delivery


def deliveries(session: Session, limit: int = 200) -> list[SyncDelivery]:
    return list(session.scalars(select(SyncDelivery).order_by(SyncDelivery.id.desc()).limit(limit)))


def run_once(session: Session, url: str, secret: str, now: datetime, send: Post = post) -> dict:
    """Queue what is due and push what is due: the job's and the command's work."""
    queued = queue_due(session, now)
    outcome = deliver_due(session, url, secret, send, now)
    return {"queued": len(queued), "delivered": outcome.delivered, "retrying": outcome.retrying,
            "gave_up": outcome.gave_up}


@jobs.job("opendata.sync")
def sync_job(session: Session) -> dict:
    url, secret = current_app.config.get("SYNC_URL"), current_app.config.get("SYNC_SECRET")
    if not url or not secret:
        return {"skipped": "SYNC_URL and SYNC_SECRET are not set"}
    return run_once(session, url, secret, utcnow())


# Unkeyed: a run is safe at any time (queueing is idempotent, two runs never push the same delivery).
jobs.schedule("opendata.sync", "*/5 * * * *")
