"""Mailed links of an account: verify the address, reset a forgotten password, log in while the login
form is locked, and the note to an address's owner that someone tried to register it (flush only).

Every link carries a signed token (core.tokens) for one purpose, with an expiry, and a fingerprint of
the state it changes, so that it works once: the address not yet verified, the password hash of the
moment (a reset changes it), the latest login (logging in makes a new one).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accounts.models import LoginSession, User
from accounts.passwords import Passwords, password_problem
from accounts.sessions import end_other_sessions
from core import tokens
from core.audit import record_audit
from core.db import utcnow
from core.domain import N_, ValidationFailed
from core.mail import Letter, page_url, queue_letter
from core.translation import translate

VERIFY, RESET, LOGIN_LINK = "verify-email", "password-reset", "login-link"
VERIFY_HOURS, RESET_MINUTES, LOGIN_LINK_MINUTES = 72, 60, 30


def owner_of(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def compose(lang: str, name: str, subject: str, paragraphs: tuple[str, ...], action: str | None,
            url: str | None, footer: str, **params) -> Letter:
    """An account mail in `lang` to `name`: Vietnamese message ids translated, `params` filled in."""
    return Letter(
        subject=translate(subject, lang, **params),
        greeting=translate(N_("Xin chào %(name)s,"), lang, name=name),
        paragraphs=tuple(translate(p, lang, **params) for p in paragraphs),
        action_label=translate(action, lang) if action else None, action_url=url,
        footer=(translate(footer, lang),),
        lang=lang)


def _letter(user: User, subject: str, paragraphs: tuple[str, ...], action: str, url: str, **params) -> Letter:
    return compose(user.locale or "vi", user.full_name or user.email, subject, paragraphs, action, url,
                   N_("Nếu không phải bạn, hãy bỏ qua thư này: tài khoản của bạn không thay đổi."), **params)


# -- the address ---------------------------------------------------------------------------------------

def verification_token(user: User) -> str:
    return tokens.sign(VERIFY, [user.id, tokens.fingerprint(user.email)])


def send_verification(session: Session, user: User) -> None:
    token = verification_token(user)
    queue_letter(session, user.email, _letter(
        user, N_("Xác nhận địa chỉ email của bạn"),
        (N_("Bạn vừa đăng ký tài khoản trên Sàn chuyển đổi số DNNVV với địa chỉ này. Hãy xác nhận địa chỉ "
            "để nhận thông báo qua email (yêu cầu báo giá, đề nghị, hợp đồng, thanh toán)."),
         N_("Liên kết có hiệu lực trong %(hours)s giờ.")),
        N_("Xác nhận địa chỉ email"), page_url("auth.verify_email", token=token), hours=VERIFY_HOURS),
        kind="account.verify")


def verification_target(session: Session, token: str) -> User | None:
    """The account a genuine, unexpired verification link is for, while its address is unchanged."""
    payload = tokens.unsign(VERIFY, token, VERIFY_HOURS * 3600)
    user = _user_of(session, payload)
    return user if user is not None and payload[1] == tokens.fingerprint(user.email) else None


def confirm_email(session: Session, user: User) -> bool:
    """Mark the address verified; False when it already was (an old link followed again)."""
    if user.email_verified_at is not None:
        return False
    user.email_verified_at = utcnow()
    record_audit(session, user, "user.email_verified", "user", str(user.id))
    session.flush()
    return True


def send_address_taken(session: Session, owner: User) -> None:
    """Someone registered with an address that has an account: the page says what it says to everyone,
    and the address's owner hears of it here (no account is made)."""
    queue_letter(session, owner.email, _letter(
        owner, N_("Có người vừa đăng ký bằng địa chỉ email của bạn"),
        (N_("Ai đó (có thể chính bạn) vừa đăng ký tài khoản mới trên Sàn chuyển đổi số DNNVV bằng địa chỉ "
            "này. Địa chỉ đã có tài khoản nên không có tài khoản mới nào được tạo."),
         N_("Nếu là bạn: hãy đăng nhập bằng tài khoản hiện có, hoặc đặt lại mật khẩu nếu đã quên.")),
        N_("Đặt lại mật khẩu"), page_url("auth.forgot_password")), kind="account.address_taken")
    record_audit(session, None, "user.registration_refused", "user", str(owner.id),
                 reason="address has an account")


