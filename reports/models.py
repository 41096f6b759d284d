"""Targets the office sets for the contract indicators, per calendar year."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow


class IndicatorTarget(Base):
    __tablename__ = "indicator_targets"
    __table_args__ = (
        CheckConstraint("contracts_target IS NULL OR contracts_target >= 0", name="contracts_not_negative"),
        CheckConstraint("smes_target IS NULL OR smes_target >= 0", name="smes_not_negative"),
    )

    year: Mapped[int] = mapped_column(primary_key=True)
    contracts_target: Mapped[int | None]
    smes_target: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
