"""Readiness assessments of SMEs, every one kept (interchange ASSESSMENT).

The history is the point: an SME's current level is its latest assessment's (assessments.tiers), and
the programme's indicators compare levels before and after a contract. `answers` holds the
questionnaire's answers when the assessment was run here (None for imported ones); `consultant_id`
says it was run with a consultant of the network (the `consultants` package above owns that table;
only the name of the table is needed here).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow

# Ids ordered as text code point by code point on every backend ("the larger id" of the spec):
# PostgreSQL's default collation would order "a-10" and "a_9" by language rules instead.
ORDERED_ID = String(64).with_variant(String(64, collation="C"), "postgresql")
# The ASSESSMENT record's fields, stored in columns of the same names.
INTERCHANGE_FIELDS = ("id", "sme_id", "framework", "level", "assessed_on", "consultant_id")


class Assessment(Base):
    __tablename__ = "assessments"
    __table_args__ = (
        CheckConstraint("level BETWEEN 0 AND 5", name="level_range"),
        # An SME's history, latest last; the report reads the latest one on or before a day through it.
        Index("ix_assessments_history", "sme_id", "assessed_on", "id", "level"),
        Index("ix_assessments_period", "assessed_on", "sme_id"),
        # Whether a consultant was active in a period: one probe per consultant (indicators.programme).
        Index("ix_assessments_consultant", "consultant_id", "assessed_on"),
    )

    id: Mapped[str] = mapped_column(ORDERED_ID, primary_key=True)
    sme_id: Mapped[str] = mapped_column(ForeignKey("smes.id"))
    framework: Mapped[str] = mapped_column(String(100))
    level: Mapped[int]
    assessed_on: Mapped[date] = mapped_column(Date)
    consultant_id: Mapped[str | None] = mapped_column(ForeignKey("consultants.id"))
    answers: Mapped[dict | None]
    extra: Mapped[dict] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
