"""Matching on pages: the SME dashboard's suggestions (a section of smes' dashboard) and the vendors'
leads page (SMEs that agreed to be contacted and have one of the vendor's products among their best)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from catalog.services import content_of, vendor_listings
from core.access import vendor_required
from core.extensions import db
from core.i18n import current_lang
from core.needs import read_needs
from matching.engine import Match
from matching.reasons import reasons_for
from matching.suggestions import leads_for_vendor, suggestions_for

bp = Blueprint("leads", __name__, url_prefix="/vendor/leads", template_folder="templates")
DASHBOARD_MATCHES = 6


@bp.app_template_global()
def match_reasons(match: Match) -> tuple[str, ...]:
    """A match's reasons in the page's language (the engine's own, in `match.reasons`, are Vietnamese)."""
    return reasons_for(match.facts, current_lang())


def suggestions_section(sme) -> dict:
    """What the SME's problem text was read as (shown, so that it can check), and its best offers: the
    ones the nightly batch saved while they still hold, else ranked now (matching.suggestions)."""
    reading = read_needs(sme.problem)
    read = [(code, reading.evidence[code]) for code in reading.top(5) if reading.weights[code] >= 0.5]
    return {"read_needs": read, "matches": suggestions_for(db.session, sme, DASHBOARD_MATCHES, reading)}


@bp.route("/")
@vendor_required
def leads():
    products = {
        listing.id: content_of(listing)
        for listing in vendor_listings(db.session, current_user.vendor_id)
        if listing.status == "published"
    }
    found = leads_for_vendor(db.session, current_user.vendor_id)
    return render_template("matching/leads.html", products=products, leads=found)
