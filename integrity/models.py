"""Flags: the deals a scan found suspicious enough for an officer, and what the officer decided.

One row per flagged contract. A scan writes the score, the signal codes, the reasons (as templates, so
that they read in the officer's language) and the fingerprint (integrity.scoring.fingerprint); the
officer's decision stays with the row. The next scan keeps a decided flag as decided while the
fingerprint is the same, and opens it again when it changed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, sql_in, utcnow

OPEN, CLEARED, LISTING_SUSPENDED = "open", "cleared", "listing_suspended"
# The audit log's entity of flags (entity id: the contract's id). Not "contract": the parties read a
# contract's history, and an integrity review is the office's business.
ENTITY = "integrity_flag"
STATUSES = (OPEN, CLEARED, LISTING_SUSPENDED)


class IntegrityFlag(Base):
    __tablename__ = "integrity_flags"
    __table_args__ = (
        CheckConstraint(sql_in("status", STATUSES), name="status_known"),
        CheckConstraint("score >= 0 AND score <= 1", name="score_range"),
        Index("ix_integrity_flags_queue", "status", "score"),
    )

    contract_id: Mapped[str] = mapped_column(ForeignKey("contracts.id"), primary_key=True)
    score: Mapped[float] = mapped_column(Float)
    signals: Mapped[list]  # signal codes, strongest first
    reasons: Mapped[list]  # integrity.reasons.Reason.to_json(), in the order of `signals`
    fingerprint: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(24), default=OPEN)
    flagged_at: Mapped[datetime] = mapped_column(default=utcnow)  # first flagged, or flagged again
    scanned_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(Text)

    contract = relationship("Contract", lazy="joined")
    decided_by = relationship("User")
