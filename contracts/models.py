"""Contracts between an SME and a vendor for one product, their signatures and negotiation rounds.

Counting is a database invariant, not a counter: a contract counts iff `counted_day` is set, and a
column holds one value, so a contract is counted at most once. `counted_day` is written by a single
conditional UPDATE (... WHERE counted_day IS NULL AND both signatures present), and a CHECK keeps it
NULL while a signature is missing, whatever the code does.

Report dimensions (the SME's sector, province, ward and size; the pricing type; the product's
categories in contract_categories) are SNAPSHOTS taken when the contract is counted. Why: an annual
report must not change when an SME edits its profile later, and reports over a million contracts
read one table with covering indexes instead of joining profiles and revisions.

"SMEs supported" is a count of distinct SMEs. To keep it a plain SUM over a million rows, every
counted contract carries, per report grouping, the day of the same SME's previous counted contract
in the same group (`prev_*_day`, see reports.firsts): a contract is its SME's first in a period
starting on day A iff that previous day is NULL or before A.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, sql_in, utcnow
from core.vocab import CONTRACT_STATUSES

STATUSES = tuple(CONTRACT_STATUSES)
SIDES = ("sme", "vendor")
SOURCES = ("app", "import")
OFFER_KINDS = ("request", "offer", "accept")


COUNTED = text("counted_day IS NOT NULL")
# Report grouping -> (contracts column holding the key, column holding the previous day in that group).
REPORT_COLUMNS = {
    "sector": ("sector", "prev_sector_day"),
    "province": ("province", "prev_province_day"),
    "size": ("size", "prev_size_day"),
    "pricing_model": ("pricing_type", "prev_pricing_day"),
    "vendor": ("vendor_id", "prev_vendor_day"),
    "month": ("counted_month", "prev_month_day"),
}


class Contract(Base):
    __tablename__ = "contracts"
    __table_args__ = (
        CheckConstraint(sql_in("status", STATUSES), name="status_known"),
        CheckConstraint(sql_in("source", SOURCES), name="source_known"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("value_vnd IS NULL OR value_vnd >= 0", name="value_not_negative"),
        CheckConstraint("months IS NULL OR months >= 1", name="months_positive"),
        # Never counted without both signatures; amendments (parent_id set) never count again.
        CheckConstraint(
            "counted_day IS NULL OR (sme_signed_at IS NOT NULL AND vendor_signed_at IS NOT NULL "
            "AND parent_id IS NULL)",
            name="counted_needs_both_signatures",
        ),
        # Whatever is signed in the app was signed over a digest of fixed terms.
        CheckConstraint(
            "source = 'import' OR (sme_signed_at IS NULL AND vendor_signed_at IS NULL) "
            "OR terms_digest IS NOT NULL",
            name="signed_terms_have_digest",
        ),
        UniqueConstraint("parent_id", "version"),
        # Covering indexes for the reports, group key first: SQLite aggregates sorted input only.
        *(
            Index(
                f"ix_contracts_report_{dim}",
                key,
                "counted_day",
                prev,
                "prev_day",
                "value_vnd",
                sqlite_where=COUNTED,
                postgresql_where=COUNTED,
            )
            for dim, (key, prev) in REPORT_COLUMNS.items()
        ),
        Index(
            "ix_contracts_report_total",
            "counted_day",
            "prev_day",
            "value_vnd",
            "sme_id",
            sqlite_where=COUNTED,
            postgresql_where=COUNTED,
        ),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    sme_id: Mapped[str] = mapped_column(ForeignKey("smes.id"), index=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("listings.id"), index=True)
    vendor_id: Mapped[str] = mapped_column(ForeignKey("vendors.id"), index=True)  # the product's vendor
    version: Mapped[int] = mapped_column(default=1)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("contracts.id"), index=True)  # amended contract
    status: Mapped[str] = mapped_column(String(24), default="draft", index=True)
    source: Mapped[str] = mapped_column(String(8), default="app")
    # The terms (interchange CONTRACT fields); frozen once a signature exists.
    pricing: Mapped[dict]
    pricing_type: Mapped[str] = mapped_column(String(32))  # pricing["type"], a column for reports
    value_vnd: Mapped[int | None] = mapped_column(BigInteger)
    start_date: Mapped[date | None]
    months: Mapped[int | None]
    # The canonical terms both sides agreed to, and their SHA-256 (hex); set on agreement.
    terms: Mapped[dict | None]
    terms_digest: Mapped[str | None] = mapped_column(String(64), index=True)
    sme_signed_at: Mapped[datetime | None]
    vendor_signed_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    extra: Mapped[dict] = mapped_column(default=dict)  # unknown interchange fields, kept as received
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Counting: the Vietnam-time day of the later signature, set once; then the report snapshot.
    counted_day: Mapped[date | None] = mapped_column(Date)
    counted_month: Mapped[str | None] = mapped_column(String(7))  # YYYY-MM of counted_day
    sector: Mapped[str | None] = mapped_column(String(32))
    province: Mapped[str | None] = mapped_column(String(100))
    ward: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[str | None] = mapped_column(String(8))
    # The day of the same SME's previous counted contract: at all, then within each report group.
    prev_day: Mapped[date | None] = mapped_column(Date)
    prev_sector_day: Mapped[date | None] = mapped_column(Date)
    prev_province_day: Mapped[date | None] = mapped_column(Date)
    prev_size_day: Mapped[date | None] = mapped_column(Date)
    prev_pricing_day: Mapped[date | None] = mapped_column(Date)
    prev_vendor_day: Mapped[date | None] = mapped_column(Date)
    prev_month_day: Mapped[date | None] = mapped_column(Date)

    signatures: Mapped[list[ContractSignature]] = relationship(
        back_populates="contract", order_by="ContractSignature.signed_at"
    )
    offers: Mapped[list[ContractOffer]] = relationship(
        back_populates="contract", order_by="ContractOffer.round"
    )
    sme = relationship("Sme", lazy="joined")
    vendor = relationship("Vendor", lazy="joined")
    listing = relationship("Listing")

    @property
    def counted(self) -> bool:
        return self.counted_day is not None


class ContractCategory(Base):
    """The product's categories when the contract was counted (a contract counts once per category)."""

    __tablename__ = "contract_categories"
    __table_args__ = (
        Index("ix_contract_categories_report", "category", "counted_day", "prev_day", "value_vnd"),
        Index("ix_contract_categories_sme_id", "sme_id"),
    )

    contract_id: Mapped[str] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"), primary_key=True)
    category: Mapped[str] = mapped_column(String(40), primary_key=True)
    # Copied from the contract so that the category report reads this table alone.
    counted_day: Mapped[date] = mapped_column(Date)
    sme_id: Mapped[str] = mapped_column(String(64))
    value_vnd: Mapped[int | None] = mapped_column(BigInteger)
    prev_day: Mapped[date | None] = mapped_column(
        Date
    )  # the SME's previous counted contract in this category


