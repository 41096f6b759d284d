"""The plans' targets: per plan (Hà Nội, Hải Phòng, Đồng Nai, Huế, any an officer adds), an indicator of
the programme report, its target, and the year it is for (None: the whole 2026-2030 plan); and the
SMEs' activity month by month that the programme report reads (indicators.activity, kept by
indicators.rollup)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, SmallInteger, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow


class Target(Base):
    __tablename__ = "programme_targets"
    __table_args__ = (
        UniqueConstraint("plan", "indicator", "year"),
        CheckConstraint("target >= 0", name="target_not_negative"),
        CheckConstraint("year IS NULL OR year BETWEEN 2000 AND 2100", name="year_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan: Mapped[str] = mapped_column(String(200))  # e.g. "Hà Nội 2026-2030"
    province: Mapped[str | None] = mapped_column(String(100))  # whose SMEs count; None = all
    indicator: Mapped[str] = mapped_column(String(40))  # indicators.targets.INDICATORS
    target: Mapped[int]
    year: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class SmeMonth(Base):
    """One SME's activity in one month it was active in (indicators.activity.MonthRow), with the SME's
    province, sector and size copied from its profile so that no report joins the SMEs."""

    __tablename__ = "programme_sme_months"
    __table_args__ = (
        # A report's last rows (next_month after its last month) and first counted rows, read from the
        # indexes alone on PostgreSQL: a year is a slice of them, where the table holds every year.
        Index(
            "ix_programme_sme_months_last",
            "next_month",
            "month",
            postgresql_include=[
                "sme_id",
                "assessment",
                "consulting",
                "training",
                "application",
                "prior_assessment",
                "prior_consulting",
                "prior_training",
                "prior_application",
                "prior_any",
                "level_before",
                "level_end",
                "province",
                "sector",
                "size",
            ],
        ),
        Index(
            "ix_programme_sme_months_counted",
            "month",
            postgresql_include=[
                "sme_id",
                "counted",
                "prior_counted",
                "assessment",
                "month_end",
                "level_before",
                "level_end",
                "level_first_counted",
                "province",
            ],
            postgresql_where=text("counted <> 0"),
            sqlite_where=text("counted <> 0"),
        ),
    )

    sme_id: Mapped[str] = mapped_column(ForeignKey("smes.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM
    month_end: Mapped[date]
    # Days of each kind in the month: bit d-1 for day d (the fixed-width columns first, then the rest).
    assessment: Mapped[int] = mapped_column(default=0)
    consulting: Mapped[int] = mapped_column(default=0)
    training: Mapped[int] = mapped_column(default=0)
    application: Mapped[int] = mapped_column(default=0)
    counted: Mapped[int] = mapped_column(default=0)
    # The latest day of each kind before the month; prior_any of any kind but counted.
    prior_assessment: Mapped[date | None]
    prior_consulting: Mapped[date | None]
    prior_training: Mapped[date | None]
    prior_application: Mapped[date | None]
    prior_counted: Mapped[date | None]
    prior_any: Mapped[date | None]
    level_before: Mapped[int | None] = mapped_column(SmallInteger)
    level_end: Mapped[int | None] = mapped_column(SmallInteger)
    level_first_counted: Mapped[int | None] = mapped_column(SmallInteger)  # on the first counted day
    next_month: Mapped[str] = mapped_column(String(7))  # indicators.activity.NO_NEXT_MONTH: none
    province: Mapped[str | None] = mapped_column(String(100))
    sector: Mapped[str | None] = mapped_column(String(32))
    size: Mapped[str | None] = mapped_column(String(8))
