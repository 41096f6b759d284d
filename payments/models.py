"""Payment records: saved cards, instalments, payment attempts, refunds, revenue declarations, webhook events.

The guarantee that nothing is charged twice lives here, in the schema: an attempt is recorded
with its idempotency key (unique) before Stripe is called, and an instalment has at most one
attempt that is under way or succeeded (partial unique index).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, sql_in, utcnow

INSTALMENT_STATUSES = ("scheduled", "free", "processing", "paid", "failed", "refunded", "cancelled")
ATTEMPT_STATUSES = ("started", "created", "processing", "succeeded", "failed")
# started: recorded, no PaymentIntent known yet; created: PaymentIntent created, perhaps being confirmed.
LIVE_ATTEMPT_STATUSES = ("started", "created", "processing")
_RANK = {"started": 0, "created": 0, "processing": 1, "failed": 2, "succeeded": 3}
REFUND_STATUSES = ("started", "pending", "succeeded", "failed")


class PaymentProfile(Base):
    """An SME's Stripe customer and the card it saved for off-session payments (never the card number)."""

    __tablename__ = "payment_profiles"

    sme_id: Mapped[str] = mapped_column(ForeignKey("smes.id"), primary_key=True)
    stripe_customer_id: Mapped[str] = mapped_column(String(64), unique=True)
    payment_method_id: Mapped[str | None] = mapped_column(String(64))
    card_brand: Mapped[str | None] = mapped_column(String(32))
    card_last4: Mapped[str | None] = mapped_column(String(4))
    card_exp_month: Mapped[int | None]
    card_exp_year: Mapped[int | None]
    card_saved_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def card_expired_on(self, day: date) -> bool:
        return (self.card_exp_year, self.card_exp_month) < (day.year, day.month)


