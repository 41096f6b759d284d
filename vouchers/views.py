"""Programme and voucher pages (thin: parse, call vouchers.services / disbursement, commit once).

Officers: programmes (create, publish, close, the budget dashboard and its disbursements), the queue of
applications, revocation. SMEs: apply from a product page or the dashboard, their vouchers (code and QR
code, printable). Anyone: a published programme's rules in plain Vietnamese.
"""

from __future__ import annotations

import segno
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from core.access import officer_required, sme_required
from core.db import utcnow
from core.domain import DomainError, NotFound
from core.extensions import db
from core.formatting import to_vn
from core.forms import vocab_choices
from core.i18n import current_lang
from core.refusals import form_refused, refused, refused_in_place
from core.translation import translate
from core.vocab import CATEGORIES, PRICING_TYPES, label
from smes.models import Sme
from vouchers import budget, disbursement, reports, rules, services
from vouchers.forms import ApplyForm, ProgrammeForm, ReasonForm
from vouchers.models import DisbursementBatch, Voucher

bp = Blueprint("vouchers", __name__, template_folder="templates")


def _today():
    return to_vn(utcnow()).date()


def _texts(pairs, lang: str) -> list[str]:
    return [
        translate(t, lang, **{k: translate(v.text, lang) if hasattr(v, "text") else v for k, v in p.items()})
        for t, p in pairs
    ]


# -- public ----------------------------------------------------------------------------------------------


@bp.route("/programmes/<programme_id>")
def programme_page(programme_id: str):
    programme = services.get_programme(db.session, programme_id)
    if programme.status == "draft" and not (current_user.is_authenticated and current_user.is_officer):
        abort(404)
    return render_template(
        "vouchers/programme.html",
        programme=programme,
        rules_text=_texts(services.plain_rules(programme), current_lang()),
        categories=[label(CATEGORIES, c, current_lang()) for c in programme.categories if c != rules.ANY],
    )


# -- the SME ---------------------------------------------------------------------------------------------


def _apply_choices(form: ApplyForm, product_id: str) -> None:
    lang = current_lang()
    form.programme_id.choices = [(p.id, p.name) for p in services.open_programmes(db.session, _today())]
    try:
        product = services.product_choice(db.session, product_id)
    except NotFound:
        abort(404)
    form.product_id.choices = [(product.listing_id, product.name)]
    form.pricing_type.choices = [(p.type, label(PRICING_TYPES, p.type, lang)) for p in product.pricing_models]


@bp.route("/vouchers/apply/<product_id>", methods=["GET", "POST"])
@sme_required
def apply(product_id: str):
    form = ApplyForm()
    _apply_choices(form, product_id)
    if form.validate_on_submit():
        try:
            application = services.apply(
                db.session,
                current_user,
                form.programme_id.data,
                form.product_id.data,
                form.pricing_type.data,
                form.value_vnd.data,
                form.months.data,
                _today(),
            )
        except DomainError as exc:
            refused_in_place(exc, form)
        else:
            flash(
                _(
                    "Đã gửi đề nghị; cán bộ sẽ xét duyệt. Số tiền hỗ trợ dự kiến: %(amount)s.",
                    amount=rules.vnd_text(application.requested_vnd),
                ),
                "success",
            )
            return redirect(url_for(".mine"))
    elif request.method == "POST":
        db.rollback()
    return render_template(
        "vouchers/apply.html",
        form=form,
        product_id=product_id,
        programmes=services.open_programmes(db.session, _today()),
    )


@bp.route("/vouchers/")
@sme_required
def mine():
    lang = current_lang()
    applications = services.applications_of(db.session, current_user.sme_id)
    return render_template(
        "vouchers/mine.html",
        vouchers=services.vouchers_of(db.session, current_user.sme_id),
        applications=applications,
        names=_names(applications),
        lang=lang,
        findings=_findings,
        pricing_label=lambda p: label(PRICING_TYPES, p.get("type"), lang),
    )


def _names(rows) -> dict[str, str]:
    return {
        row.product_id: services.product_name(db.session, row.product_id) for row in rows if row.product_id
    }


def _findings(application, lang: str) -> list[tuple[bool, str]]:
    return [(f.ok, f.text(lang)) for f in map(rules.Finding.from_json, application.findings)]


@bp.route("/vouchers/<voucher_id>")
@sme_required
def voucher(voucher_id: str):
    found = db.session.get(Voucher, voucher_id)
    if found is None or found.sme_id != current_user.sme_id:
        abort(404)
    qr = Markup(segno.make(found.code, error="m").svg_inline(scale=5, title=found.code))
    return render_template(
        "vouchers/voucher.html",
        voucher=found,
        qr=qr,
        product=services.product_name(db.session, found.product_id),
    )


def dashboard_section(sme: Sme) -> dict:
    """The SME dashboard's part: its vouchers and the open programmes (smes.dashboard_sections)."""
    return {
        "vouchers": services.vouchers_of(db.session, sme.id)[:5],
        "programmes": services.open_programmes(db.session, _today()),
    }


def product_section(product) -> dict:
    """The product page's part: apply for a voucher while a programme is open (catalog.product_sections)."""
    return {"product": product, "programmes": services.open_programmes(db.session, _today())}


# -- officers --------------------------------------------------------------------------------------------


@bp.route("/officer/programmes/")
@officer_required
def programmes():
    shown = services.programmes(db.session)
    return render_template(
        "vouchers/programmes.html",
        programmes=shown,
        views={p.id: budget.view(db.session, p, _today()) for p in shown},
        pending=len(services.queue(db.session)),
    )


