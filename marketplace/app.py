"""Application factory: its body reads like a table of contents."""

from __future__ import annotations

from flask import Flask

from marketplace import config
from marketplace.auth.passwords import Passwords
from marketplace.errors import register_error_handlers
from marketplace.extensions import init_extensions
from marketplace.security import register_security_headers
from marketplace.templating import register_template_helpers
from marketplace.urls import register_url_guard


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder="../templates", static_folder="../static")
    config.load(app, test_config)
    # First: the blueprints' rules need the bounded int converter, and no other hook (CSRF, session)
    # should read a malformed URL.
    register_url_guard(app)
    init_extensions(app)
    register_adapters(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_security_headers(app)
    register_template_helpers(app)
    return app


def register_adapters(app: Flask) -> None:
    """Adapters to the outside world, chosen by configuration and kept in app.extensions."""
    from catalog.search import build_search
    from payments.gateway import init_stripe

    app.extensions["passwords"] = Passwords(app.config["ARGON2_TIME_COST"], app.config["ARGON2_MEMORY_COST"])
    app.extensions["search"] = build_search(app.config)
    init_stripe(app)


def register_blueprints(app: Flask) -> None:
    import catalog.api  # noqa: F401  (adds the catalog endpoints to the API blueprint)
    import catalog.search.api  # noqa: F401  (adds GET /api/v1/search)
    import marketplace.openapi  # noqa: F401  (serves /api/v1/openapi.json)
    import reports.api  # noqa: F401  (adds GET /api/v1/reports/contracts)
    import smes.api  # noqa: F401  (adds the SME matches endpoint to the API blueprint)
    from catalog.views import admin_bp as catalog_admin_bp
    from catalog.views import bp as catalog_bp
    from marketplace.api import bp as api_bp
    from marketplace.auth.views import bp as auth_bp
    from marketplace.privacy.views import bp as privacy_bp
    from payments.views import bp as payments_bp
    from smes.views import bp as smes_bp
    from smes.views import leads_bp as sme_leads_bp
    from vendors.views import bp as vendors_bp

    for blueprint in (auth_bp, catalog_bp, catalog_admin_bp, vendors_bp, smes_bp, api_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(payments_bp)
    app.register_blueprint(sme_leads_bp)
    from contracts.views import bp as contracts_bp
    from reports.views import bp as reports_bp

    app.register_blueprint(contracts_bp)
    app.register_blueprint(reports_bp)
