"""User accounts and roles."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow

ROLES = ("sme", "vendor", "officer", "admin", "consultant")  # consultant: of the network (consultants)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('sme','vendor','officer','admin','consultant')", name="role_known"),
        CheckConstraint("role <> 'vendor' OR vendor_id IS NOT NULL", name="vendor_member_has_vendor"),
        CheckConstraint("role <> 'sme' OR sme_id IS NOT NULL", name="sme_user_has_sme"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    full_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(16))
    vendor_id: Mapped[str | None] = mapped_column(ForeignKey("vendors.id"), index=True)
    sme_id: Mapped[str | None] = mapped_column(ForeignKey("smes.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str] = mapped_column(String(8), default="vi")
    # Set when the person followed the link mailed to the address; only then does mail go to it.
    email_verified_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # Flask-Login protocol, written out so that this module needs no Flask import.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    @property
    def is_officer(self) -> bool:
        return self.role in ("officer", "admin")


class LoginSession(Base):
    """A server-side record of each login: the cookie carries its random id, so that logging out
    (or an officer deactivating the account) ends that session even if the cookie was copied."""

    __tablename__ = "login_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # random, unguessable
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))
