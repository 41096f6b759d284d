"""SME profiles: every SME field of the interchange format, plus contact data and consent."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow

# The SME record's fields in the interchange format, stored in columns of the same names (its
# contact_email is the contact column below: the address the firm is reached at).
INTERCHANGE_FIELDS = (
    "id", "name", "tax_code", "sector", "size", "employees", "annual_revenue_vnd", "province", "ward",
    "readiness_level", "readiness_framework", "needs", "problem", "monthly_budget_vnd",
    "preferred_pricing_models", "current_tools", "contact_email", "phone", "address", "joined_on",
)
LIST_FIELDS = ("needs", "preferred_pricing_models", "current_tools")  # lists, never null
# Personal data of the contact person (privacy.visibility says who sees them).
CONTACT_FIELDS = ("contact_person", "contact_phone", "contact_email")


class Sme(Base):
    __tablename__ = "smes"
    __table_args__ = (
        CheckConstraint("readiness_level IS NULL OR readiness_level BETWEEN 0 AND 5", name="readiness_range"),
        CheckConstraint("size IS NULL OR size IN ('micro','small','medium')", name="size_known"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    tax_code: Mapped[str | None] = mapped_column(String(14), index=True)
    sector: Mapped[str] = mapped_column(String(32))
    size: Mapped[str | None] = mapped_column(String(8))  # as given; derived size is computed, not stored
    employees: Mapped[int | None]
    annual_revenue_vnd: Mapped[int | None] = mapped_column(BigInteger)
    province: Mapped[str | None] = mapped_column(String(100))
    ward: Mapped[str | None] = mapped_column(String(100))
    readiness_level: Mapped[int | None]
    readiness_framework: Mapped[str | None] = mapped_column(String(100))
    readiness_breakdown: Mapped[dict | None]  # per-pillar scores of the last self-assessment
    needs: Mapped[list] = mapped_column(default=list)
    problem: Mapped[str | None] = mapped_column(Text)
    monthly_budget_vnd: Mapped[int | None] = mapped_column(BigInteger)
    preferred_pricing_models: Mapped[list] = mapped_column(default=list)
    current_tools: Mapped[list] = mapped_column(default=list)
    # The firm's own telephone and address (the contact person's are below), and the day it joined the
    # marketplace: registration sets it, imports carry it; unknown (None) for older imported records.
    phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(String(300))
    joined_on: Mapped[date | None]
    # Personal data of the contact person: shown to a vendor only with consent or a signed contract.
    contact_person: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_consent: Mapped[bool] = mapped_column(default=False)
    extra: Mapped[dict] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
