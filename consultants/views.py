"""Pages of the consultant network (thin: parse, call the services, render).

Public: the directory and each consultant's page, registration. Officers: vetting, certification,
suspension and withdrawal. SMEs: suggested consultants with reasons, their requests and the products
proposed to them. Consultants: their requests, and for each SME that they accepted, sessions,
assessments and proposals."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from accounts.views import home_for, log_in
from assessments.views import history_context
from catalog.models import Listing
from catalog.services import newest_revision
from consultants import directory, vetting, work
from consultants.forms import (
    AskForm,
    AssessmentForm,
    CertifyForm,
    ConsultantRegistrationForm,
    ProposalForm,
    SessionForm,
    StatusForm,
)
from consultants.models import Consultant
from consultants.ranking import Candidate, Need, rank
from consultants.registration import register_consultant
from core.access import officer_required, roles_required, sme_required
from core.domain import Conflict, InvalidTransition, ValidationFailed
from core.extensions import db, limiter
from core.formatting import vn_date
from core.i18n import current_lang
from core.refusals import refused, refused_in_place
from core.translation import translate
from core.vocab import CATEGORIES, PROVINCES, SECTORS, label
from smes.services import get_sme

bp = Blueprint("consultants", __name__, template_folder="templates")
consultant_required = roles_required("consultant")


# What a refusal looks like once the access checks passed (NotFound and Forbidden answer 404 / 403).
REFUSALS = (ValidationFailed, InvalidTransition, Conflict)


def _reason_text(template: str, params: dict, lang: str) -> str:
    shown = {}
    for key, value in params.items():
        if isinstance(value, list):
            value = ", ".join(label(CATEGORIES, v, lang) for v in value)
        elif isinstance(value, date):
            value = vn_date(value)
        shown[key] = value
    return translate(template, lang) % shown if shown else translate(template, lang)


# -- public --------------------------------------------------------------------------------------------


@bp.route("/consultants/")
def index():
    args = {k: (request.args.get(k) or "").strip()[:200] for k in ("specialty", "sector", "province", "q")}
    found = directory.listed(db.session, **args)
    return render_template(
        "consultants/index.html",
        consultants=found,
        args=args,
        tracks=directory.track_records(db.session, [c.id for c in found]),
        categories=CATEGORIES,
        sectors=SECTORS,
        provinces=PROVINCES,
    )


@bp.route("/consultants/<consultant_id>")
def profile(consultant_id: str):
    consultant = db.session.get(Consultant, consultant_id)
    if consultant is None or consultant.status != "active" or consultant.certified_on is None:
        return render_template("error.html", code=404, message=_("Không có chuyên gia này.")), 404
    track = directory.track_records(db.session, [consultant.id])[consultant.id]
    form = AskForm(formdata=None) if current_user.is_authenticated and current_user.role == "sme" else None
    return render_template("consultants/profile.html", consultant=consultant, track=track, form=form)


@bp.route("/register/consultant", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def register():
    form = ConsultantRegistrationForm()
    form.set_choices(current_lang())
    if form.validate_on_submit():
        try:
            user = register_consultant(
                db.session,
                current_app.extensions["passwords"],
                email=form.email.data or "",
                password=form.password.data or "",
                full_name=form.full_name.data or "",
                name=form.name.data or "",
                kind=form.kind.data,
                organisation=form.organisation.data,
                specialties=form.specialties.data or [],
                sectors=form.sectors.data or [],
                provinces=form.provinces.data or [],
                phone=form.phone.data,
                experience=form.experience.data or "",
                documents=form.documents.data or "",
                references=form.references.data or "",
            )
        except ValidationFailed as exc:
            refused_in_place(exc, form)
        else:
            log_in(user)
            flash(
                _("Đăng ký thành công. Cán bộ sẽ thẩm định hồ sơ theo tiêu chí của chương trình."), "success"
            )
            return redirect(home_for(user))
    return render_template("consultants/register.html", form=form), (422 if form.errors else 200)


# -- officers ------------------------------------------------------------------------------------------


@bp.route("/officer/consultants/")
@officer_required
def officer_list():
    shown = request.args.get("status", "pending")
    everyone = list(
        db.session.scalars(select(Consultant).order_by(Consultant.created_at.desc(), Consultant.id))
    )
    groups = {
        "pending": [c for c in everyone if c.status == "active" and c.certified_on is None],
        "certified": [c for c in everyone if c.status == "active" and c.certified_on is not None],
        "suspended": [c for c in everyone if c.status == "suspended"],
        "withdrawn": [c for c in everyone if c.status == "withdrawn"],
    }
    shown = shown if shown in groups else "pending"
    return render_template(
        "consultants/officer_list.html",
        groups=groups,
        shown=shown,
        consultants=groups[shown],
        certify_form=CertifyForm(formdata=None),
        status_form=StatusForm(formdata=None),
        criteria=vetting.CRITERIA,
        status_labels=vetting.STATUS_LABELS,
        moves=vetting.MOVES,
    )


@bp.route("/officer/consultants/<consultant_id>/certify", methods=["POST"])
@officer_required
def certify(consultant_id: str):
    form = CertifyForm()
    back = url_for(".officer_list") + f"#consultant-{consultant_id}"
    if not form.validate_on_submit():
        db.rollback()
        flash(
            " ".join(f"{form[n].label.text}: {e}" for n, errors in form.errors.items() for e in errors),
            "danger",
        )
        return redirect(back)
    findings = {code: bool(form[code].data) for code in vetting.CRITERIA}
    try:
        consultant = vetting.certify(
            db.session, current_user, consultant_id, findings, form.certified_on.data, form.note.data or ""
        )
    except REFUSALS as exc:
        return refused(exc, back)
    flash(_("Đã công nhận %(name)s đạt chuẩn.", name=consultant.name), "success")
    return redirect(url_for(".officer_list", status="certified"))


@bp.route("/officer/consultants/<consultant_id>/status/<status>", methods=["POST"])
@officer_required
def change_status(consultant_id: str, status: str):
    form = StatusForm()
    back = url_for(".officer_list") + f"#consultant-{consultant_id}"
    if not form.validate_on_submit():
        db.rollback()
        flash(_("Cần ghi lý do (tối đa 2.000 ký tự)."), "danger")
        return redirect(back)
    try:
        consultant = vetting.set_status(
            db.session, current_user, consultant_id, status, form.reason.data or ""
        )
    except REFUSALS as exc:
        return refused(exc, back)
    flash(
        _(
            "Đã chuyển %(name)s sang: %(status)s.",
            name=consultant.name,
            status=_(vetting.STATUS_LABELS[consultant.status]),
        ),
        "success",
    )
    return redirect(url_for(".officer_list", status=status if status != "active" else "certified"))


# -- SMEs ----------------------------------------------------------------------------------------------


def _suggestions(sme, lang: str):
    candidates = directory.listed(db.session)
    tracks = directory.track_records(db.session, [c.id for c in candidates])
    ranked = rank(
        Need(sme.province, sme.sector, sme.needs or []),
        [
            Candidate(
                c.id, c.name, c.specialties, c.sectors, c.provinces, c.certified_on, tracks[c.id].improved
            )
            for c in candidates
        ],
    )
    return [(r, [_reason_text(t, p, lang) for t, p in r.reasons]) for r in ranked]


@bp.route("/sme/consultants")
@sme_required
def for_sme():
    sme = get_sme(db.session, current_user.sme_id)
    return render_template(
        "consultants/for_sme.html",
        sme=sme,
        suggestions=_suggestions(sme, current_lang()),
        requests=work.requests_of_sme(db.session, sme.id),
        proposals=_proposals(sme.id),
        form=AskForm(formdata=None),
    )


def _proposals(sme_id: str):
    return [
        (p, c, newest_revision(db.session.get(Listing, p.listing_id)).name)
        for p, c in work.proposals_for(db.session, sme_id)
    ]


def recommendations_section(sme) -> dict:
    """The products consultants proposed, on the SME's roadmap page (assessments.views.history_sections)."""
    return {"proposals": _proposals(sme.id)}