class Instalment(Base):
    """One line of a contract's payment schedule (amounts in whole VND)."""

    __tablename__ = "instalments"
    __table_args__ = (
        UniqueConstraint("contract_id", "seq"),
        CheckConstraint(sql_in("status", INSTALMENT_STATUSES), name="status_known"),
        CheckConstraint("amount_vnd IS NULL OR amount_vnd >= 0", name="amount_not_negative"),
        CheckConstraint("gross_vnd IS NULL OR gross_vnd >= 0", name="gross_not_negative"),
        CheckConstraint("vendor_contribution_vnd >= 0", name="contribution_not_negative"),
        Index("ix_instalments_due", "status", "due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[str] = mapped_column(ForeignKey("contracts.id"), index=True)
    seq: Mapped[int]
    period_start: Mapped[date]
    due_date: Mapped[date]
    gross_vnd: Mapped[int | None] = mapped_column(BigInteger)  # before the vendor's co-investment share
    amount_vnd: Mapped[int | None] = mapped_column(BigInteger)  # the SME's part; None until declared
    vendor_contribution_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    error_code: Mapped[str | None] = mapped_column(String(64))  # why the last attempt failed
    error_message: Mapped[str | None] = mapped_column(Text)
    paid_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    contract = relationship("Contract", lazy="joined", viewonly=True)
    attempts: Mapped[list[PaymentAttempt]] = relationship(
        back_populates="instalment", order_by="PaymentAttempt.number")
    declaration: Mapped[RevenueDeclaration | None] = relationship(back_populates="instalment")

    @property
    def awaits_declaration(self) -> bool:
        return self.amount_vnd is None

    @property
    def paid_vnd(self) -> int:
        return sum(a.amount_vnd for a in self.attempts if a.status == "succeeded")

    @property
    def refunded_vnd(self) -> int:
        return sum(r.amount_vnd for a in self.attempts for r in a.refunds if r.status != "failed")

    def refresh_status(self) -> None:
        """Derive the status from the attempts, whatever order their outcomes arrived in."""
        succeeded = [a for a in self.attempts if a.status == "succeeded"]
        if self.status == "cancelled" and not succeeded:
            return
        self.error_code = self.error_message = None
        if succeeded:
            self.paid_at = min(a.settled_at or a.created_at for a in succeeded)
            self.status = "refunded" if self.refunded_vnd >= self.paid_vnd else "paid"
        elif any(a.status in LIVE_ATTEMPT_STATUSES for a in self.attempts):
            self.status = "processing"
        elif self.attempts:
            last = self.attempts[-1]
            self.status, self.error_code, self.error_message = "failed", last.error_code, last.error_message
        else:
            self.status = "free" if self.amount_vnd == 0 else "scheduled"


class RevenueDeclaration(Base):
    """The revenue a revenue-sharing SME declares for one month; the instalment's amount follows from it."""

    __tablename__ = "revenue_declarations"
    __table_args__ = (CheckConstraint("revenue_vnd >= 0", name="revenue_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instalment_id: Mapped[int] = mapped_column(ForeignKey("instalments.id"), unique=True)
    revenue_vnd: Mapped[int] = mapped_column(BigInteger)
    declared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    declared_at: Mapped[datetime] = mapped_column(default=utcnow)

    instalment: Mapped[Instalment] = relationship(back_populates="declaration")


class PaymentAttempt(Base):
    """One try at charging an instalment: recorded (with its idempotency key) before Stripe is called."""

    __tablename__ = "payment_attempts"
    __table_args__ = (
        UniqueConstraint("instalment_id", "number"),
        CheckConstraint(sql_in("status", ATTEMPT_STATUSES), name="status_known"),
        CheckConstraint("amount_vnd > 0", name="amount_positive"),
        CheckConstraint("initiated_by IN ('billing','sme')", name="initiated_by_known"),
        # At most one attempt per instalment under way or succeeded: the double-charge guard.
        Index("uq_payment_attempts_one_live", "instalment_id", unique=True,
              sqlite_where=text(sql_in("status", LIVE_ATTEMPT_STATUSES + ("succeeded",))),
              postgresql_where=text(sql_in("status", LIVE_ATTEMPT_STATUSES + ("succeeded",)))),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instalment_id: Mapped[int] = mapped_column(ForeignKey("instalments.id"), index=True)
    number: Mapped[int]
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    payment_intent_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="started")
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(Text)
    initiated_by: Mapped[str] = mapped_column(String(16), default="billing")  # billing run, or the SME
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    settled_at: Mapped[datetime | None]
    # Which billing run (or SME payment) is carrying the attempt forward, until when: another run leaves
    # it alone (payments.billing, claim), so that two runs never settle, or report, the same attempt.
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None]

    instalment: Mapped[Instalment] = relationship(back_populates="attempts")
    refunds: Mapped[list[Refund]] = relationship(back_populates="attempt", order_by="Refund.id")

    def settle(self, status: str, error_code: str | None = None, error_message: str | None = None) -> bool:
        """Move to the state Stripe reports, never backwards (outcomes and webhooks arrive in any order).

        `status` is succeeded, failed, processing or unconfirmed; returns whether anything changed.
        """
        if _RANK.get(status, -1) <= _RANK[self.status]:
            return False
        self.status = status
        if status in ("succeeded", "failed"):
            self.settled_at = utcnow()
        failed = status == "failed"
        self.error_code, self.error_message = (error_code, error_message) if failed else (None, None)
        self.instalment.refresh_status()
        return True

    @property
    def refundable_vnd(self) -> int:
        if self.status != "succeeded":
            return 0
        return self.amount_vnd - sum(r.amount_vnd for r in self.refunds if r.status != "failed")


class Refund(Base):
    """Money given back on a successful payment, by an officer or the vendor, with a reason."""

    __tablename__ = "payment_refunds"
    __table_args__ = (
        CheckConstraint(sql_in("status", REFUND_STATUSES), name="status_known"),
        CheckConstraint("amount_vnd > 0", name="amount_positive"),
        CheckConstraint("length(reason) > 0", name="reason_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("payment_attempts.id"), index=True)
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(Text)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    stripe_refund_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="started")
    error_message: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    attempt: Mapped[PaymentAttempt] = relationship(back_populates="refunds")


class WebhookEvent(Base):
    """Each Stripe event id once: a repeated delivery finds its id here and changes nothing."""

    __tablename__ = "stripe_webhook_events"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    type: Mapped[str] = mapped_column(String(100))
    object_id: Mapped[str | None] = mapped_column(String(64), index=True)
    created: Mapped[datetime]  # when Stripe created the event (events may arrive out of order)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    outcome: Mapped[str] = mapped_column(String(32))  # applied | ignored | unknown_object
