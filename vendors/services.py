"""Vendor organisation services: members (flush only; the view commits)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.auth.accounts import add_vendor_member
from marketplace.auth.models import User
from marketplace.auth.passwords import Passwords
from marketplace.domain import N_, Forbidden


def members(session: Session, vendor_id: str) -> list[User]:
    return list(
        session.scalars(
            select(User)
            .where(User.vendor_id == vendor_id, User.role == "vendor")
            .order_by(User.created_at, User.id)
        )
    )


def add_member(
    session: Session, passwords: Passwords, actor: User, *, email: str, password: str, full_name: str
) -> User:
    """Another member of the actor's own organisation (never of another vendor)."""
    if actor.role != "vendor" or not actor.vendor_id:
        raise Forbidden(N_("Chỉ thành viên của nhà cung cấp mới thêm được thành viên."))
    return add_vendor_member(
        session,
        passwords,
        vendor_id=actor.vendor_id,
        email=email,
        password=password,
        full_name=full_name,
        actor=actor,
    )
