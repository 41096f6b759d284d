"""Reviews, the readers' reports about them, and helpful votes.

One review per contract (a unique constraint, whatever the code does): the contract makes it a
verified review, and names the product, the vendor, the SME and the pricing model used. A review is
`pending` until an officer publishes or rejects it; a published review a report shows to break the
rules is `removed`. The vendor replies once (reply_* set once).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, sql_in, utcnow
from reviews.rules import REPORT_REASONS, STATUSES

ENTITY = "review"  # the audit log's entity
REPORT_STATUSES = ("open", "upheld", "dismissed")
ASPECT_COLUMNS = ("ease_of_use", "support", "value_for_money", "sector_fit")  # reviews.rules.ASPECTS


def _stars(column: str, nullable: bool = True) -> CheckConstraint:
    rule = f"{column} BETWEEN 1 AND 5"
    return CheckConstraint(f"{column} IS NULL OR {rule}" if nullable else rule, name=f"{column}_stars")


class Review(Base):
    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint(sql_in("status", STATUSES), name="status_known"),
        _stars("rating", nullable=False),
        *(_stars(c) for c in ASPECT_COLUMNS),
        Index("ix_reviews_listing_status", "listing_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[str] = mapped_column(ForeignKey("contracts.id"), unique=True)
    listing_id: Mapped[str] = mapped_column(ForeignKey("listings.id"))
    vendor_id: Mapped[str] = mapped_column(ForeignKey("vendors.id"), index=True)
    sme_id: Mapped[str] = mapped_column(ForeignKey("smes.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    rating: Mapped[int]
    ease_of_use: Mapped[int | None]
    support: Mapped[int | None]
    value_for_money: Mapped[int | None]
    sector_fit: Mapped[int | None]
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    work_change: Mapped[str | None] = mapped_column(Text)  # how the SME's work changed
    pricing_type: Mapped[str] = mapped_column(String(32))  # the contract's pricing model
    hints: Mapped[dict] = mapped_column(default=dict)  # reviews.rules.hints + related party, for officers
    helpful_count: Mapped[int] = mapped_column(default=0)
    written_at: Mapped[datetime] = mapped_column(default=utcnow)  # editable for rules.EDIT_DAYS from here
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_reason: Mapped[str | None] = mapped_column(String(32))
    decision_note: Mapped[str | None] = mapped_column(Text)
    reply: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[datetime | None]
    replied_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    contract = relationship("Contract")
    sme = relationship("Sme")
    vendor = relationship("Vendor")

    def aspects(self) -> dict[str, int]:
        return {c: getattr(self, c) for c in ASPECT_COLUMNS if getattr(self, c) is not None}


class ReviewReport(Base):
    """A reader's report that a published review breaks the rules, and the officer's decision."""

    __tablename__ = "review_reports"
    __table_args__ = (
        CheckConstraint(sql_in("status", REPORT_STATUSES), name="status_known"),
        CheckConstraint(sql_in("reason", tuple(REPORT_REASONS)), name="reason_known"),
        UniqueConstraint("review_id", "reporter_id"),  # once per reader
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    review: Mapped[Review] = relationship()


class ReviewVote(Base):
    """A reader found a review helpful (once per reader and review)."""

    __tablename__ = "review_votes"

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
