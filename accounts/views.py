"""Login, logout, password change, the registration pages' common steps, language choice."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from accounts import recovery, sessions
from accounts import services as accounts
from accounts.forms import ForgotPasswordForm, LoginForm, PasswordChangeForm, ResetPasswordForm
from core import transaction
from core.audit import record_audit
from core.domain import ValidationFailed
from core.extensions import db, limiter
from core.forms import PageForm
from core.i18n import field_messages_of
from core.navigation import safe_next

bp = Blueprint("auth", __name__, template_folder="templates")


def passwords():
    return current_app.extensions["passwords"]


def _login_account_key() -> str:
    return "login-account:" + (request.form.get("email") or "").strip().lower()


def _record_lockout(_limit) -> None:
    """An account's login throttle tripped: say so in the audit log, once a minute at most, and mail the
    account's owner a one-time login link.

    The refused request answers 429, so the request's transaction rolls back: the entry and the mail are
    written in a session of their own, committed here (the mail leaves after that commit).
    """
    session = current_app.extensions["db_sessionmaker"]()
    try:
        accounts.record_lockout(session, request.form.get("email") or "", request.remote_addr)
        transaction.commit(session)
    finally:
        session.close()


def log_in(user) -> None:
    """A new session on login (no fixation): fresh cookie content and a new server-side session id.
    A language chosen before logging in is kept, and becomes the account's."""
    lang = session.get("lang")
    session.clear()
    login_user(user)
    if lang:
        session["lang"] = user.locale = lang
    session["sid"] = sessions.start_session(db.session, user, request.remote_addr, request.user_agent.string)


@bp.before_app_request
def _end_dead_sessions() -> None:
    """A cookie whose login session was ended (logout, copied cookie replayed) is anonymous."""
    if request.endpoint == "static":
        return
    if current_user.is_authenticated and not sessions.session_is_live(
            db.session, session.get("sid"), current_user, current_app.config["LOGIN_SESSION_HOURS"]):
        logout_user()
        session.clear()


def home_for(user) -> str:
    return {
        "sme": url_for("smes.dashboard"),
        "vendor": url_for("vendors.dashboard"),
        "officer": url_for("catalog_admin.review_queue"),
        "admin": url_for("catalog_admin.review_queue"),
        "consultant": url_for("consultants.workspace"),
    }[user.role]


@bp.route("/login", methods=["GET", "POST"])
# Callables: the message is built when a limit trips, in that request's language.
@limiter.limit("10 per minute; 50 per hour", methods=["POST"], key_func=_login_account_key,
               on_breach=_record_lockout, error_message=lambda: _(
                   "Quá nhiều lần đăng nhập cho tài khoản này; hãy thử lại sau ít phút."))
@limiter.limit("30 per minute", methods=["POST"],
               error_message=lambda: _(
                   "Quá nhiều lần đăng nhập từ địa chỉ này; hãy thử lại sau ít phút."))
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(db.session, passwords(), form.email.data, form.password.data)
        if user is None:
            flash(_("Email hoặc mật khẩu không đúng."), "danger")
        else:
            log_in(user)
            flash(_("Đăng nhập thành công."), "success")
            return redirect(safe_next(request.args.get("next")) or home_for(user))
    return render_template("auth/login.html", form=form), (422 if form.errors else 200)


@bp.route("/logout", methods=["POST"])
def logout():
    sessions.end_session(db.session, session.get("sid"))
    lang = str(get_locale())
    logout_user()
    session.clear()
    session["lang"] = lang  # the page after logging out stays in the language the user was reading
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("catalog.index"))


@bp.route("/register")
def register():
    return render_template("auth/register.html")


def register_page(form, register, template: str, pending: str | None = None, **organisation):
    """A registration page (vendors' and SMEs'): on a valid form, the organisation and its first account
    (`register`: the package's service; `organisation`: the fields only that form has), and a mail to
    verify the address. A service that returns no user has left the decision to someone else (a request
    to join an existing organisation): the page says so (`pending`).

    The answer is the same whether or not the address already has an account (then nothing is made and
    the owner is told by mail): a page asking to check the inbox, nobody logged in, so that the form
    does not tell which addresses have accounts."""
    if form.validate_on_submit():
        try:
            user = register(
                db.session, passwords(),
                email=form.email.data or "", password=form.password.data or "",
                full_name=form.full_name.data or "", tax_code=(form.tax_code.data or "").strip(),
                province=form.province.data, **organisation,
            )
        except ValidationFailed as exc:
            for field, message in field_messages_of(exc).items():
                if field in form:
                    form[field].errors.append(message)
            db.rollback()
        except accounts.AddressTaken as taken:
            db.rollback()
            recovery.send_address_taken(db.session, taken.owner)
            return redirect(url_for("auth.check_email"))
        else:
            if user is None:
                flash(pending, "info")
                return redirect(url_for("auth.login"))
            recovery.send_verification(db.session, user)
            return redirect(url_for("auth.check_email"))
    return render_template(template, form=form), (422 if form.errors else 200)


