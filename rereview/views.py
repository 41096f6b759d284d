"""Re-review pages (thin: parse, call rereview.services): the vendor's approvals and filing, the
officers' queue and decisions, the programmes' criteria; the vendor dashboard's section."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.access import officer_required, vendor_required
from core.domain import InvalidTransition, ValidationFailed
from core.extensions import db
from core.i18n import current_lang, field_messages_of
from core.refusals import form_refused, refused
from core.translation import translate
from rereview import rules, services
from rereview.forms import CriteriaForm, DecisionForm, FileForm

bp = Blueprint("rereview", __name__, template_folder="templates")
REFUSED = (ValidationFailed, InvalidTransition)


@bp.app_template_global("rereview_status")
def rereview_status(code: str) -> str:
    return translate(rules.STATUS_LABELS[code], current_lang()) if code in rules.STATUS_LABELS else code


def checks_shown(criteria: rules.Criteria, evidence: rules.Evidence) -> list[tuple[bool, str]]:
    lang = current_lang()
    return [(c.met, translate(c.text, lang, **c.values)) for c in rules.checks(criteria, evidence)]


@bp.route("/vendor/rereview")
@vendor_required
def vendor_page():
    today = services.vn_today()
    rows = services.vendor_rows(db.session, current_user.vendor_id, today)
    previews = {
        row.listing.id: checks_shown(
            services.criteria_for(db.session, row.approval.programme),
            services.evidence(db.session, row.listing.id, row.approval.approved_on),
        )
        for row in rows
        if row.in_window and row.waiting is None
    }
    return render_template(
        "rereview/vendor.html",
        rows=rows,
        previews=previews,
        today=today,
        criteria=services.criteria_for(db.session),
        form=FileForm(formdata=None),
        window_opens=rules.window_opens,
    )


@bp.route("/vendor/rereview/<listing_id>", methods=["POST"])
@vendor_required
def file(listing_id: str):
    back = url_for(".vendor_page") + f"#listing-{listing_id}"
    form = FileForm()
    if not form.validate_on_submit():
        return form_refused(form, back)
    try:
        services.file(db.session, current_user, listing_id, form.note.data)
    except REFUSED as exc:
        return refused(exc, back)
    flash(_("Đã nộp hồ sơ tái thẩm định; cán bộ sẽ xem xét."), "success")
    return redirect(back)


@bp.route("/officer/rereview")
@officer_required
def officer_page():
    today = services.vn_today()
    items = [(item, rules.Evidence.from_json(item.evidence)) for item in services.queue(db.session)]
    return render_template(
        "rereview/officer.html",
        today=today,
        form=DecisionForm(formdata=None),
        items=[
            (
                item,
                found,
                checks_shown(
                    services.criteria_for(
                        db.session, services.approval_of(db.session, item.listing_id).programme
                    ),
                    found,
                ),
            )
            for item, found in items
        ],
        expired=services.expired(db.session, today),
    )


@bp.route("/officer/rereview/<int:rereview_id>/<action>", methods=["POST"])
@officer_required
def decide(rereview_id: int, action: str):
    if action not in ("renew", "request_changes", "lapse"):
        abort(404)
    back = url_for(".officer_page") + f"#rereview-{rereview_id}"
    form = DecisionForm()
    if not form.validate_on_submit():
        return form_refused(form, back)
    try:
        item = services.decide(db.session, current_user, rereview_id, action, form.note.data)
    except REFUSED as exc:
        return refused(exc, back)
    messages = {
        "renewed": _("Đã gia hạn phê duyệt."),
        "changes_requested": _("Đã yêu cầu nhà cung cấp bổ sung."),
        "lapsed": _("Đã để hết hạn; sản phẩm tạm ngừng và rời ấn bản danh mục tiếp theo."),
    }
    flash(messages[item.status], "success")
    return redirect(url_for(".officer_page"))


@bp.route("/officer/rereview/expired/<listing_id>/lapse", methods=["POST"])
@officer_required
def lapse(listing_id: str):
    back = url_for(".officer_page") + f"#expired-{listing_id}"
    form = DecisionForm()
    if not form.validate_on_submit():
        return form_refused(form, back)
    try:
        services.lapse_expired(db.session, current_user, listing_id, form.note.data)
    except REFUSED as exc:
        return refused(exc, back)
    flash(_("Đã để hết hạn; sản phẩm tạm ngừng và rời ấn bản danh mục tiếp theo."), "success")
    return redirect(url_for(".officer_page"))


@bp.route("/officer/rereview/criteria", methods=["GET", "POST"])
@officer_required
def criteria():
    form = CriteriaForm()
    if form.validate_on_submit():
        values = rules.Criteria(
            form.min_customers.data,
            form.min_rating.data,
            form.no_unresolved_complaints.data,
            form.approval_days.data,
        )
        try:
            services.save_criteria(db.session, current_user, form.programme.data.strip(), values)
        except ValidationFailed as exc:
            db.rollback()
            for name, text in field_messages_of(exc).items():
                getattr(form, name).errors = [*getattr(form, name).errors, text]
        else:
            flash(_("Đã lưu tiêu chí."), "success")
            return redirect(url_for(".criteria"))
    elif not form.is_submitted():
        default = services.criteria_for(db.session)
        form.programme.data = rules.DEFAULT_PROGRAMME
        form.min_customers.data, form.min_rating.data = default.min_customers, default.min_rating
        form.no_unresolved_complaints.data, form.approval_days.data = (
            default.no_unresolved_complaints,
            default.approval_days,
        )
    return render_template("rereview/criteria.html", form=form, rows=services.all_criteria(db.session)), (
        422 if form.errors else 200
    )


def vendor_section(vendor, **_page) -> dict:
    today = services.vn_today()
    return {"due": [row for row in services.vendor_rows(db.session, vendor.id, today) if row.in_window]}
