"""SME pages (dashboard with "Gợi ý cho bạn", profile, readiness self-assessment) and the vendor's page
of SMEs that match its products (only SMEs that agreed to be contacted)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from catalog.services import content_of, vendor_listings
from marketplace.auth.access import sme_required, vendor_required
from marketplace.extensions import db
from marketplace.privacy.consent import set_contact_consent
from marketplace.templating import current_lang
from matching.engine import Match
from matching.needs import read_needs
from matching.reasons import reasons_for
from smes import readiness
from smes.forms import ProfileForm, questionnaire_form
from smes.matches import get_sme, leads_for_vendor, matches_for, size_finding

bp = Blueprint("smes", __name__, url_prefix="/sme")
leads_bp = Blueprint("sme_leads", __name__, url_prefix="/vendor/leads")
DASHBOARD_MATCHES = 6


def _own_sme():
    return get_sme(db.session, current_user.sme_id)


def _frameworks_dir() -> Path | None:
    """An office publishes a new questionnaire version by dropping a JSON file into the folder
    READINESS_FRAMEWORKS_DIR (environment: MARKETPLACE_READINESS_FRAMEWORKS_DIR), no release needed."""
    folder = current_app.config.get("READINESS_FRAMEWORKS_DIR")
    return Path(folder) if folder else None


@bp.app_template_global()
def match_reasons(match: Match) -> tuple[str, ...]:
    """A match's reasons in the page's language (the engine's own, in `match.reasons`, are Vietnamese)."""
    return reasons_for(match.facts, current_lang())


@bp.route("/")
@sme_required
def dashboard():
    sme = _own_sme()
    reading = read_needs(sme.problem)  # shown, so that the SME can check what was read from its words
    read = [(code, reading.evidence[code]) for code in reading.top(5) if reading.weights[code] >= 0.5]
    return render_template(
        "smes/dashboard.html",
        sme=sme,
        size=size_finding(sme, current_lang()),
        read_needs=read,
        matches=matches_for(db.session, sme, DASHBOARD_MATCHES, reading),
    )


@bp.route("/profile", methods=["GET", "POST"])
@sme_required
def profile():
    sme = _own_sme()
    form = ProfileForm.for_sme(sme)
    if form.validate_on_submit():
        form.apply(sme)
        set_contact_consent(
            db.session,
            current_user,
            bool(form.contact_consent.data),
            source="sme_profile",
            ip=request.remote_addr,
            lang=current_lang(),
        )
        db.session.commit()
        flash(_("Đã lưu hồ sơ doanh nghiệp."), "success")
        return redirect(url_for(".dashboard"))
    return render_template("smes/profile.html", form=form, sme=sme, size=size_finding(sme, current_lang())), (
        422 if form.errors else 200
    )


@bp.route("/readiness", methods=["GET", "POST"])
@sme_required
def assessment():
    sme = _own_sme()
    framework = readiness.current_framework(_frameworks_dir())
    form = questionnaire_form(framework, current_lang())
    if form.validate_on_submit():
        answers = {q.code: int(getattr(form, q.code).data) for p in framework.pillars for q in p.questions}
        result = readiness.assess(framework, answers)
        sme.readiness_level = result.level
        sme.readiness_framework = result.framework
        sme.readiness_breakdown = {**result.breakdown(), "answers": answers}
        db.session.commit()
        flash(_("Đã ghi nhận kết quả tự đánh giá: mức %(level)s.", level=result.level), "success")
        return redirect(url_for(".assessment_result"))
    return render_template("smes/readiness.html", form=form, framework=framework, sme=sme), (
        422 if form.errors else 200
    )


@bp.route("/readiness/result")
@sme_required
def assessment_result():
    sme = _own_sme()
    if not sme.readiness_breakdown:
        return redirect(url_for(".assessment"))
    result = sme.readiness_breakdown
    # The stored pillar names are Vietnamese; the result's framework, if still published, has them in the
    # page's language.
    framework = readiness.load_frameworks(_frameworks_dir()).get(result["framework"])
    pillar_names = framework.pillar_names(current_lang()) if framework else {}
    return render_template("smes/readiness_result.html", sme=sme, result=result, pillar_names=pillar_names)


@leads_bp.route("/")
@vendor_required
def leads():
    products = {
        listing.id: content_of(listing)
        for listing in vendor_listings(db.session, current_user.vendor_id)
        if listing.status == "published"
    }
    found = leads_for_vendor(db.session, current_user.vendor_id)
    return render_template("smes/leads.html", products=products, leads=found)
