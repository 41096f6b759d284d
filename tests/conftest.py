"""Fixtures shared by every test: apps on SQLite and PostgreSQL, clients, data factories.

Each backend's schema is created once per session; every test starts from empty tables.
`TEST_BACKENDS=sqlite` runs the database tests on SQLite only. With CI=true an unreachable
PostgreSQL fails the run instead of skipping its tests.
"""

from __future__ import annotations

import os
import re

import pytest
import sqlalchemy as sa
from flask import g, has_app_context

import marketplace.features  # noqa: F401  (imports every model)
from core.db import Base
from marketplace.app import create_app
from tests.factories import Factory

PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PG_BASE_URL = PG_ADMIN_URL.rsplit("/", 1)[0]
BACKENDS = [b for b in os.environ.get("TEST_BACKENDS", "sqlite,postgresql").split(",") if b]
# Database name (plus "_gwN" per xdist worker); set TEST_PG_DB when several test runs share one server.
PG_DB = os.environ.get("TEST_PG_DB", "test")

TEST_CONFIG = {
    "ENV": "testing",
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "ARGON2_TIME_COST": 1,
    "ARGON2_MEMORY_COST": 1024,
    "RATELIMIT_ENABLED": False,
    "STRIPE_API_BASE": "http://127.0.0.1:1",  # payment tests point this at their own server
    "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": 1,  # nothing listens: mail tests point at their own server
}


def _pg_database_url(worker: str) -> str:
    """A PostgreSQL database for this xdist worker (`test` for a plain run), created when missing."""
    name = PG_DB if worker == "master" else f"{PG_DB}_{worker}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if not exists:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        admin.dispose()
    return f"{PG_BASE_URL}/{name}"


@pytest.fixture(scope="session")
def worker_id_str(request) -> str:
    return getattr(request.config, "workerinput", {}).get("workerid", "master")


@pytest.fixture(scope="session")
def database_url(request, tmp_path_factory, worker_id_str):
    """One URL per backend, with an empty schema built from the models."""
    cache: dict[str, str] = {}

    def get(backend: str) -> str:
        if backend in cache:
            return cache[backend]
        if backend == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        else:
            try:
                url = _pg_database_url(worker_id_str)
            except sa.exc.OperationalError as exc:
                if os.environ.get("CI") == "true":
                    pytest.fail(f"PostgreSQL unreachable in CI: {exc}")
                pytest.skip(f"PostgreSQL unreachable: {exc}")
        engine = sa.create_engine(url)

        with engine.begin() as conn:
            if backend == "postgresql":
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
            Base.metadata.create_all(conn)
        engine.dispose()
        cache[backend] = url
        return url

    return get


def _empty_tables(engine: sa.Engine) -> None:
    tables = [t.name for t in Base.metadata.sorted_tables]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            # DELETE, not TRUNCATE: a TRUNCATE of every table makes new files for each (about 0.5 s a test,
            # minutes over the suite); a DELETE of a test's few rows takes milliseconds. Foreign-key
            # triggers are off for this transaction (any order), and every sequence starts again at 1.
            conn.exec_driver_sql(
                "SET LOCAL session_replication_role = replica;"
                + "".join(f'DELETE FROM "{t}";' for t in tables)
                + "SELECT setval(c.oid::regclass, 1, false) FROM pg_class c"
                " WHERE c.relkind = 'S' AND c.relnamespace = 'public'::regnamespace;")
        else:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            for name in reversed(tables):
                conn.exec_driver_sql(f'DELETE FROM "{name}"')
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")


_APPS: dict[str, object] = {}


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def app(backend, database_url, tmp_path):
    """The app on `backend` (cached per backend), with empty tables for this test."""
    url = database_url(backend)
    if backend not in _APPS:
        _APPS[backend] = create_app({**TEST_CONFIG, "DATABASE_URL": url,
                                     "SEARCH_INDEX_PATH": str(tmp_path / "search.db")})
    application = _APPS[backend]
    _empty_tables(application.extensions["db_engine"])
    # Emptied outside the ORM: the page cache would otherwise serve the previous test's pages
    # for up to its check interval.
    application.extensions["page_cache"].written(True)
    with application.app_context():
        yield application


@pytest.fixture
def make_app(backend, database_url, tmp_path):
    """A fresh app with extra configuration, for tests that change settings."""

    def build(**overrides):
        config = {**TEST_CONFIG, "DATABASE_URL": database_url(backend),
                  "SEARCH_INDEX_PATH": str(tmp_path / "search.db"), **overrides}
        application = create_app(config)
        _empty_tables(application.extensions["db_engine"])
        return application

    return build


@pytest.fixture
def session(app):
    from core.extensions import db

    return db.session


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def factory(session, app):
    return Factory(session, app.extensions["passwords"])


CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def csrf_token(client, page: str = "/login") -> str:
    """The CSRF token a browser would read from any page."""
    # Requests in a test share the test's app context, hence `g`, where Flask-WTF caches the token
    # of the session that was current then; drop it so the page carries this session's token.
    if has_app_context():
        g.pop("csrf_token", None)
    response = client.get(page)
    match = CSRF_META.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {page} ({response.status_code})"
    return match.group(1)


def form_post(client, url: str, data: dict | None = None, page: str | None = None, **kwargs):
    """POST a form as a browser does, with the CSRF token of the page it came from."""
    data = dict(data or {})
    data["csrf_token"] = csrf_token(client, page or "/login")
    return client.post(url, data=data, **kwargs)


def login(client, user, password: str = Factory.PASSWORD):
    response = form_post(client, "/login", {"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


@pytest.fixture
def logged_in(client):
    """Log `client` in as a user: logged_in(user) -> client."""

    def _login(user, password: str = Factory.PASSWORD):
        login(client, user, password)
        return client

    return _login
