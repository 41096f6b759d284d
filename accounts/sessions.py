"""Login sessions: a new random session id at each login, checked at each request, ended at logout."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from accounts.models import LoginSession, User
from core.db import utcnow


def start_session(session: Session, user: User, ip: str | None, user_agent: str | None) -> str:
    """Record a new login of `user`; returns the session id to keep in the cookie."""
    sid = secrets.token_urlsafe(32)
    session.add(LoginSession(id=sid, user_id=user.id, ip=ip, user_agent=(user_agent or "")[:300]))
    session.flush()
    return sid


def session_is_live(session: Session, sid: str | None, user: User, max_hours: float) -> bool:
    """The login `sid` belongs to `user`, was not ended, and is younger than `max_hours`."""
    row = session.get(LoginSession, sid) if sid else None
    return (row is not None and row.user_id == user.id and row.ended_at is None
            and utcnow() - row.created_at < timedelta(hours=max_hours))


def end_session(session: Session, sid: str | None) -> None:
    if sid:
        session.execute(update(LoginSession).where(LoginSession.id == sid, LoginSession.ended_at.is_(None))
                        .values(ended_at=utcnow()))


def end_other_sessions(session: Session, user: User, keep_sid: str | None) -> int:
    """End every live login of `user` but `keep_sid` (after a password change); how many ended."""
    return session.execute(
        update(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.id != (keep_sid or ""),
               LoginSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    ).rowcount