@bp.route("/register/check-email")
def check_email():
    return render_template("auth/check_email.html")


@bp.route("/account/verify/<token>", methods=["GET", "POST"])
def verify_email(token: str):
    """The mailed link: confirming (a button, so that a mail scanner opening the link changes nothing)
    verifies the address and logs its owner in."""
    user = recovery.verification_target(db.session, token)
    if user is None or not user.active:
        return render_template("auth/link_invalid.html"), 404
    if user.email_verified_at is not None:
        flash(_("Địa chỉ email này đã được xác nhận."), "info")
        return redirect(home_for(user) if current_user.is_authenticated else url_for("auth.login"))
    form = PageForm()
    if form.validate_on_submit():
        recovery.confirm_email(db.session, user)
        if not current_user.is_authenticated or current_user.id != user.id:
            log_in(user)
        flash(_("Đã xác nhận địa chỉ email. Chào mừng bạn!"), "success")
        return redirect(home_for(user))
    return render_template("auth/verify.html", form=form, email=user.email)


@bp.route("/account/verify", methods=["POST"])
@login_required
@limiter.limit("5 per hour", key_func=lambda: f"verify-resend:{current_user.get_id()}",
               error_message=lambda: _("Quá nhiều lần gửi lại; hãy thử lại sau."))
def resend_verification():
    if current_user.email_verified_at is None:
        recovery.send_verification(db.session, current_user)
        flash(_("Đã gửi lại thư xác nhận đến %(email)s.", email=current_user.email), "success")
    return redirect(safe_next(request.form.get("next")) or home_for(current_user))


def _forgot_key() -> str:
    return "forgot:" + (request.form.get("email") or "").strip().lower()


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"], key_func=_forgot_key,
               error_message=lambda: _("Quá nhiều yêu cầu cho địa chỉ này; hãy thử lại sau."))
@limiter.limit("30 per hour", methods=["POST"],
               error_message=lambda: _("Quá nhiều yêu cầu từ địa chỉ này; hãy thử lại sau."))
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        recovery.send_reset(db.session, form.email.data)
        # The same answer whether or not the address has an account.
        flash(_("Nếu địa chỉ này có tài khoản, chúng tôi đã gửi thư có liên kết đặt lại mật khẩu. "
                "Hãy kiểm tra hộp thư (cả mục thư rác)."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form), (422 if form.errors else 200)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = recovery.reset_target(db.session, token)
    if user is None:
        return render_template("auth/link_invalid.html"), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            recovery.reset_password(db.session, passwords(), user, form.password.data)
        except ValidationFailed as exc:
            db.rollback()
            for name, message in field_messages_of(exc).items():
                form[name].errors.append(message)
        else:
            if current_user.is_authenticated:
                logout_user()
                session.clear()
            flash(_("Đã đặt mật khẩu mới; mọi phiên đăng nhập cũ đã kết thúc. Hãy đăng nhập."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form, email=user.email), (422 if form.errors else 200)


@bp.route("/login/link/<token>", methods=["GET", "POST"])
def login_link(token: str):
    """The one-time login link mailed while the login form is locked for the address."""
    user = recovery.login_link_target(db.session, token)
    if user is None:
        return render_template("auth/link_invalid.html"), 404
    form = PageForm()
    if form.validate_on_submit():
        log_in(user)
        record_audit(db.session, user, "login.link_used", "user", str(user.id),
                     data={"ip": request.remote_addr})
        flash(_("Đăng nhập thành công."), "success")
        return redirect(home_for(user))
    return render_template("auth/login_link.html", form=form, email=user.email)


def _password_change_key() -> str:
    return f"password-change:{current_user.get_id()}"


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
# Each try checks the current password: as throttled as logging in.
@limiter.limit("10 per minute; 50 per hour", methods=["POST"], key_func=_password_change_key,
               error_message=lambda: _("Quá nhiều lần thử; hãy thử lại sau ít phút."))
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            ended = accounts.change_password(db.session, passwords(), current_user,
                                             current=form.current_password.data, new=form.password.data,
                                             keep_sid=session.get("sid"))
        except ValidationFailed as exc:
            db.rollback()
            for name, message in field_messages_of(exc).items():
                form[name].errors.append(message)
        else:
            flash(_("Đã đổi mật khẩu; %(num)s phiên đăng nhập khác đã kết thúc.", num=ended), "success")
            return redirect(url_for(".change_password"))
    return render_template("auth/password.html", form=form), (422 if form.errors else 200)


@bp.route("/lang/<code>", methods=["POST"])
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
        if current_user.is_authenticated:
            current_user.locale = code
    return redirect(safe_next(request.form.get("next")) or url_for("catalog.index"))


def password_confirmed(password: str) -> bool:
    """Re-authentication before sensitive actions (signing, payment details)."""
    return current_user.is_authenticated and passwords().verify(current_user.password_hash, password or "")
