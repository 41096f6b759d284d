"""Demo accounts' addresses count as verified, so that the demo's notifications are also mailed (to the
SMTP server configured; `MAIL_BACKEND=console` prints them)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from core.db import utcnow


def verify_demo_addresses(session: Session, accounts: dict) -> None:
    for user in accounts.values():
        if user is not None and user.email_verified_at is None:
            user.email_verified_at = utcnow()
    session.flush()