@bp.route("/sme/consultants/<consultant_id>/ask", methods=["POST"])
@sme_required
def ask(consultant_id: str):
    form = AskForm()
    if form.validate_on_submit():
        try:
            work.ask(db.session, current_user, consultant_id, form.message.data or "")
        except REFUSALS as exc:
            refused_in_place(exc)
        else:
            flash(_("Đã gửi yêu cầu tư vấn."), "success")
    else:
        db.rollback()
        flash(_("Lời nhắn tối đa 4.000 ký tự."), "danger")
    return redirect(url_for(".for_sme"))


# -- consultants ---------------------------------------------------------------------------------------


@bp.route("/consultant/")
@consultant_required
def workspace():
    consultant = work.own_consultant(db.session, current_user)
    requests_ = work.requests_to(db.session, consultant)
    smes = {s: get_sme(db.session, s) for s in {r.sme_id for r in requests_}}
    return render_template(
        "consultants/workspace.html",
        consultant=consultant,
        requests=requests_,
        smes=smes,
        track=directory.track_records(db.session, [consultant.id])[consultant.id],
        status_labels=vetting.STATUS_LABELS,
    )


@bp.route("/consultant/requests/<int:request_id>/<action>", methods=["POST"])
@consultant_required
def decide(request_id: int, action: str):
    if action not in ("accept", "decline"):
        return render_template("error.html", code=404, message=_("Không có trang này.")), 404
    try:
        found = work.decide(db.session, current_user, request_id, action == "accept")
    except REFUSALS as exc:
        return refused(exc, url_for(".workspace"))
    if found.status == "accepted":
        flash(_("Đã nhận hỗ trợ doanh nghiệp."), "success")
        return redirect(url_for(".sme_page", sme_id=found.sme_id))
    flash(_("Đã từ chối yêu cầu."), "info")
    return redirect(url_for(".workspace"))


