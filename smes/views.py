"""SME pages: registration, the dashboard (whose sections the features above contribute) and the profile.
The readiness questionnaire (its frameworks: smes.readiness) is taken on a page of `assessments`, which
keeps every assessment."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accounts.views import register_page
from core.access import sme_required
from core.extensions import db, limiter
from core.i18n import current_lang
from core.sections import Sections
from smes.completeness import completeness
from smes.forms import ProfileForm, SmeRegistrationForm
from smes.registration import register_sme
from smes.services import get_sme, size_finding

bp = Blueprint("smes", __name__, template_folder="templates")
# What the dashboard shows beyond the profile: suggestions, contracts, programmes...
dashboard_sections = Sections()
# Parts of the profile page that other features keep: the consent to be contacted (privacy)...
profile_sections = Sections()


def _own_sme():
    return get_sme(db.session, current_user.sme_id)


@bp.route("/sme/")
@sme_required
def dashboard():
    sme = _own_sme()
    return render_template(
        "smes/dashboard.html",
        sme=sme,
        size=size_finding(sme, current_lang()),
        completeness=completeness(sme),
        sections=dashboard_sections.render(sme=sme),
    )


@bp.route("/sme/profile", methods=["GET", "POST"])
@sme_required
def profile():
    sme = _own_sme()
    form = ProfileForm.for_sme(sme)
    if form.validate_on_submit():
        form.apply(sme)
        flash(_("Đã lưu hồ sơ doanh nghiệp."), "success")
        return redirect(url_for(".dashboard"))
    return render_template("smes/profile.html", form=form, sme=sme, size=size_finding(sme, current_lang()),
                           completeness=completeness(sme),
                           sections=profile_sections.render(sme=sme)), (422 if form.errors else 200)


@bp.route("/register/sme", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def register():
    form = SmeRegistrationForm()
    return register_page(form, register_sme, "smes/register.html",
                         sme_name=form.sme_name.data or "", sector=form.sector.data or "")
