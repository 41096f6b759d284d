"""Programmes' re-review criteria, listings' approvals and the re-reviews filed."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, sql_in, utcnow

ENTITY = "rereview"  # the audit log's entity (entity id: the listing's id)
APPROVAL_STATUSES = ("current", "lapsed")
REREVIEW_STATUSES = ("filed", "renewed", "changes_requested", "lapsed")


class ProgrammeCriteria(Base):
    """What a programme asks of a listing at its yearly re-review (rereview.rules.Criteria)."""

    __tablename__ = "rereview_criteria"
    __table_args__ = (
        CheckConstraint(
            "min_customers >= 0 AND min_rating BETWEEN 0 AND 5 AND approval_days BETWEEN 30 AND 1830",
            name="in_range",
        ),
    )

    programme: Mapped[str] = mapped_column(String(40), primary_key=True)
    min_customers: Mapped[int] = mapped_column(default=5)
    min_rating: Mapped[float] = mapped_column(Float, default=4.0)
    no_unresolved_complaints: Mapped[bool] = mapped_column(default=True)
    approval_days: Mapped[int] = mapped_column(default=365)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ListingApproval(Base):
    """How long a listing's approval runs; the scan creates it for published listings."""

    __tablename__ = "listing_approvals"
    __table_args__ = (CheckConstraint(sql_in("status", APPROVAL_STATUSES), name="status_known"),)

    listing_id: Mapped[str] = mapped_column(ForeignKey("listings.id"), primary_key=True)
    programme: Mapped[str] = mapped_column(String(40))
    approved_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16), default="current")
    last_reminded_on: Mapped[date | None] = mapped_column(Date)
    reminders: Mapped[int] = mapped_column(default=0)

    listing = relationship("Listing")


class Rereview(Base):
    __tablename__ = "rereviews"
    __table_args__ = (CheckConstraint(sql_in("status", REREVIEW_STATUSES), name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[str] = mapped_column(ForeignKey("listings.id"), index=True)
    status: Mapped[str] = mapped_column(String(24), default="filed", index=True)
    evidence: Mapped[dict]  # rereview.rules.Evidence.to_json(), when filed
    vendor_note: Mapped[str | None] = mapped_column(Text)
    filed_at: Mapped[datetime] = mapped_column(default=utcnow)
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_note: Mapped[str | None] = mapped_column(Text)

    listing = relationship("Listing")
