"""Vendor organisations (digital-technology firms), their vetting and requests to join them. Members are
Users with role 'vendor'."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, sql_in, utcnow
from vendors.vetting_rules import SOURCES, STATUSES


class Vendor(Base):
    __tablename__ = "vendors"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    tax_code: Mapped[str | None] = mapped_column(String(14), index=True)
    province: Mapped[str | None] = mapped_column(String(100))
    website: Mapped[str | None] = mapped_column(String(300))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(String(300))  # head office
    description: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict] = mapped_column(default=dict)  # unknown interchange fields, kept as received
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    vetting: Mapped[VendorVetting | None] = relationship(back_populates="vendor", uselist=False)


class VendorVetting(Base):
    """The vendor's documents for vetting and the officer's decision on them (vendors.vetting_rules).

    One row per vendor; a vendor without one has not been vetted (it submits no listing). Vendors that
    came otherwise than by registering here are approved without documents (`source`: existing,
    import). Every decision is in the audit log (entity "vendor")."""

    __tablename__ = "vendor_vettings"
    __table_args__ = (CheckConstraint(sql_in("status", STATUSES), name="status_known"),
                      CheckConstraint(sql_in("source", SOURCES), name="source_known"))

    vendor_id: Mapped[str] = mapped_column(ForeignKey("vendors.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(24), index=True)
    source: Mapped[str] = mapped_column(String(16), default="registration")
    # The number on the Giấy chứng nhận đăng ký doanh nghiệp (the enterprise code).
    business_registration_no: Mapped[str | None] = mapped_column(String(40))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_position: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    # SME customers the officer may ask: [{"customer", "contact", "uses"}, ...]
    customer_references: Mapped[list] = mapped_column(default=list)
    submitted_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(Text)  # the officer's, shown to the vendor

    vendor: Mapped[Vendor] = relationship(back_populates="vetting")


JOIN_STATUSES = ("pending", "approved", "refused")


class VendorJoinRequest(Base):
    """A person who registered with the tax code of an existing vendor: a tax code belongs to one
    organisation, so they ask to become its member. The organisation's admin member (its first member)
    or an officer decides; the account is created only on approval (until then nobody logs in as it)."""

    __tablename__ = "vendor_join_requests"
    __table_args__ = (CheckConstraint("status IN ('pending','approved','refused')", name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[str] = mapped_column(ForeignKey("vendors.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))  # erased once decided
    name_given: Mapped[str] = mapped_column(String(300), default="")  # the organisation name they typed
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    vendor: Mapped[Vendor] = relationship()
