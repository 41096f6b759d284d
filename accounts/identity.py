"""Who is asking: Flask-Login's user loader and what an anonymous visitor of a protected page gets."""

from __future__ import annotations

from flask import Flask, flash, g, jsonify, redirect, request, url_for
from flask import session as http_session
from flask_babel import gettext as _
from sqlalchemy import and_, select

from accounts.models import LoginSession, User
from core.extensions import db, login_manager


def load_user(user_id: str) -> User | None:
    if not user_id.isdigit():
        return None
    # The login session comes along in the same query, and g holds it (the identity map only keeps weak
    # references): the liveness check that follows (accounts.views._end_dead_sessions) then finds it
    # without a second query.
    row = db.session.execute(
        select(User, LoginSession)
        .outerjoin(LoginSession, and_(LoginSession.id == http_session.get("sid", ""),
                                      LoginSession.user_id == User.id))
        .where(User.id == int(user_id))
    ).first()
    user, g.login_session = row if row else (None, None)
    return user if user is not None and user.active else None


def unauthorized():
    if request.path.startswith("/api/"):
        body = {"error": {"code": "unauthorized", "message": _("Cần đăng nhập.")}}
        return jsonify(body), 401
    flash(_("Vui lòng đăng nhập để tiếp tục."), "warning")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)
