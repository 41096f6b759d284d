"""Flask extensions and the per-request database session."""

from __future__ import annotations

from flask import Flask, g, request
from flask import session as http_session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_wtf import CSRFProtect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from marketplace.db import load_all_models, make_engine


class Database:
    """Engine per app; one SQLAlchemy session per request (or CLI command), closed at teardown."""

    def __init__(self) -> None:
        self._factories: dict[int, sessionmaker] = {}

    def init_app(self, app: Flask) -> None:
        load_all_models()
        engine = make_engine(app.config["DATABASE_URL"])
        app.extensions["db_engine"] = engine
        app.extensions["db_sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
        app.teardown_appcontext(self._close)

    @property
    def engine(self) -> Engine:
        from flask import current_app

        return current_app.extensions["db_engine"]

    @property
    def session(self) -> Session:
        from flask import current_app

        if "db_session" not in g:
            g.db_session = current_app.extensions["db_sessionmaker"]()
        return g.db_session

    @staticmethod
    def _close(_exc) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


db = Database()
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()


def _rate_limit_key() -> str:
    return get_remote_address() or "unknown"


limiter = Limiter(key_func=_rate_limit_key, default_limits=[])


def select_locale() -> str:
    """The user's chosen language (session or account), Vietnamese by default."""
    lang = http_session.get("lang")
    if lang is None and current_user and current_user.is_authenticated:
        lang = current_user.locale
    from flask import current_app

    return lang if lang in current_app.config["LANGUAGES"] else current_app.config["BABEL_DEFAULT_LOCALE"]


def init_extensions(app: Flask) -> None:
    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    babel.init_app(app, locale_selector=select_locale)
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    limiter.init_app(app)

    @login_manager.user_loader
    def _load_user(user_id: str):
        from sqlalchemy import and_, select

        from marketplace.auth.models import LoginSession, User

        if not user_id.isdigit():
            return None
        # The login session comes along in the same query, and g holds it (the identity map only
        # keeps weak references): the liveness check that follows (auth.views._end_dead_sessions)
        # then finds it without a second query.
        row = db.session.execute(
            select(User, LoginSession)
            .outerjoin(LoginSession, and_(LoginSession.id == http_session.get("sid", ""),
                                          LoginSession.user_id == User.id))
            .where(User.id == int(user_id))
        ).first()
        user, g.login_session = row if row else (None, None)
        return user if user is not None and user.active else None

    @login_manager.unauthorized_handler
    def _unauthorized():
        from flask import flash, jsonify, redirect, url_for
        from flask_babel import gettext as _

        if request.path.startswith("/api/"):
            body = {"error": {"code": "unauthorized", "message": _("Cần đăng nhập.")}}
            return jsonify(body), 401
        flash(_("Vui lòng đăng nhập để tiếp tục."), "warning")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
