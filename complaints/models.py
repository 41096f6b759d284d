"""Complaints and their messages (the SME's, the vendor's, the officers')."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.rules import CATEGORIES, OUTCOMES, STATUSES
from core.db import Base, sql_in, utcnow

ENTITY = "complaint"  # the audit log's entity
SIDES = ("sme", "vendor", "officer")


class Complaint(Base):
    __tablename__ = "complaints"
    __table_args__ = (
        CheckConstraint(sql_in("status", tuple(STATUSES)), name="status_known"),
        CheckConstraint(sql_in("category", tuple(CATEGORIES)), name="category_known"),
        CheckConstraint(f"outcome IS NULL OR {sql_in('outcome', tuple(OUTCOMES))}", name="outcome_known"),
        CheckConstraint("(status = 'closed') = (outcome IS NOT NULL)", name="closed_has_outcome"),
        Index("ix_complaints_report", "vendor_id", "category", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[str] = mapped_column(ForeignKey("contracts.id"), index=True)
    listing_id: Mapped[str] = mapped_column(ForeignKey("listings.id"), index=True)
    vendor_id: Mapped[str] = mapped_column(ForeignKey("vendors.id"))
    sme_id: Mapped[str] = mapped_column(ForeignKey("smes.id"), index=True)
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    category: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text)
    attachments: Mapped[str | None] = mapped_column(Text)  # documents named or pasted as text
    status: Mapped[str] = mapped_column(String(16), default="awaiting_vendor", index=True)
    filed_at: Mapped[datetime] = mapped_column(default=utcnow)
    answer_due_on: Mapped[date] = mapped_column(Date)
    answered_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[str | None] = mapped_column(String(16))
    outcome_reason: Mapped[str | None] = mapped_column(Text)

    contract = relationship("Contract")
    sme = relationship("Sme")
    vendor = relationship("Vendor")
    messages: Mapped[list[ComplaintMessage]] = relationship(
        back_populates="complaint", order_by="ComplaintMessage.id"
    )


class ComplaintMessage(Base):
    __tablename__ = "complaint_messages"
    __table_args__ = (CheckConstraint(sql_in("side", SIDES), name="side_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    side: Mapped[str] = mapped_column(String(8))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    complaint: Mapped[Complaint] = relationship(back_populates="messages")
