"""The consultant network (interchange CONSULTANT) and the support given to SMEs (SUPPORT).

A consultant is certified ("đạt chuẩn") on the day an officer found they met the programme's
criteria (`certified_on`; None = not certified); `status` says whether they work for the programme
now. Supports are the activities the plans count: consulting, training attended, help to apply a
product outside a contract.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, sql_in, utcnow

KINDS = ("person", "organisation")
STATUSES = ("active", "suspended", "withdrawn")
SUPPORT_KINDS = ("consulting", "training", "application")
REQUEST_STATUSES = ("open", "accepted", "declined")

CONSULTANT_FIELDS = (
    "id",
    "name",
    "kind",
    "organisation",
    "specialties",
    "sectors",
    "provinces",
    "certified_on",
    "status",
    "email",
    "phone",
)
CONSULTANT_LISTS = ("specialties", "sectors", "provinces")
SUPPORT_FIELDS = (
    "id",
    "sme_id",
    "kind",
    "on",
    "consultant_id",
    "programme_id",
    "hours",
    "public_funds_vnd",
    "note",
)


class Consultant(Base):
    __tablename__ = "consultants"
    __table_args__ = (
        CheckConstraint(sql_in("kind", KINDS), name="kind_known"),
        CheckConstraint(sql_in("status", STATUSES), name="status_known"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16))
    organisation: Mapped[str | None] = mapped_column(String(300))
    specialties: Mapped[list] = mapped_column(default=list)  # CATEGORY codes
    sectors: Mapped[list] = mapped_column(default=lambda: ["*"])  # SECTOR codes, or ["*"]
    provinces: Mapped[list] = mapped_column(default=lambda: ["*"])  # province names, or ["*"]
    certified_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="active")
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    extra: Mapped[dict] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Registered here (imported consultants have no account): the login, and what the programme's
    # published criteria ask for, as the consultant described it, for the officers' vetting.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    experience: Mapped[str | None] = mapped_column(Text)
    documents: Mapped[str | None] = mapped_column(Text)
    references: Mapped[str | None] = mapped_column(Text)
    # The officer's findings on each criterion ({"documents": true, ...}) and why a status last changed.
    vetting: Mapped[dict | None]
    status_reason: Mapped[str | None] = mapped_column(Text)


class ConsultantRequest(Base):
    """An SME asking a consultant for help; the consultant sees the SME once they accept."""

    __tablename__ = "consultant_requests"
    __table_args__ = (
        CheckConstraint(sql_in("status", REQUEST_STATUSES), name="status_known"),
        Index("ix_consultant_requests_consultant", "consultant_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sme_id: Mapped[str] = mapped_column(ForeignKey("smes.id"), index=True)
    consultant_id: Mapped[str] = mapped_column(ForeignKey("consultants.id"))
    message: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]


class Proposal(Base):
    """A product of the catalog a consultant recommends to an SME they work with."""

    __tablename__ = "consultant_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    sme_id: Mapped[str] = mapped_column(ForeignKey("smes.id"), index=True)
    consultant_id: Mapped[str] = mapped_column(ForeignKey("consultants.id"))
    listing_id: Mapped[str] = mapped_column(ForeignKey("listings.id"))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Course(Base):
    """A training course published by an officer or a certified consultant; SMEs enrol, the organiser marks
    attendance once it has begun, and each attended enrolment becomes a SUPPORT record of kind training.

    `starts_at` is the moment (UTC; shown in Vietnam time), `held_on` its day in Vietnam. `taken` counts
    the enrolments: one conditional UPDATE takes a seat (consultants.courses), the CHECK is the last guard
    against overbooking."""

    __tablename__ = "courses"
    __table_args__ = (
        CheckConstraint("seats >= 1", name="seats_positive"),
        CheckConstraint("taken >= 0 AND taken <= seats", name="not_overbooked"),
        CheckConstraint("hours IS NULL OR hours > 0", name="hours_positive"),
        Index("ix_courses_upcoming", "held_on", "starts_at"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    topic: Mapped[str] = mapped_column(String(32))  # a CATEGORY code
    held_on: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[datetime]
    hours: Mapped[float | None] = mapped_column(Float)  # how long it lasts (the SUPPORT records' hours)
    place: Mapped[str | None] = mapped_column(String(300))
    online_url: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    seats: Mapped[int]
    taken: Mapped[int] = mapped_column(default=0)
    consultant_id: Mapped[str | None] = mapped_column(ForeignKey("consultants.id"), index=True)
    published_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Called off by its organiser before it began (consultants.courses.cancel), with the reason the SMEs
    # enrolled are told; the enrolments stay, as the record of who was to come.
    cancelled_at: Mapped[datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(Text)


class Enrolment(Base):
    __tablename__ = "course_enrolments"
    __table_args__ = (UniqueConstraint("course_id", "sme_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id"))
    sme_id: Mapped[str] = mapped_column(ForeignKey("smes.id"), index=True)
    # None until the organiser marks attendance; then whether the SME attended.
    attended: Mapped[bool | None]
    support_id: Mapped[str | None] = mapped_column(ForeignKey("supports.id"))  # once attendance is recorded
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Support(Base):
    __tablename__ = "supports"
    __table_args__ = (
        CheckConstraint(sql_in("kind", SUPPORT_KINDS), name="kind_known"),
        CheckConstraint("hours IS NULL OR hours >= 0", name="hours_not_negative"),
        CheckConstraint("public_funds_vnd IS NULL OR public_funds_vnd >= 0", name="funds_not_negative"),
        Index("ix_supports_period", "on_day", "kind", "sme_id"),
        Index("ix_supports_consultant", "consultant_id", "on_day"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    sme_id: Mapped[str] = mapped_column(ForeignKey("smes.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    # The record's `on` (a reserved word in SQL, so the column is on_day).
    on: Mapped[date] = mapped_column("on_day", Date)
    consultant_id: Mapped[str | None] = mapped_column(ForeignKey("consultants.id"))
    # A programme of the vouchers feature; checked by the import, not by a key, as that table is theirs.
    programme_id: Mapped[str | None] = mapped_column(String(64))
    hours: Mapped[float | None] = mapped_column(Float)
    public_funds_vnd: Mapped[int | None] = mapped_column(BigInteger)
    note: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
