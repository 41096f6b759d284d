"""What the marketplace is made of, wired once at start-up: each feature's tables, pages, API routes,
commands, interchange sections and dashboard sections. Adding a feature adds its lines here (see
ARCHITECTURE.md); nothing below this shell imports it.
"""

from __future__ import annotations

import click
from flask import Flask

import catalog.api  # noqa: F401  (each API module adds its endpoints to core.api.bp)
import catalog.search.api  # noqa: F401
import marketplace.openapi  # noqa: F401
import matching.api  # noqa: F401
import opendata.api  # noqa: F401
import reports.api  # noqa: F401
from accounts import models as account_models
from accounts import views as accounts
from assessments import interchange as assessment_records
from assessments import models as assessment_models
from assessments import services as assessment_services
from assessments import views as assessments
from catalog import cli as catalog_cli
from catalog import interchange as products
from catalog import listing_views, shortlist_views
from catalog import models as catalog_models
from catalog import ratings as catalog_ratings
from catalog import shortlist as shortlist_models
from catalog import views as catalog_views
from catalog.search import cli as search_cli
from complaints import models as complaint_models
from complaints import views as complaints
from consultants import course_views
from consultants import interchange as consultant_records
from consultants import models as consultant_models
from consultants import views as consultants
from contracts import events as contract_events
from contracts import interchange as contract_records
from contracts import models as contract_models
from contracts import views as contracts
from core import audit, jobs, mail
from core.api import bp as api_bp
from demo import cli as demo_cli
from indicators import cli as indicators_cli
from indicators import models as indicator_models
from indicators import rollup as programme_rollup
from indicators import views as indicators
from integrity import cli as integrity_cli
from integrity import models as integrity_models
from integrity import views as integrity
from interchange import cli as interchange_cli
from interchange.sections import sections as interchange_sections
from marketplace import jobs_views
from matching import cli as matching_cli
from matching import models as matching_models
from matching import views as matching
from notifications import models as notification_models
from notifications import views as notifications
from opendata import cli as opendata_cli
from opendata import models as opendata_models
from opendata import views as opendata
from payments import cli as payments_cli
from payments import models as payment_models
from payments import services as payment_services
from payments import views as payments
from privacy import models as privacy_models
from privacy import views as privacy
from problems import cli as problems_cli
from problems import interchange as problem_records
from problems import models as problem_models
from problems import proposal_views
from problems import views as problems
from reports import cli as reports_cli
from reports import columns as report_columns
from reports import models as report_models
from reports import views as reports
from rereview import cli as rereview_cli
from rereview import models as rereview_models
from rereview import views as rereview
from reviews import models as review_models
from reviews import views as reviews
from smes import interchange as sme_records
from smes import models as sme_models
from smes import views as smes
from vendors import interchange as vendor_records
from vendors import models as vendor_models
from vendors import views as vendors
from vouchers import cli as vouchers_cli
from vouchers import interchange as voucher_records
from vouchers import models as voucher_models
from vouchers import redemption as voucher_redemption
from vouchers import views as vouchers

# Every module that defines tables (Alembic and create_all read Base.metadata once these are imported).
MODELS = (account_models, audit, jobs, mail, notification_models, vendor_models, sme_models, catalog_models,
          shortlist_models, privacy_models, contract_models, payment_models, report_models, integrity_models,
          consultant_models, assessment_models, problem_models, opendata_models, catalog_ratings,
          review_models, complaint_models, voucher_models, indicator_models, rereview_models, matching_models)


def register_blueprints(app: Flask) -> None:
    for blueprint in (
        accounts.bp, catalog_views.bp, catalog_views.admin_bp, listing_views.bp, vendors.bp, smes.bp,
        shortlist_views.bp, matching.bp, contracts.bp, payments.bp, reports.bp, privacy.bp, integrity.bp,
        problems.bp, problems.officer_bp, proposal_views.bp, notifications.bp, opendata.bp, reviews.bp,
        complaints.bp, vouchers.bp, assessments.bp, consultants.bp, course_views.bp, indicators.bp,
        rereview.bp, jobs_views.bp, api_bp,
    ):
        app.register_blueprint(blueprint)


def register_sections() -> None:
    """Interchange sections, and the parts of the dashboards that features above them contribute."""
    interchange_sections.register(vendor_records.SECTION, products.SECTION, sme_records.SECTION,
                                  contract_records.SECTION)
    interchange_sections.register(consultant_records.CONSULTANTS, assessment_records.SECTION,
                                  consultant_records.SUPPORTS)
    sme_records.held_readiness.connect(assessment_services.latest_levels)
    interchange_sections.register(voucher_records.PROGRAMMES, voucher_records.VOUCHERS)
    interchange_sections.register(problem_records.PROBLEMS, problem_records.PROPOSALS)
    vendors.dashboard_sections.add("catalog/_vendor_listings.html", listing_views.dashboard_section, order=10)
    smes.dashboard_sections.add("matching/_suggestions.html", matching.suggestions_section, order=10)
    catalog_views.index_sections.add("problems/_catalog_section.html", problems.board_section, order=10)
    smes.profile_sections.add("privacy/_profile_consent.html", privacy.profile_consent_section, order=10)
    catalog_views.product_sections.add("reviews/_product_reviews.html", reviews.product_section, order=10)
    catalog_views.vendor_sections.add("reviews/_product_reviews.html", reviews.vendor_section, order=10)
    smes.dashboard_sections.add("reviews/_sme_reviews.html", reviews.sme_section, order=20)
    vendors.dashboard_sections.add("reviews/_vendor_dashboard.html", reviews.vendor_dashboard_section,
                                   order=20)
    smes.dashboard_sections.add("complaints/_dashboard.html", complaints.sme_section, order=30)
    vendors.dashboard_sections.add("complaints/_dashboard.html", complaints.vendor_section, order=30)
    smes.dashboard_sections.add("vouchers/_dashboard.html", vouchers.dashboard_section, order=25)
    catalog_views.product_sections.add("vouchers/_product.html", vouchers.product_section, order=5)
    smes.dashboard_sections.add("consultants/_courses_dashboard.html", course_views.dashboard_section,
                                order=27)
    assessments.history_sections.add("consultants/_recommendations.html", consultants.recommendations_section)
    vendors.dashboard_sections.add("rereview/_vendor_dashboard.html", rereview.vendor_section, order=5)


def register_commands(group: click.Group) -> None:
    for register in (interchange_cli.register, catalog_cli.register, demo_cli.register, search_cli.register,
                     matching_cli.register, payments_cli.register, reports_cli.register,
                     integrity_cli.register, indicators_cli.register, problems_cli.register,
                     opendata_cli.register, vouchers_cli.register, rereview_cli.register):
        register(group)


def connect_handlers() -> None:
    """Who acts, in the same transaction, when a contract is signed or counted (contracts/events.py), and
    what every session keeps up to date before it commits (the programme report's monthly rows)."""
    programme_rollup.install()
    contract_events.contract_counted.connect(programme_rollup.on_contract_counted, weak=False)
    contract_events.contract_signed.connect(payment_services.on_contract_signed, weak=False)
    contract_events.contract_counted.connect(report_columns.on_contract_counted, weak=False)
    contract_events.terms_fixing.connect(voucher_redemption.on_terms_fixing, weak=False)
    contract_events.contract_signed.connect(voucher_redemption.on_contract_signed, weak=False)