# -- the password ----------------------------------------------------------------------------------------

def reset_token(user: User) -> str:
    return tokens.sign(RESET, [user.id, tokens.fingerprint(user.password_hash)])


def send_reset(session: Session, email: str) -> None:
    """Mail a reset link if `email` is an active account's; the page says the same either way."""
    user = owner_of(session, email)
    if user is None or not user.active:
        return
    token = reset_token(user)
    queue_letter(session, user.email, _letter(
        user, N_("Đặt lại mật khẩu"),
        (N_("Có yêu cầu đặt lại mật khẩu cho tài khoản của bạn trên Sàn chuyển đổi số DNNVV."),
         N_("Liên kết dùng được một lần, trong %(minutes)s phút. Khi đặt mật khẩu mới, mọi phiên đăng nhập "
            "khác của tài khoản sẽ kết thúc.")),
        N_("Đặt mật khẩu mới"), page_url("auth.reset_password", token=token), minutes=RESET_MINUTES),
        kind="account.reset")
    record_audit(session, None, "user.reset_requested", "user", str(user.id))


def reset_target(session: Session, token: str) -> User | None:
    """The account a genuine reset link is for: unexpired, and the password unchanged since it was made
    (a link used once, or made before any later change, no longer works)."""
    payload = tokens.unsign(RESET, token, RESET_MINUTES * 60)
    user = _user_of(session, payload)
    if user is None or not user.active or payload[1] != tokens.fingerprint(user.password_hash):
        return None
    return user


def reset_password(session: Session, passwords: Passwords, user: User, new: str) -> int:
    """The new password of `user` (who proved the mailbox): every login of theirs ends; the address
    counts as verified. Returns how many logins ended."""
    if problem := password_problem(new):
        raise ValidationFailed(N_("Chưa đặt được mật khẩu mới."), {"password": problem})
    user.password_hash = passwords.hash(new)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    ended = end_other_sessions(session, user, None)
    record_audit(session, user, "user.password_reset", "user", str(user.id), data={"sessions_ended": ended})
    session.flush()
    return ended


# -- logging in while locked out -------------------------------------------------------------------------

def _latest_login(session: Session, user: User) -> str:
    return session.scalar(select(LoginSession.id).where(LoginSession.user_id == user.id)
                          .order_by(LoginSession.created_at.desc()).limit(1)) or ""


def login_token(session: Session, user: User) -> str:
    state = tokens.fingerprint(_latest_login(session, user), user.password_hash)
    return tokens.sign(LOGIN_LINK, [user.id, state])


def send_login_link(session: Session, user: User) -> None:
    """The login form is locked for `user`'s address (too many wrong passwords, maybe someone else's):
    its owner gets a one-time link that logs them in anyway."""
    token = login_token(session, user)
    queue_letter(session, user.email, _letter(
        user, N_("Đăng nhập bằng liên kết một lần"),
        (N_("Đăng nhập vào tài khoản của bạn đang tạm khóa vì có nhiều lần nhập sai mật khẩu (có thể không "
            "phải do bạn). Bạn vẫn đăng nhập được bằng liên kết dưới đây."),
         N_("Liên kết dùng được một lần, trong %(minutes)s phút. Nếu không phải bạn nhập sai, hãy đổi mật "
            "khẩu sau khi đăng nhập.")),
        N_("Đăng nhập"), page_url("auth.login_link", token=token), minutes=LOGIN_LINK_MINUTES),
        kind="account.login_link")


def login_link_target(session: Session, token: str) -> User | None:
    payload = tokens.unsign(LOGIN_LINK, token, LOGIN_LINK_MINUTES * 60)
    user = _user_of(session, payload)
    if user is None or not user.active or payload[1] != tokens.fingerprint(_latest_login(session, user),
                                                                           user.password_hash):
        return None
    return user


def _user_of(session: Session, payload) -> User | None:
    if not (isinstance(payload, list) and len(payload) == 2 and isinstance(payload[0], int)
            and isinstance(payload[1], str)) or not 0 < payload[0] < 2**31:
        return None
    return session.get(User, payload[0])
