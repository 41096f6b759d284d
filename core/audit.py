"""Audit log of catalog and contract actions: who, when, what, from which state to which, why."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_label: Mapped[str] = mapped_column(String(254), default="")
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    from_state: Mapped[str | None] = mapped_column(String(32))
    to_state: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict | None]


def record_audit(
    session: Session,
    actor,
    action: str,
    entity_type: str,
    entity_id: str,
    from_state: str | None = None,
    to_state: str | None = None,
    reason: str | None = None,
    data: dict | None = None,
) -> AuditEntry:
    """Add one audit entry to the session (flushed with the change it records, committed with it).

    `actor` is a User, or None for the system (imports, CLI); a string labels a CLI operator.
    """
    if isinstance(actor, str) or actor is None:
        actor_id, label = None, actor or "system"
    else:
        actor_id, label = actor.id, actor.email
    entry = AuditEntry(
        actor_id=actor_id, actor_label=label, action=action, entity_type=entity_type,
        entity_id=str(entity_id), from_state=from_state, to_state=to_state, reason=reason, data=data,
    )
    session.add(entry)
    return entry