def _sme_page(sme_id: str, session_form=None, assessment_form=None, proposal_form=None, status: int = 200):
    consultant = work.working_with(db.session, current_user, sme_id)
    lang = current_lang()
    assessment_form = assessment_form or AssessmentForm(formdata=None)
    assessment_form.set_choices(lang)
    proposal_form = proposal_form or ProposalForm(formdata=None)
    proposal_form.listing_id.choices = _listing_choices()
    return render_template(
        "consultants/sme.html",
        consultant=consultant,
        sme=get_sme(db.session, sme_id),
        supports=work.supports_of(db.session, sme_id),
        proposals=_proposals(sme_id),
        session_form=session_form or SessionForm(formdata=None),
        assessment_form=assessment_form,
        proposal_form=proposal_form,
        **history_context(db.session, sme_id),
    ), status


def _listing_choices() -> list[tuple[str, str]]:
    listings = db.session.scalars(select(Listing).where(Listing.status == "published").order_by(Listing.id))
    return [SelectChoice("", _("— Chọn sản phẩm —"))] + [
        SelectChoice(li.id, newest_revision(li).name) for li in listings
    ]


@bp.route("/consultant/smes/<sme_id>")
@consultant_required
def sme_page(sme_id: str):
    return _sme_page(sme_id)


def _on_sme(sme_id: str, form, form_name: str, act, done: str):
    """A consultant's form on an SME's page: `act()` on a valid form, then back to the page saying `done`;
    otherwise the page again with the form and what is wrong (422), nothing changed."""
    if form.validate_on_submit():
        try:
            act()
        except ValidationFailed as exc:
            refused_in_place(exc, form)
        else:
            flash(done, "success")
            return redirect(url_for(".sme_page", sme_id=sme_id))
    db.rollback()
    return _sme_page(sme_id, status=422, **{form_name: form})


@bp.route("/consultant/smes/<sme_id>/supports", methods=["POST"])
@consultant_required
def record_session(sme_id: str):
    work.working_with(db.session, current_user, sme_id)
    form = SessionForm()
    return _on_sme(sme_id, form, "session_form", lambda: work.record_session(
        db.session, current_user, sme_id, form.kind.data, form.on.data, form.hours.data,
        form.note.data or ""), _("Đã ghi buổi làm việc."))


@bp.route("/consultant/smes/<sme_id>/assessments", methods=["POST"])
@consultant_required
def run_assessment(sme_id: str):
    work.working_with(db.session, current_user, sme_id)
    form = AssessmentForm()
    form.set_choices(current_lang())
    return _on_sme(sme_id, form, "assessment_form", lambda: work.run_assessment(
        db.session, current_user, sme_id, form.level.data, form.assessed_on.data, form.framework.data or ""),
        _("Đã ghi kết quả đánh giá."))


@bp.route("/consultant/smes/<sme_id>/proposals", methods=["POST"])
@consultant_required
def propose(sme_id: str):
    work.working_with(db.session, current_user, sme_id)
    form = ProposalForm()
    form.listing_id.choices = _listing_choices()
    return _on_sme(sme_id, form, "proposal_form", lambda: work.propose(
        db.session, current_user, sme_id, form.listing_id.data, form.reason.data or ""),
        _("Đã gửi đề xuất sản phẩm cho doanh nghiệp."))
