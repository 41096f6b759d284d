"""What a person was told (one row each), and how they want each event's mail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, sql_in, utcnow
from notifications.events import MODES

DIGEST_STATES = ("pending", "sent")


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_unread", "user_id", "read_at"),
        CheckConstraint(sql_in("digest_state", DIGEST_STATES), name="digest_state_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    event: Mapped[str] = mapped_column(String(64))
    # The texts are made when read, in the reader's language, from the event and this context.
    context: Mapped[dict] = mapped_column(default=dict)
    link: Mapped[str | None] = mapped_column(String(500))  # a path on this site, where the person acts
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    digest_state: Mapped[str | None] = mapped_column(String(16), index=True)  # waiting for the daily mail


class NotificationPreference(Base):
    __tablename__ = "notification_preferences"
    __table_args__ = (CheckConstraint(sql_in("mode", MODES), name="mode_known"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    event: Mapped[str] = mapped_column(String(64), primary_key=True)
    mode: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
