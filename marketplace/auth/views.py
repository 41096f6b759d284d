"""Login, logout, self-registration of vendors and SMEs, language choice."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from marketplace.auth import accounts, sessions
from marketplace.auth.forms import LoginForm, SmeRegistrationForm, VendorRegistrationForm
from marketplace.domain import ValidationFailed
from marketplace.errors import field_messages_of
from marketplace.extensions import db, limiter

bp = Blueprint("auth", __name__)


def passwords():
    return current_app.extensions["passwords"]


def _login_account_key() -> str:
    return "login-account:" + (request.form.get("email") or "").strip().lower()


def _safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site; browsers read "/\\evil.example" as "//evil.example"."""
    if not target or "\\" in target or any(ord(ch) < 32 for ch in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc and target.startswith("/") else None


def _log_in(user) -> None:
    """A new session on login (no fixation): fresh cookie content and a new server-side session id.
    A language chosen before logging in is kept, and becomes the account's."""
    lang = session.get("lang")
    session.clear()
    login_user(user)
    if lang:
        session["lang"] = user.locale = lang
    session["sid"] = sessions.start_session(db.session, user, request.remote_addr, request.user_agent.string)
    db.session.commit()


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
    }[user.role]


@bp.route("/login", methods=["GET", "POST"])
# Callables: the message is built when a limit trips, in that request's language.
@limiter.limit("10 per minute; 50 per hour", methods=["POST"], key_func=_login_account_key,
               error_message=lambda: _(
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
            _log_in(user)
            flash(_("Đăng nhập thành công."), "success")
            return redirect(_safe_next(request.args.get("next")) or home_for(user))
    return render_template("auth/login.html", form=form), (422 if form.errors else 200)


@bp.route("/logout", methods=["POST"])
def logout():
    sessions.end_session(db.session, session.get("sid"))
    db.session.commit()
    lang = str(get_locale())
    logout_user()
    session.clear()
    session["lang"] = lang  # the page after logging out stays in the language the user was reading
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("catalog.index"))


@bp.route("/register")
def register():
    return render_template("auth/register.html")


def _register(form, service, template: str, **organisation):
    """`organisation`: the fields only this form has; the account fields are those every registration has."""
    if form.validate_on_submit():
        try:
            user = service(
                db.session, passwords(),
                email=form.email.data or "", password=form.password.data or "",
                full_name=form.full_name.data or "", tax_code=(form.tax_code.data or "").strip(),
                province=form.province.data, **organisation,
            )
        except ValidationFailed as exc:
            for field, message in field_messages_of(exc).items():
                if field in form:
                    form[field].errors.append(message)
            db.session.rollback()
        else:
            db.session.commit()
            _log_in(user)
            flash(_("Đăng ký thành công. Chào mừng bạn!"), "success")
            return redirect(home_for(user))
    return render_template(template, form=form), (422 if form.errors else 200)


@bp.route("/register/vendor", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def register_vendor():
    form = VendorRegistrationForm()
    return _register(
        form, accounts.register_vendor, "auth/register_vendor.html", vendor_name=form.vendor_name.data or ""
    )


@bp.route("/register/sme", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def register_sme():
    form = SmeRegistrationForm()
    return _register(
        form, accounts.register_sme, "auth/register_sme.html",
        sme_name=form.sme_name.data or "", sector=form.sector.data or "",
    )


@bp.route("/lang/<code>", methods=["POST"])
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
        if current_user.is_authenticated:
            current_user.locale = code
            db.session.commit()
    return redirect(_safe_next(request.form.get("next")) or url_for("catalog.index"))


def password_confirmed(password: str) -> bool:
    """Re-authentication before sensitive actions (signing, payment details)."""
    return current_user.is_authenticated and passwords().verify(current_user.password_hash, password or "")
