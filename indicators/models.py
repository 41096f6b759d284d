"""The plans' targets: per plan (Hà Nội, Hải Phòng, Đồng Nai, Huế, any an officer adds), an indicator of
the programme report, its target, and the year it is for (None: the whole 2026-2030 plan)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
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
