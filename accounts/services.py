"""Account services: the people who log in, organisations' first accounts, staff accounts (flush only)."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accounts import recovery
from accounts.models import User
from accounts.passwords import Passwords, password_problem
from accounts.sessions import end_other_sessions
from core.audit import AuditEntry, record_audit
from core.db import utcnow
from core.domain import N_, FieldMessage, ValidationFailed

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AddressTaken(Exception):
    """A registration with an address that has an account: the page answers as for any registration
    (no one learns which addresses have accounts), and the owner is told by mail (accounts.recovery)."""

    def __init__(self, owner: User):
        super().__init__(owner.email)
        self.owner = owner


def account_problems(session: Session, email: str, password: str, *,
                     say_taken: bool = True) -> dict[str, FieldMessage]:
    """What is wrong with a new account's email (normalised already) and password. Registration pages
    do not say that an address is taken (`say_taken=False`, then `refuse_taken`)."""
    errors: dict[str, FieldMessage] = {}
    if not EMAIL.match(email):
        errors["email"] = N_("Email không hợp lệ.")
    elif say_taken and session.scalar(select(User.id).where(func.lower(User.email) == email.lower())):
        errors["email"] = N_("Email này đã có tài khoản.")
    if problem := password_problem(password):
        errors["password"] = problem
    return errors


def refuse_taken(session: Session, passwords: Passwords, email: str, password: str) -> None:
    """Raise AddressTaken when `email` has an account, after the time a new account's hash takes."""
    owner = session.scalar(select(User).where(func.lower(User.email) == email.lower()))
    if owner is not None:
        passwords.hash(password)  # as slow as making the account would have been
        raise AddressTaken(owner)


def create_user(session: Session, passwords: Passwords, *, email: str, password: str, full_name: str,
                role: str, vendor_id: str | None = None, sme_id: str | None = None) -> User:
    """A user whose email and password were checked (account_problems)."""
    user = User(email=email, password_hash=passwords.hash(password), full_name=full_name.strip(), role=role,
                vendor_id=vendor_id, sme_id=sme_id)
    session.add(user)
    session.flush()
    return user


def register_organisation(session: Session, passwords: Passwords, organisation, problems: dict, *, role: str,
                          email: str, password: str, full_name: str) -> User:
    """A new organisation (a vendor or an SME, built by its package, not yet added) and its first user:
    every problem of the organisation (`problems`) and of the account refused together."""
    email = email.strip().lower()
    errors = {**account_problems(session, email, password, say_taken=False), **problems}
    if errors:
        raise ValidationFailed(N_("Thông tin đăng ký chưa hợp lệ."), errors)
    refuse_taken(session, passwords, email, password)
    session.add(organisation)
    session.flush()  # the user row references it
    side = {"vendor_id": organisation.id} if role == "vendor" else {"sme_id": organisation.id}
    user = create_user(session, passwords, email=email, password=password, full_name=full_name, role=role,
                       **side)
    record_audit(session, user, f"{role}.registered", role, organisation.id)
    return user


def create_staff(session: Session, passwords: Passwords, *, email: str, password: str, role: str,
                 full_name: str = "") -> User:
    """An officer or admin account (created from the CLI only)."""
    if role not in ("officer", "admin"):
        raise ValidationFailed(N_("Vai trò phải là officer hoặc admin."), {"role": "officer | admin"})
    email = email.strip().lower()
    if errors := account_problems(session, email, password):
        raise ValidationFailed(N_("Thông tin tài khoản chưa hợp lệ."), errors)
    user = create_user(session, passwords, email=email, password=password, full_name=full_name, role=role)
    record_audit(session, "cli", "user.created", "user", str(user.id), data={"role": role})
    return user


def change_password(session: Session, passwords: Passwords, user: User, *, current: str, new: str,
                    keep_sid: str | None) -> int:
    """A new password for `user`, who proves the current one; every other login of theirs ends (a
    stolen session dies with the old password). Returns how many other logins were ended."""
    errors: dict[str, FieldMessage] = {}
    if not passwords.verify(user.password_hash, current):
        errors["current_password"] = N_("Mật khẩu hiện tại không đúng.")
    if problem := password_problem(new):
        errors["password"] = problem
    elif new == current:
        errors["password"] = N_("Mật khẩu mới phải khác mật khẩu hiện tại.")
    if errors:
        raise ValidationFailed(N_("Chưa đổi được mật khẩu."), errors)
    user.password_hash = passwords.hash(new)
    ended = end_other_sessions(session, user, keep_sid)
    record_audit(session, user, "user.password_changed", "user", str(user.id), data={"sessions_ended": ended})
    session.flush()
    return ended


LOCKOUT_NOTED_FOR = timedelta(minutes=1)  # the shortest throttle window: one entry per lockout


def record_lockout(session: Session, email: str, ip: str | None) -> None:
    """Audit a login throttle that tripped for `email` (an account or not), unless noted a minute ago;
    the account's owner gets a one-time login link (the throttle stays for everyone else)."""
    email = email.strip().lower()[:254]
    user = session.scalar(select(User).where(func.lower(User.email) == email))
    entity = str(user.id) if user is not None else "unknown"
    recent = session.scalar(select(AuditEntry.id).where(
        AuditEntry.action == "login.locked", AuditEntry.actor_label == email,
        AuditEntry.at > utcnow() - LOCKOUT_NOTED_FOR).limit(1))
    if recent is None:
        record_audit(session, email, "login.locked", "user", entity, data={"ip": ip})
        if user is not None and user.active:
            recovery.send_login_link(session, user)
        session.flush()


def authenticate(session: Session, passwords: Passwords, email: str, password: str) -> User | None:
    """The active user with this email and password, or None; as slow either way (one Argon2 check)."""
    user = session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None or not user.active:
        return passwords.verify_nobody(password) or None
    return user if passwords.verify(user.password_hash, password) else None
