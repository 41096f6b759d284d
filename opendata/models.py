"""Partner API keys and their calls; the pushes to the national portal and their attempts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, sql_in, utcnow

DELIVERY_STATUSES = ("pending", "delivered", "failed")
DELIVERY_KINDS = ("edition", "indicators")


class PartnerKey(Base):
    """A partner system's key. Only its SHA-256 is kept (the key is 256 random bits: no dictionary to
    try, so a slow password hash would add nothing but a cost to every call); the prefix, shown to
    officers and partners, finds the row."""

    __tablename__ = "partner_keys"
    __table_args__ = (CheckConstraint("per_minute > 0", name="limit_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list]
    per_minute: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class PartnerCall(Base):
    """One call made with a key, whatever its answer (refusals and rate-limited calls too)."""

    __tablename__ = "partner_calls"
    __table_args__ = (Index("ix_partner_calls_key_at", "key_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key_id: Mapped[int] = mapped_column(ForeignKey("partner_keys.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    method: Mapped[str] = mapped_column(String(8))
    path: Mapped[str] = mapped_column(String(500))
    status: Mapped[int]


class SyncDelivery(Base):
    """One push to the national portal: a new edition, or a month's indicators. The idempotency key is
    the same for every attempt and replay, so the portal does the work once."""

    __tablename__ = "sync_deliveries"
    __table_args__ = (
        CheckConstraint(sql_in("status", DELIVERY_STATUSES), name="status_known"),
        CheckConstraint(sql_in("kind", DELIVERY_KINDS), name="kind_known"),
        Index("ix_sync_deliveries_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(16))  # the edition's number, the month (YYYY-MM)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    payload: Mapped[dict]
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]

    attempt_log: Mapped[list[SyncAttempt]] = relationship(order_by="SyncAttempt.id",
                                                          back_populates="delivery")


class SyncAttempt(Base):
    __tablename__ = "sync_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("sync_deliveries.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    status_code: Mapped[int | None]  # None: no answer (refused, timed out)
    error: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int]

    delivery: Mapped[SyncDelivery] = relationship(back_populates="attempt_log")
