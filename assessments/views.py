"""The SME's own readiness questionnaire, which records an assessment (the SME alone, dated today), and its
result; the assessment history page: the chart, the tier, what changed between two assessments, and the
roadmap of its tier with matching offers for each open step (thin: read, compute in the pure modules)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from assessments import services
from assessments.chart import history_chart
from assessments.diff import compare
from assessments.roadmap import next_step, roadmap
from assessments.tiers import TIER_LABELS, tier_of
from core.access import sme_required
from core.extensions import db
from core.i18n import current_lang
from core.sections import Sections
from matching.service import matches_for
from smes import readiness
from smes.forms import questionnaire_form
from smes.services import get_sme

bp = Blueprint("assessments", __name__, template_folder="templates")
# What features above add to the page: the consultants' recommendations...
history_sections = Sections()
OFFERS_PER_STEP = 3


def history_context(session, sme_id: str, first: str | None = None, second: str | None = None) -> dict:
    """What the history partial (assessments/_history.html) shows of an SME: also the consultant's page."""
    history = services.history(session, sme_id)
    by_id = {a.id: a for a in history}
    change = None
    if len(history) >= 2:
        a = by_id.get(first) or history[-2]
        b = by_id.get(second) or history[-1]
        change = compare(a, b) if a is not b else None
    level = services.current_level(session, sme_id)
    return {
        "history": history,
        "chart": history_chart(history),
        "change": change,
        "level": level,
        "tier": tier_of(level),
        "tier_labels": TIER_LABELS,
    }


def _roadmap(sme, tier: str):
    steps = roadmap(tier, services.signed_categories(db.session, sme.id))
    ranked = matches_for(db.session, sme, top=200)
    offers = {
        s.category: [m for m in ranked if s.category in m.offer.product.categories][:OFFERS_PER_STEP]
        for s in steps
        if not s.done
    }
    return steps, offers


@bp.route("/sme/assessments")
@sme_required
def history():
    sme = get_sme(db.session, current_user.sme_id)
    context = history_context(db.session, sme.id, request.args.get("a"), request.args.get("b"))
    steps, offers = _roadmap(sme, context["tier"])
    return render_template(
        "assessments/history.html",
        sme=sme,
        steps=steps,
        offers=offers,
        next_step=next_step(steps),
        sections=history_sections.render(sme=sme),
        **context,
    )


def _frameworks_dir() -> Path | None:
    """An office publishes a new questionnaire version by dropping a JSON file into the folder
    READINESS_FRAMEWORKS_DIR (environment: MARKETPLACE_READINESS_FRAMEWORKS_DIR), no release needed."""
    folder = current_app.config.get("READINESS_FRAMEWORKS_DIR")
    return Path(folder) if folder else None


@bp.route("/sme/readiness", methods=["GET", "POST"])
@sme_required
def questionnaire():
    sme = get_sme(db.session, current_user.sme_id)
    framework = readiness.current_framework(_frameworks_dir())
    form = questionnaire_form(framework, current_lang())
    if form.validate_on_submit():
        answers = {q.code: int(getattr(form, q.code).data) for p in framework.pillars for q in p.questions}
        result = services.self_assess(db.session, current_user, sme.id, framework, answers)
        flash(_("Đã ghi nhận kết quả tự đánh giá: mức %(level)s.", level=result.level), "success")
        return redirect(url_for(".questionnaire_result"))
    return render_template("assessments/questionnaire.html", form=form, framework=framework, sme=sme), (
        422 if form.errors else 200
    )


@bp.route("/sme/readiness/result")
@sme_required
def questionnaire_result():
    sme = get_sme(db.session, current_user.sme_id)
    if not sme.readiness_breakdown:
        return redirect(url_for(".questionnaire"))
    result = sme.readiness_breakdown
    # The stored pillar names are Vietnamese; the result's framework, if still published, has them in the
    # page's language.
    framework = readiness.load_frameworks(_frameworks_dir()).get(result["framework"])
    pillar_names = framework.pillar_names(current_lang()) if framework else {}
    return render_template(
        "assessments/questionnaire_result.html", sme=sme, result=result, pillar_names=pillar_names
    )
