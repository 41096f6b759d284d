"""Consent records per purpose and data-subject requests (access, correction, deletion)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, utcnow


class ConsentRecord(Base):
    """One consent given by a person for one purpose: what (purpose, version, wording), when, and
    when it was withdrawn. Withdrawing closes the record; giving again opens a new one."""

    __tablename__ = "consent_records"
    __table_args__ = (
        # At most one consent in force per person and purpose.
        Index("uq_consent_records_active", "user_id", "purpose", unique=True,
              sqlite_where=text("withdrawn_at IS NULL"), postgresql_where=text("withdrawn_at IS NULL")),
        CheckConstraint("withdrawn_at IS NULL OR withdrawn_at >= given_at", name="withdrawn_after_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    sme_id: Mapped[str | None] = mapped_column(ForeignKey("smes.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    version: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)  # the exact wording the person agreed to
    given_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]
    source: Mapped[str] = mapped_column(String(40))  # the page where it was given, e.g. "privacy_page"
    ip: Mapped[str | None] = mapped_column(String(64))


REQUEST_KINDS = ("access", "correct", "delete")
REQUEST_STATUSES = ("received", "completed", "refused")


class DataSubjectRequest(Base):
    """A person's request to access, correct or delete their data, with its legal deadlines."""

    __tablename__ = "data_subject_requests"
    __table_args__ = (
        CheckConstraint("kind IN ('access','correct','delete')", name="kind_known"),
        CheckConstraint("status IN ('received','completed','refused')", name="status_known"),
        CheckConstraint("status = 'received' OR closed_at IS NOT NULL", name="closed_has_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default="received", index=True)
    details: Mapped[str] = mapped_column(Text, default="")  # what to correct, or why
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    acknowledge_by: Mapped[date]
    due_on: Mapped[date]
    extended_to: Mapped[date | None]  # the single extension the decree allows
    closed_at: Mapped[datetime | None]
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[str] = mapped_column(Text, default="")  # what was done, or why refused/extended

    user = relationship("User", foreign_keys=[user_id], lazy="joined")

    @property
    def effective_due(self) -> date:
        return self.extended_to or self.due_on
