"""Signatures of the pushes to the national portal (pure): HMAC-SHA256 over the timestamp and the body.

The receiver recomputes `HMAC-SHA256(secret, "<timestamp>.<body>")` and compares it in constant time;
the timestamp, inside the signed text, lets it refuse a replay of an old push (TOLERANCE), and the
idempotency key lets it keep the first of two deliveries of the same push (our retries, an officer's
replay) and acknowledge the second without doing the work again.
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Marketplace-Signature"
TIMESTAMP_HEADER = "X-Marketplace-Timestamp"
IDEMPOTENCY_HEADER = "Idempotency-Key"
TOLERANCE = 300  # seconds a receiver accepts between the signed timestamp and its clock


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode("ascii") + b"." + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def headers(secret: str, timestamp: int, body: bytes, idempotency_key: str) -> dict[str, str]:
    return {"Content-Type": "application/json", TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: signature(secret, timestamp, body), IDEMPOTENCY_HEADER: idempotency_key}


def verify(secret: str, headers_in: dict[str, str], body: bytes, now: int) -> bool:
    """What a receiver checks: a well-formed recent timestamp and the signature of exactly this body."""
    stamp = headers_in.get(TIMESTAMP_HEADER, "")
    if not (stamp.isascii() and stamp.isdigit()) or abs(now - int(stamp)) > TOLERANCE:
        return False
    return hmac.compare_digest(signature(secret, int(stamp), body), headers_in.get(SIGNATURE_HEADER, ""))
