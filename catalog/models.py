"""Listings, their revisions, and the numbered editions of the official catalog.

A Listing is one product of one vendor. Its content lives in ListingRevisions: the
`live` revision (status 'approved') is what the public sees, the `working` revision
(draft, submitted or changes_requested) is what the vendor edits and officers review.
Editing a published listing creates a new working revision while the live one stays
visible. Partial unique indexes keep at most one of each per listing. A CatalogEdition
is a frozen list of revisions published by an officer's decision.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.product import Product
from core.db import Base, sql_in, utcnow

LISTING_STATUSES = (
    "draft", "submitted", "changes_requested", "rejected", "published", "suspended", "withdrawn",
)
REVISION_STATUSES = ("draft", "submitted", "changes_requested", "approved", "rejected", "superseded")
LIVE = "approved"  # the revision the public sees
OPEN = ("draft", "submitted", "changes_requested")  # the revision being worked on


class Listing(Base):
    __tablename__ = "listings"
    __table_args__ = (CheckConstraint(sql_in("status", LISTING_STATUSES), name="status_known"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    vendor_id: Mapped[str] = mapped_column(ForeignKey("vendors.id"), index=True)
    status: Mapped[str] = mapped_column(String(24), default="draft", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None]

    vendor = relationship("Vendor", lazy="joined")
    revisions: Mapped[list[ListingRevision]] = relationship(
        back_populates="listing", order_by="ListingRevision.number"
    )
    live_revision: Mapped[ListingRevision | None] = relationship(
        primaryjoin=f"and_(Listing.id == ListingRevision.listing_id, ListingRevision.status == '{LIVE}')",
        viewonly=True, uselist=False,
    )
    working_revision: Mapped[ListingRevision | None] = relationship(
        primaryjoin=f"and_(Listing.id == ListingRevision.listing_id, ListingRevision.status.in_({OPEN!r}))",
        viewonly=True, uselist=False,
    )


class ListingRevision(Base):
    __tablename__ = "listing_revisions"
    __table_args__ = (
        UniqueConstraint("listing_id", "number"),
        CheckConstraint(sql_in("status", REVISION_STATUSES), name="status_known"),
        CheckConstraint("readiness_min BETWEEN 0 AND 5 AND readiness_max BETWEEN 0 AND 5",
                        name="readiness_range"),
        CheckConstraint("readiness_min <= readiness_max", name="readiness_ordered"),
        Index("ix_listing_revisions_status", "status"),
        # At most one live and one open revision per listing, whatever the code does.
        Index("uq_listing_revisions_live", "listing_id", unique=True,
              sqlite_where=text(f"status = '{LIVE}'"), postgresql_where=text(f"status = '{LIVE}'")),
        Index("uq_listing_revisions_open", "listing_id", unique=True,
              sqlite_where=text(sql_in("status", OPEN)), postgresql_where=text(sql_in("status", OPEN))),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[str] = mapped_column(ForeignKey("listings.id"), index=True)
    number: Mapped[int]
    status: Mapped[str] = mapped_column(String(24), default="draft")
    # Content: the interchange PRODUCT fields.
    name: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    categories: Mapped[list]
    sectors: Mapped[list]
    readiness_min: Mapped[int]
    readiness_max: Mapped[int]
    company_sizes: Mapped[list] = mapped_column(default=list)
    regions: Mapped[list] = mapped_column(default=lambda: ["*"])
    deployment: Mapped[str | None] = mapped_column(String(16))
    price_monthly_vnd: Mapped[int | None] = mapped_column(BigInteger)
    setup_fee_vnd: Mapped[int | None] = mapped_column(BigInteger)
    pricing_models: Mapped[list]
    languages: Mapped[list] = mapped_column(default=list)
    integrations: Mapped[list] = mapped_column(default=list)
    extra: Mapped[dict] = mapped_column(default=dict)
    # Review.
    review_comment: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    reviewed_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    listing: Mapped[Listing] = relationship(back_populates="revisions")

    CONTENT_FIELDS = (
        "name", "summary", "description", "categories", "sectors", "readiness_min", "readiness_max",
        "company_sizes", "regions", "deployment", "price_monthly_vnd", "setup_fee_vnd", "pricing_models",
        "languages", "integrations",
    )

    def to_product(self, vendor_id: str) -> Product:
        data = {name: getattr(self, name) for name in self.CONTENT_FIELDS}
        data = {k: v for k, v in data.items() if v is not None}
        data.update(self.extra or {})
        data.update(id=self.listing_id, vendor_id=vendor_id)
        return Product.from_dict(data)

    def set_content(self, product: Product) -> None:
        data = product.to_dict()
        for name in self.CONTENT_FIELDS:
            setattr(self, name, data.get(name, [] if name in Product.LIST_FIELDS else None))
        if not self.regions:
            self.regions = ["*"]
        self.extra = dict(product.extra)


class CatalogEdition(Base):
    __tablename__ = "catalog_editions"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    decision_number: Mapped[str] = mapped_column(String(100))
    decision_date: Mapped[date]
    note: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class EditionEntry(Base):
    """One frozen listing revision in one edition."""

    __tablename__ = "catalog_edition_entries"
    __table_args__ = (UniqueConstraint("edition_id", "listing_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("catalog_editions.id"), index=True)
    listing_id: Mapped[str] = mapped_column(ForeignKey("listings.id"))
    revision_id: Mapped[int] = mapped_column(ForeignKey("listing_revisions.id"))

    revision: Mapped[ListingRevision] = relationship()
