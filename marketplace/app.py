"""Application factory: its body reads like a table of contents."""

from __future__ import annotations

from flask import Flask

from accounts import identity
from accounts.passwords import Passwords
from catalog.models import CatalogEdition, EditionEntry, Listing, ListingRevision
from catalog.ratings import ListingRating
from catalog.search import build_search
from catalog.search.source import fingerprint as catalog_fingerprint
from core import mail, pagecache
from core.extensions import babel, csrf, db, limiter
from core.i18n import select_locale
from marketplace import config, features, ops
from marketplace.errors import register_error_handlers
from marketplace.security import register_security_headers
from marketplace.templating import register_template_helpers
from marketplace.urls import register_url_guard
from payments.gateway import init_stripe
from reviews.models import Review, ReviewReport, ReviewVote
from vendors.models import Vendor
from vouchers.models import Programme


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    config.load(app, test_config)
    # First: the blueprints' rules need the bounded int converter, and no other hook (CSRF, session)
    # should read a malformed URL.
    register_url_guard(app)
    register_extensions(app)
    register_adapters(app)
    features.register_blueprints(app)
    features.register_sections()
    features.connect_handlers()
    register_error_handlers(app)
    ops.init_app(app)
    register_security_headers(app)
    register_template_helpers(app)
    return app


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    csrf.init_app(app)
    identity.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    limiter.init_app(app)
    mail.init_app(app)


def register_adapters(app: Flask) -> None:
    """Adapters to the outside world, chosen by configuration and kept in app.extensions."""
    app.extensions["passwords"] = Passwords(app.config["ARGON2_TIME_COST"], app.config["ARGON2_MEMORY_COST"])
    app.extensions["search"] = build_search(app.config)
    # Public answers cached per catalog version: the search index's fingerprint of the catalog tables.
    # Watched: what public pages show (a vendor's name, reviews and ratings, open programmes on a
    # product page): a commit changing one of them moves the cache's version at once.
    pagecache.init_app(app, catalog_fingerprint,
                       (Listing, ListingRevision, CatalogEdition, EditionEntry, ListingRating, Vendor, Review,
                        ReviewVote, ReviewReport, Programme))
    init_stripe(app)
