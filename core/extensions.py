"""Flask extensions (created here, bound to the app by the shell) and the per-request database session."""

from __future__ import annotations

from flask import Flask, current_app, g
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf import CSRFProtect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from core import transaction
from core.db import make_engine


class Database:
    """Engine per app; one SQLAlchemy session per request (or CLI command), and its commit point.

    The commit point is here, once: a request whose answer is a success (status below 400: a page, a
    redirect after a POST) commits, any other answer rolls back; an app context that ends without an
    exception (a CLI command) commits, with one it rolls back. Views, commands and services never
    commit (core.transaction says why the few exceptions do).
    """

    def __init__(self) -> None:
        self._factories: dict[int, sessionmaker] = {}

    def init_app(self, app: Flask) -> None:
        engine = make_engine(app.config["DATABASE_URL"])
        app.extensions["db_engine"] = engine
        app.extensions["db_sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
        app.after_request(self._end_request)
        app.teardown_appcontext(self._close)

    @property
    def engine(self) -> Engine:
        return current_app.extensions["db_engine"]

    @property
    def session(self) -> Session:
        if "db_session" not in g:
            g.db_session = current_app.extensions["db_sessionmaker"]()
        return g.db_session

    def rollback(self) -> None:
        """Undo what a refused action did (and the work it asked to run after a commit) before the page
        says so: a redirect that follows would otherwise commit it."""
        transaction.rollback(self.session)

    @staticmethod
    def _end_request(response):
        session = g.get("db_session")
        if session is not None:
            if response.status_code < 400:
                transaction.commit(session)
            else:
                transaction.rollback(session)
        return response

    @staticmethod
    def _close(exc) -> None:
        session = g.pop("db_session", None)
        if session is None:
            return
        try:
            if exc is None:
                transaction.commit(session)
            else:
                transaction.rollback(session)
        finally:
            session.close()


db = Database()
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()


def _rate_limit_key() -> str:
    return get_remote_address() or "unknown"


limiter = Limiter(key_func=_rate_limit_key, default_limits=[])
