"""Vendor organisations (digital-technology firms). Members are Users with role 'vendor'."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.db import Base, utcnow


class Vendor(Base):
    __tablename__ = "vendors"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    tax_code: Mapped[str | None] = mapped_column(String(14), index=True)
    province: Mapped[str | None] = mapped_column(String(100))
    website: Mapped[str | None] = mapped_column(String(300))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict] = mapped_column(default=dict)  # unknown interchange fields, kept as received
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
