"""Configuration: defaults, then environment variables, then the test mapping."""

from __future__ import annotations

import os
from pathlib import Path

from core.translation import TRANSLATIONS_DIR

INSTANCE_DIR = Path(os.environ.get("MARKETPLACE_INSTANCE", Path.cwd() / "instance"))


class Defaults:
    ENV = "development"  # development | production | testing
    SECRET_KEY = "dev-only-secret-change-me"
    DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'core.db'}"
    MEILISEARCH_URL = None
    MEILISEARCH_API_KEY = None
    MEILISEARCH_INDEX = "listings"
    SEARCH_INDEX_PATH = str(INSTANCE_DIR / "search.db")  # embedded backend's index file
    REDIS_URL = None
    STRIPE_API_KEY = "sk_test_local"
    STRIPE_API_BASE = None  # None = the real Stripe API
    STRIPE_WEBHOOK_SECRET = "whsec_local"
    UPLOAD_DIR = str(INSTANCE_DIR / "uploads")
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    BABEL_TRANSLATION_DIRECTORIES = str(TRANSLATIONS_DIR)
    LANGUAGES = ("vi", "en")
    # Argon2id cost; tests lower it to keep the suite fast.
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    WTF_CSRF_TIME_LIMIT = None  # tied to the session; forms left open for hours still submit
    LOGIN_SESSION_HOURS = 7 * 24  # a login ends after a week at the latest (server-side, see auth/sessions)
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    # A JSON API request: a PRODUCT at its bounds (20,000-character description, 100 integrations...)
    # is under 200 KB; a body beyond this is refused with 413 before it is read.
    API_MAX_CONTENT_LENGTH = 1024 * 1024
    JSON_SORT_KEYS = False
    # Mail (core.mail, Flask-Mailman over SMTP) and the links in it; jobs run inline without REDIS_URL.
    BASE_URL = "http://127.0.0.1:5000"  # where links in mail sent by jobs and commands point
    MAIL_BACKEND = "smtp"  # "console": print each mail instead (development without an SMTP server)
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_TIMEOUT = 10
    MAIL_DEFAULT_SENDER = "Sàn chuyển đổi số DNNVV <no-reply@localhost>"
    MAIL_MESSAGE_ID_DOMAIN = "marketplace.local"
    JOBS_INLINE = False  # True: run jobs in-process even with REDIS_URL (REDIS_URL is still used for limits)
    MATCHING_WORKERS = 2  # processes the nightly batch of suggestions ranks SMEs in (about one per core)
    # The open data's DCAT catalog: who publishes it, under which licence (opendata/dcat.py).
    OPEN_DATA_PUBLISHER = "Sở Khoa học và Công nghệ"
    OPEN_DATA_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
    TRUSTED_PROXIES = 0  # load balancers in front (X-Forwarded-For/Proto/Host trusted from that many)
    LOG_JSON = False  # one JSON object per log line, with the request id (production: MARKETPLACE_LOG_JSON)
    # The cache of public answers for anonymous readers (core/pagecache.py).
    PAGE_CACHE_SECONDS = 300  # an entry's life, whatever happens
    PAGE_CACHE_CHECK_SECONDS = 1.0  # how stale another process's change may be seen here
    PAGE_CACHE_ENTRIES = 5000  # in-process store only (without Redis)
    OPEN_DATA_ANONYMOUS_PER_MINUTE = 120  # calls per address without a partner key (opendata/access.py)
    # The national portal's endpoint for the outbound sync and the shared secret of its signatures.
    SYNC_URL = None
    SYNC_SECRET = None


# Plain environment variables that operators expect by these names.
ENV_VARS = (
    "DATABASE_URL", "MEILISEARCH_URL", "MEILISEARCH_API_KEY", "REDIS_URL", "SECRET_KEY",
    "STRIPE_API_KEY", "STRIPE_API_BASE", "STRIPE_WEBHOOK_SECRET", "OPEN_DATA_PUBLISHER", "OPEN_DATA_LICENSE",
    "BASE_URL", "MAIL_BACKEND", "MAIL_SERVER", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_DEFAULT_SENDER",
    "SYNC_URL", "SYNC_SECRET",
)
# The same, read as numbers or yes/no.
INT_ENV_VARS = ("MAIL_PORT", "MAIL_TIMEOUT")
BOOL_ENV_VARS = ("MAIL_USE_TLS", "MAIL_USE_SSL")


def load(app, test_config: dict | None = None) -> None:
    app.config.from_object(Defaults)
    for name in ENV_VARS:
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    for name in INT_ENV_VARS:
        if os.environ.get(name):
            app.config[name] = int(os.environ[name])
    for name in BOOL_ENV_VARS:
        if os.environ.get(name):
            app.config[name] = os.environ[name].strip().lower() in ("1", "true", "yes", "on")
    app.config.from_prefixed_env("MARKETPLACE")  # e.g. MARKETPLACE_ENV=production
    if test_config:
        app.config.update(test_config)
    if app.config["ENV"] != "production":
        # Cookies over plain http://127.0.0.1 in development and tests.
        for key in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
            app.config[key] = False
    elif app.config["SECRET_KEY"] == Defaults.SECRET_KEY:
        raise RuntimeError("SECRET_KEY must be set in production")
    url = app.config["DATABASE_URL"]
    if url.startswith("postgres://"):  # the form some hosts hand out
        app.config["DATABASE_URL"] = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        app.config["DATABASE_URL"] = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////:memory"):
        Path(app.config["DATABASE_URL"].removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
