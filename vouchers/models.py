"""Programmes, applications, vouchers, and the programme's part of each instalment (payables).

The budget cannot be overspent, whatever the code does: a programme carries what its vouchers hold
reserved and what it has paid, and a CHECK keeps their sum within the budget. Issuing a voucher adds
its amount to `reserved_vnd` by one conditional UPDATE (vouchers.budget), so twenty officers approving
at once each either fit or are refused; none overshoots.

A voucher's own `reserved_vnd` is what it holds of the programme's reservation now: its amount once
issued, the programme's share once redeemed (the rest released), less what was paid; expiry and
revocation release it. Imported vouchers that break a rule keep their `broken_rules` and hold nothing:
they are left out of the budget and of every indicator.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, sql_in, utcnow

PROGRAMME_STATUSES = ("draft", "published", "closed")
VOUCHER_STATUSES = ("issued", "redeemed", "expired", "revoked")
APPLICATION_STATUSES = ("pending", "approved", "rejected")
PAYABLE_STATUSES = ("due", "settled", "cancelled")
SOURCES = ("app", "import")
# The audit log's entities.
PROGRAMME, APPLICATION, VOUCHER, BATCH = "programme", "voucher_application", "voucher", "disbursement"


class Programme(Base):
    __tablename__ = "programmes"
    __table_args__ = (
        CheckConstraint(sql_in("status", PROGRAMME_STATUSES), name="status_known"),
        CheckConstraint(sql_in("source", SOURCES), name="source_known"),
        CheckConstraint(
            "budget_vnd >= 0 AND reserved_vnd >= 0 AND paid_vnd >= 0", name="amounts_not_negative"
        ),
        CheckConstraint("reserved_vnd + paid_vnd <= budget_vnd", name="within_budget"),
        CheckConstraint("max_share_pct >= 0 AND max_share_pct <= 100", name="share_range"),
        CheckConstraint("opens_on <= closes_on", name="dates_ordered"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    province: Mapped[str | None] = mapped_column(String(100))
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    budget_vnd: Mapped[int] = mapped_column(BigInteger)
    max_share_pct: Mapped[float] = mapped_column(Float, default=50)
    caps_vnd: Mapped[dict]
    categories: Mapped[list]
    status: Mapped[str] = mapped_column(String(16), default="draft")
    source: Mapped[str] = mapped_column(String(8), default="app")
    reserved_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    paid_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    extra: Mapped[dict] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]

    @property
    def left_vnd(self) -> int:
        return self.budget_vnd - self.reserved_vnd - self.paid_vnd


class VoucherApplication(Base):
    """An SME's request for a voucher for one product: the intended pricing model and value, the
    eligibility findings when it was made, and the officer's decision with its reason."""

    __tablename__ = "voucher_applications"
    __table_args__ = (
        CheckConstraint(sql_in("status", APPLICATION_STATUSES), name="status_known"),
        CheckConstraint("value_vnd >= 0 AND requested_vnd >= 0", name="amounts_not_negative"),
        Index("ix_voucher_applications_queue", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id"), index=True)
    sme_id: Mapped[str] = mapped_column(ForeignKey("smes.id"), index=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("listings.id"))
    pricing: Mapped[dict]
    value_vnd: Mapped[int] = mapped_column(BigInteger)
    months: Mapped[int | None]
    requested_vnd: Mapped[int] = mapped_column(BigInteger)  # the voucher it would give, when made
    findings: Mapped[list]  # vouchers.rules.Finding.to_json(), every rule held or not
    status: Mapped[str] = mapped_column(String(16), default="pending")
    reason: Mapped[str | None] = mapped_column(Text)  # the officer's
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]

    programme: Mapped[Programme] = relationship(lazy="joined")
    sme = relationship("Sme", lazy="joined")


class Voucher(Base):
    __tablename__ = "vouchers"
    __table_args__ = (
        CheckConstraint(sql_in("status", VOUCHER_STATUSES), name="status_known"),
        CheckConstraint(sql_in("source", SOURCES), name="source_known"),
        CheckConstraint("amount_vnd >= 1", name="amount_positive"),
        CheckConstraint("reserved_vnd >= 0 AND paid_vnd >= 0", name="held_not_negative"),
        CheckConstraint("redeemed_vnd IS NULL OR redeemed_vnd >= 0", name="redeemed_not_negative"),
        # What the app redeems is never more than the voucher (imports keep what they say, flagged).
        CheckConstraint(
            "source = 'import' OR redeemed_vnd IS NULL OR redeemed_vnd <= amount_vnd",
            name="redeemed_within_amount",
        ),
        Index("ix_vouchers_sme_year", "sme_id", "programme_id", "issued_on"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)  # what the SME shows, and the QR code holds
    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id"), index=True)
    sme_id: Mapped[str] = mapped_column(ForeignKey("smes.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("voucher_applications.id"), unique=True)
    product_id: Mapped[str | None] = mapped_column(ForeignKey("listings.id"), index=True)
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    issued_on: Mapped[date] = mapped_column(Date, index=True)
    expires_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="issued")
    contract_id: Mapped[str | None] = mapped_column(ForeignKey("contracts.id"), unique=True)
    redeemed_vnd: Mapped[int | None] = mapped_column(BigInteger)
    redeemed_on: Mapped[date | None] = mapped_column(Date, index=True)
    reserved_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    paid_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    broken_rules: Mapped[list] = mapped_column(default=list)  # vouchers.rules.BROKEN_RULES codes
    flagged: Mapped[bool] = mapped_column(default=False, index=True)  # broken_rules is not empty
    source: Mapped[str] = mapped_column(String(8), default="app")
    extra: Mapped[dict] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    programme: Mapped[Programme] = relationship(lazy="joined")
    sme = relationship("Sme", lazy="joined")


class DisbursementBatch(Base):
    """Payables an officer settled together, listed in one disbursement file."""

    __tablename__ = "disbursement_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id"), index=True)
    total_vnd: Mapped[int] = mapped_column(BigInteger)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    payables: Mapped[list[Payable]] = relationship(back_populates="batch", order_by="Payable.id")


class Payable(Base):
    """The programme's part of one instalment: owed to the vendor, settled by an officer in a batch."""

    __tablename__ = "voucher_payables"
    __table_args__ = (
        CheckConstraint(sql_in("status", PAYABLE_STATUSES), name="status_known"),
        CheckConstraint("amount_vnd > 0", name="amount_positive"),
        CheckConstraint("(status = 'settled') = (batch_id IS NOT NULL)", name="settled_in_batch"),
        Index("ix_voucher_payables_due", "status", "due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    voucher_id: Mapped[str] = mapped_column(ForeignKey("vouchers.id"), index=True)
    instalment_id: Mapped[int] = mapped_column(ForeignKey("instalments.id"), unique=True)
    contract_id: Mapped[str] = mapped_column(ForeignKey("contracts.id"), index=True)
    vendor_id: Mapped[str] = mapped_column(ForeignKey("vendors.id"), index=True)
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="due")
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("disbursement_batches.id"), index=True)
    settled_at: Mapped[datetime | None]

    voucher: Mapped[Voucher] = relationship(lazy="joined")
    vendor = relationship("Vendor", lazy="joined")
    batch: Mapped[DisbursementBatch | None] = relationship(back_populates="payables")