@bp.route("/officer/programmes/new", methods=["GET", "POST"])
@officer_required
def new_programme():
    form = ProgrammeForm()
    form.categories.choices = vocab_choices(CATEGORIES, current_lang())
    if form.validate_on_submit():
        data = services.ProgrammeInput(
            name=form.name.data,
            opens_on=form.opens_on.data,
            closes_on=form.closes_on.data,
            budget_vnd=form.budget_vnd.data,
            province=form.province.data,
            max_share_pct=form.max_share_pct.data,
            caps_vnd={
                "micro": form.cap_micro.data,
                "small": form.cap_small.data,
                "medium": form.cap_medium.data,
            },
            categories=tuple(form.categories.data or ()),
        )
        try:
            programme = services.create_programme(db.session, current_user, data)
        except DomainError as exc:
            refused_in_place(exc, form)
        else:
            flash(_("Đã tạo chương trình; xem lại rồi công bố."), "success")
            return redirect(url_for(".programme", programme_id=programme.id))
    elif request.method == "POST":
        db.rollback()
    return render_template("vouchers/programme_form.html", form=form)


@bp.route("/officer/programmes/<programme_id>")
@officer_required
def programme(programme_id: str):
    shown = services.get_programme(db.session, programme_id)
    today = _today()
    return render_template(
        "vouchers/programme_dashboard.html",
        programme=shown,
        view=budget.view(db.session, shown, today),
        rules_text=_texts(services.plain_rules(shown), current_lang()),
        ready=disbursement.ready(db.session, shown.id, today),
        due_vnd=budget.payable_due_vnd(db.session, shown.id),
        batches=disbursement.batches(db.session, shown.id),
        vouchers=services.vouchers_of_programme(db.session, shown.id),
        form=ReasonForm(formdata=None),
    )


@bp.route("/officer/programmes/<programme_id>/<action>", methods=["POST"])
@officer_required
def programme_action(programme_id: str, action: str):
    steps = {"publish": services.publish_programme, "close": services.close_programme}
    if action not in (*steps, "settle"):
        abort(404)
    form = ReasonForm()
    if not form.validate_on_submit():
        db.rollback()
        flash(_("Yêu cầu không hợp lệ; hãy thử lại."), "danger")
        return redirect(url_for(".programme", programme_id=programme_id))
    try:
        if action == "settle":
            batch = disbursement.settle(db.session, current_user, programme_id, _today())
        else:
            steps[action](db.session, current_user, programme_id)
    except DomainError as exc:
        return refused(exc, url_for(".programme", programme_id=programme_id))
    messages = {"publish": _("Đã công bố chương trình."), "close": _("Đã đóng chương trình.")}
    flash(
        messages[action]
        if action in messages
        else _("Đã lập đợt chi trả %(n)s: %(total)s.", n=batch.id, total=rules.vnd_text(batch.total_vnd)),
        "success",
    )
    return redirect(url_for(".programme", programme_id=programme_id))


@bp.route("/officer/disbursements/<int:batch_id>.xlsx")
@officer_required
def batch_file(batch_id: int):
    batch = db.session.get(DisbursementBatch, batch_id)
    if batch is None:
        abort(404)
    return Response(
        disbursement.workbook(batch, current_lang()),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f"attachment; filename=chi-tra-{batch.id}.xlsx"},
    )


@bp.route("/officer/vouchers/applications")
@officer_required
def queue():
    lang = current_lang()
    applications = services.queue(db.session)
    return render_template(
        "vouchers/queue.html",
        applications=applications,
        names=_names(applications),
        findings=_findings,
        lang=lang,
        form=ReasonForm(formdata=None),
        pricing_label=lambda p: label(PRICING_TYPES, p.get("type"), lang),
    )


@bp.route("/officer/vouchers/applications/<int:application_id>/<action>", methods=["POST"])
@officer_required
def decide(application_id: int, action: str):
    if action not in ("approve", "reject"):
        abort(404)
    form = ReasonForm()
    back = url_for(".queue")
    if not form.validate_on_submit():
        return form_refused(form, back)
    try:
        if action == "approve":
            issued = services.approve(db.session, current_user, application_id, form.reason.data, _today())
        else:
            services.reject(db.session, current_user, application_id, form.reason.data)
    except DomainError as exc:
        return refused(exc, back)
    flash(
        _("Đã cấp phiếu %(code)s: %(amount)s.", code=issued.code, amount=rules.vnd_text(issued.amount_vnd))
        if action == "approve"
        else _("Đã từ chối đề nghị."),
        "success",
    )
    return redirect(back)


@bp.route("/officer/vouchers/<voucher_id>/revoke", methods=["POST"])
@officer_required
def revoke(voucher_id: str):
    form = ReasonForm()
    found = db.session.scalar(select(Voucher.programme_id).where(Voucher.id == voucher_id))
    if found is None:
        abort(404)
    back = url_for(".programme", programme_id=found)
    if not form.validate_on_submit():
        db.rollback()
        flash(_("Yêu cầu không hợp lệ; hãy thử lại."), "danger")
        return redirect(back)
    try:
        services.revoke(db.session, current_user, voucher_id, form.reason.data)
    except DomainError as exc:
        return refused(exc, back)
    flash(_("Đã thu hồi phiếu."), "success")
    return redirect(back)


@bp.route("/officer/vouchers/report.<kind>")
@officer_required
def report(kind: str):
    if kind not in ("xlsx", "csv"):
        abort(404)
    by = request.args.get("by", "programme")
    if by not in reports.DIMENSIONS:
        by = "programme"
    lang = current_lang()
    if kind == "xlsx":
        return Response(
            reports.xlsx(db.session, by, lang),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f"attachment; filename=phieu-ho-tro-{by}.xlsx"},
        )
    return Response(
        reports.csv(db.session, by, lang),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=phieu-ho-tro-{by}.csv"},
    )