class ContractSignature(Base):
    """One side's electronic signature: who, when (UTC, shown with +07:00), from where, over which digest."""

    __tablename__ = "contract_signatures"
    __table_args__ = (
        UniqueConstraint("contract_id", "side"),
        CheckConstraint(sql_in("side", SIDES), name="side_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[str] = mapped_column(ForeignKey("contracts.id"), index=True)
    side: Mapped[str] = mapped_column(String(8))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None for imported signatures
    signer_name: Mapped[str] = mapped_column(String(254), default="")
    signed_at: Mapped[datetime]
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(500))
    digest: Mapped[str | None] = mapped_column(String(64))  # SHA-256 of the canonical terms signed

    contract: Mapped[Contract] = relationship(back_populates="signatures")


class ContractOffer(Base):
    """One negotiation round: who proposed which terms (or accepted the previous round), and when."""

    __tablename__ = "contract_offers"
    __table_args__ = (
        UniqueConstraint("contract_id", "round"),  # two submissions of the same round: one wins
        CheckConstraint(sql_in("side", SIDES), name="side_known"),
        CheckConstraint(sql_in("kind", OFFER_KINDS), name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[str] = mapped_column(ForeignKey("contracts.id"), index=True)
    round: Mapped[int]
    side: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(8))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    pricing: Mapped[dict]
    value_vnd: Mapped[int | None] = mapped_column(BigInteger)
    start_date: Mapped[date | None]
    months: Mapped[int | None]
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    contract: Mapped[Contract] = relationship(back_populates="offers")
