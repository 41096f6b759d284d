"""Configuration: defaults, then environment variables, then the test mapping."""

from __future__ import annotations

import os
from pathlib import Path

INSTANCE_DIR = Path(os.environ.get("MARKETPLACE_INSTANCE", Path.cwd() / "instance"))


class Defaults:
    ENV = "development"  # development | production | testing
    SECRET_KEY = "dev-only-secret-change-me"
    DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'marketplace.db'}"
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
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).parent / "translations")
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
    JSON_SORT_KEYS = False


# Plain environment variables that operators expect by these names.
ENV_VARS = (
    "DATABASE_URL", "MEILISEARCH_URL", "MEILISEARCH_API_KEY", "REDIS_URL", "SECRET_KEY",
    "STRIPE_API_KEY", "STRIPE_API_BASE", "STRIPE_WEBHOOK_SECRET",
)


def load(app, test_config: dict | None = None) -> None:
    app.config.from_object(Defaults)
    for name in ENV_VARS:
        if os.environ.get(name):
            app.config[name] = os.environ[name]
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
