"""Problems posted on the board, the vendors invited to them, proposals, and the public Q&A thread.

A problem is an SME's (kind "sme", with its firm) or the city's (kind "city", posted by an officer:
the Resolution-57 list, with a sector, a budget or a prize, and evaluation criteria). The stored
status is the moderation and award lifecycle (problems.lifecycle); "closed for proposals" is not
stored: it is an open problem whose deadline has passed (Vietnam time), so nobody has to close it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, sql_in, utcnow
from problems.lifecycle import KINDS, PROPOSAL_STATUSES, STORED_STATUSES

# The audit log's entities.
ENTITY = "problem"
PROPOSAL_ENTITY = "proposal"


class Problem(Base):
    __tablename__ = "problems"
    __table_args__ = (
        CheckConstraint(sql_in("kind", KINDS), name="kind_known"),
        CheckConstraint(sql_in("status", STORED_STATUSES), name="status_known"),
        CheckConstraint("kind <> 'sme' OR sme_id IS NOT NULL", name="sme_problem_has_sme"),
        CheckConstraint(
            "budget_min_vnd IS NULL OR budget_max_vnd IS NULL OR budget_min_vnd <= budget_max_vnd",
            name="budget_ordered",
        ),
        CheckConstraint("months IS NULL OR months >= 1", name="months_positive"),
        Index("ix_problems_board", "status", "deadline"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    sme_id: Mapped[str | None] = mapped_column(ForeignKey("smes.id"), index=True)
    posted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    categories: Mapped[list] = mapped_column(default=list)
    sector: Mapped[str | None] = mapped_column(String(32))  # the SME's when it posted, the city's choice
    province: Mapped[str | None] = mapped_column(String(100))
    budget_min_vnd: Mapped[int | None] = mapped_column(BigInteger)
    budget_max_vnd: Mapped[int | None] = mapped_column(BigInteger)
    prize_vnd: Mapped[int | None] = mapped_column(BigInteger)  # a city problem's prize, instead of a budget
    months: Mapped[int | None]  # the term the budget covers
    preferred_pricing_models: Mapped[list] = mapped_column(default=list)
    evaluation_criteria: Mapped[str | None] = mapped_column(Text)
    deadline: Mapped[date]  # proposals are taken until the end of this day, Vietnam time
    show_name: Mapped[bool] = mapped_column(default=False)  # else vendors see the firm once shortlisted
    status: Mapped[str] = mapped_column(String(16), default="pending")
    moderation_reason: Mapped[str | None] = mapped_column(Text)
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    moderated_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    awarded_at: Mapped[datetime | None]
    extra: Mapped[dict] = mapped_column(default=dict)  # unknown interchange fields, kept as received
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    sme = relationship("Sme")
    posted_by = relationship("User", foreign_keys=[posted_by_id])


class Invitation(Base):
    """A vendor invited because one of its products ranked among the best for the problem."""

    __tablename__ = "problem_invitations"

    problem_id: Mapped[str] = mapped_column(ForeignKey("problems.id"), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("listings.id"), primary_key=True)
    vendor_id: Mapped[str] = mapped_column(ForeignKey("vendors.id"), index=True)
    rank: Mapped[int]
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[dict] = mapped_column(default=dict)  # language -> the engine's reasons in it
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    vendor = relationship("Vendor")


class Proposal(Base):
    """A vendor's answer: one of its products or a new solution, priced with the contract terms."""

    __tablename__ = "proposals"
    __table_args__ = (
        CheckConstraint(sql_in("status", PROPOSAL_STATUSES), name="status_known"),
        CheckConstraint("value_vnd >= 0", name="value_not_negative"),
        CheckConstraint("months >= 1", name="months_positive"),
        CheckConstraint("product_id IS NOT NULL OR solution_name IS NOT NULL", name="product_or_solution"),
        UniqueConstraint("problem_id", "vendor_id"),  # one proposal per vendor, revised in place
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    problem_id: Mapped[str] = mapped_column(ForeignKey("problems.id"), index=True)
    vendor_id: Mapped[str] = mapped_column(ForeignKey("vendors.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    product_id: Mapped[str | None] = mapped_column(ForeignKey("listings.id"))
    solution_name: Mapped[str | None] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text)  # the approach, in the vendor's words
    pricing: Mapped[dict]  # catalog.product.Pricing.to_dict(): the same terms as listings and contracts
    pricing_type: Mapped[str] = mapped_column(String(32))
    value_vnd: Mapped[int] = mapped_column(BigInteger)  # over the whole term
    start_date: Mapped[date | None]
    months: Mapped[int]
    timeline_days: Mapped[int]  # from award to the solution in use
    deliverables: Mapped[str] = mapped_column(Text)  # what the SME gets
    status: Mapped[str] = mapped_column(String(20), default="submitted")
    change_request: Mapped[str | None] = mapped_column(Text)  # the poster's last request for changes
    contract_id: Mapped[str | None] = mapped_column(ForeignKey("contracts.id"))
    extra: Mapped[dict] = mapped_column(default=dict)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)  # first submitted
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    problem = relationship("Problem")
    vendor = relationship("Vendor")


class Question(Base):
    """A bidder's question on a problem and the poster's answer, public to every bidder."""

    __tablename__ = "problem_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[str] = mapped_column(ForeignKey("problems.id"), index=True)
    vendor_id: Mapped[str | None] = mapped_column(ForeignKey("vendors.id"))
    asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    asked_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]
