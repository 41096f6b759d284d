"""Signed tokens for links in mail (itsdangerous, keyed by SECRET_KEY): unsubscribe, verify an address,
reset a password, log in while locked out. Each purpose has its own salt, so a token made for one
cannot be used for another; a token that must work once carries a fingerprint of the state it changes
(e.g. the password hash), and stops working when that state has moved on."""

from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"marketplace.{purpose}")


def sign(purpose: str, payload) -> str:
    return _serializer(purpose).dumps(payload)


def unsign(purpose: str, token: str, max_age_seconds: int | None = None):
    """The payload of a genuine, unexpired token for `purpose`, or None."""
    try:
        return _serializer(purpose).loads(token, max_age=max_age_seconds)
    except (BadSignature, UnicodeError, ValueError, TypeError):
        return None


def fingerprint(*parts: object) -> str:
    """A short digest of some state (not the state itself: tokens are readable by their holder)."""
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]
