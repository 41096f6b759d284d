"""Review pages (thin: parse, call reviews.services): the SME writes and edits, the vendor replies,
readers report and vote, officers moderate; and the parts of other pages (product, vendor, the two
dashboards) that the shell adds as sections."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from catalog.terms import field_text
from core.access import officer_required, sme_required, vendor_required
from core.db import utcnow
from core.domain import Conflict, Forbidden, InvalidTransition, ValidationFailed
from core.extensions import db
from core.i18n import current_lang, field_messages_of
from core.refusals import form_refused, refused
from core.translation import translate
from reviews import rules, services
from reviews.forms import DecisionForm, ReplyForm, ReportForm, ReviewForm
from reviews.models import ASPECT_COLUMNS

bp = Blueprint("reviews", __name__, template_folder="templates")
REFUSED = (ValidationFailed, InvalidTransition, Conflict, Forbidden)


@bp.app_template_global("review_label")
def review_label(kind: str, code: str | None) -> str:
    """A review's status, aspect or reason in the reader's language."""
    table = {"status": rules.STATUS_LABELS, "aspect": rules.ASPECTS, "reason": rules.REPORT_REASONS}[kind]
    return translate(table[code], current_lang()) if code in table else (code or "")


def _input(form: ReviewForm) -> services.ReviewInput:
    return services.ReviewInput(
        rating=form.rating.data,
        title=form.title.data or "",
        body=form.body.data or "",
        work_change=form.work_change.data or "",
        aspects={name: getattr(form, name).data for name in ASPECT_COLUMNS},
    )


def _form_page(form: ReviewForm, contract, review=None, status: int = 200):
    return render_template(
        "reviews/form.html",
        form=form,
        contract=contract,
        review=review,
        pricing=field_text("pricing_type", contract.pricing_type),
    ), status


def _apply_errors(form: ReviewForm, exc: ValidationFailed) -> None:
    for name, text in field_messages_of(exc).items():
        if hasattr(form, name):
            getattr(form, name).errors = [*getattr(form, name).errors, text]


# -- the SME ------------------------------------------------------------------------------------------


@bp.route("/reviews/new/<contract_id>", methods=["GET", "POST"])
@sme_required
def write(contract_id: str):
    contract = services.sme_contract(db.session, current_user, contract_id)
    if why := services.refusal(db.session, contract, services.vn_today()):
        flash(translate(why[0], current_lang(), **why[1]), "danger")
        return redirect(url_for("smes.dashboard") + "#reviews")
    form = ReviewForm()
    if not form.validate_on_submit():
        return _form_page(form, contract, status=422 if form.errors else 200)
    try:
        services.submit(db.session, current_user, contract_id, _input(form))
    except ValidationFailed as exc:
        db.rollback()
        _apply_errors(form, exc)
        return _form_page(form, services.sme_contract(db.session, current_user, contract_id), status=422)
    except REFUSED as exc:
        return refused(exc, url_for("smes.dashboard") + "#reviews")
    flash(_("Đã gửi đánh giá; đánh giá hiện trên trang sản phẩm sau khi cán bộ kiểm duyệt."), "success")
    return redirect(url_for("smes.dashboard") + "#reviews")


@bp.route("/reviews/<int:review_id>/edit", methods=["GET", "POST"])
@sme_required
def edit(review_id: int):
    review = services.own_review(db.session, current_user, review_id)
    if request.method == "GET":
        form = ReviewForm(obj=review)
        return _form_page(form, review.contract, review)
    form = ReviewForm()
    if not form.validate_on_submit():
        return _form_page(form, review.contract, review, 422)
    try:
        services.edit(db.session, current_user, review_id, _input(form))
    except ValidationFailed as exc:
        db.rollback()
        _apply_errors(form, exc)
        review = services.own_review(db.session, current_user, review_id)
        return _form_page(form, review.contract, review, 422)
    except REFUSED as exc:
        return refused(exc, url_for("smes.dashboard") + "#reviews")
    flash(_("Đã lưu đánh giá; đánh giá được kiểm duyệt lại trước khi hiện."), "success")
    return redirect(url_for("smes.dashboard") + "#reviews")


# -- the vendor -----------------------------------------------------------------------------------------


@bp.route("/vendor/reviews")
@vendor_required
def vendor_reviews():
    return render_template(
        "reviews/vendor_reviews.html",
        reviews=services.vendor_reviews(db.session, current_user),
        form=ReplyForm(formdata=None),
    )


@bp.route("/reviews/<int:review_id>/reply", methods=["POST"])
@vendor_required
def reply(review_id: int):
    form = ReplyForm()
    back = url_for(".vendor_reviews") + f"#review-{review_id}"
    if not form.validate_on_submit():
        return form_refused(form, back)
    try:
        services.reply(db.session, current_user, review_id, form.reply.data)
    except REFUSED as exc:
        return refused(exc, back)
    flash(_("Đã đăng câu trả lời."), "success")
    return redirect(back)


# -- readers ----------------------------------------------------------------------------------------------


def _product_page(review_id: int) -> str:
    review = services.get_review(db.session, review_id)
    return url_for("catalog.product", listing_id=review.listing_id) + f"#review-{review_id}"


@bp.route("/reviews/<int:review_id>/report", methods=["POST"])
@login_required
def report(review_id: int):
    form = ReportForm()
    back = _product_page(review_id)
    if not form.validate_on_submit():
        return form_refused(form, back)
    try:
        services.report(db.session, current_user, review_id, form.reason.data, form.note.data)
    except REFUSED as exc:
        return refused(exc, back)
    flash(_("Đã gửi báo cáo; cán bộ sẽ xem xét đánh giá này."), "success")
    return redirect(back)


@bp.route("/reviews/<int:review_id>/helpful", methods=["POST"])
@login_required
def helpful(review_id: int):
    back = _product_page(review_id)
    try:
        counted = services.vote_helpful(db.session, current_user, review_id)
    except REFUSED as exc:
        return refused(exc, back)
    flash(_("Cảm ơn bạn đã bình chọn.") if counted else _("Bạn đã bình chọn cho đánh giá này."), "success")
    return redirect(back)


# -- officers -----------------------------------------------------------------------------------------------


@bp.route("/officer/reviews")
@officer_required
def moderation():
    return render_template(
        "reviews/moderation.html",
        pending=services.queue(db.session),
        reports=services.open_reports(db.session),
        form=DecisionForm(formdata=None),
    )


@bp.route("/officer/reviews/<int:review_id>/<action>", methods=["POST"])
@officer_required
def decide(review_id: int, action: str):
    if action not in ("approve", "reject"):
        abort(404)
    form = DecisionForm()
    back = url_for(".moderation") + f"#review-{review_id}"
    if not form.validate_on_submit():
        return form_refused(form, back)
    try:
        if action == "approve":
            services.approve(db.session, current_user, review_id, form.note.data)
        else:
            services.reject(db.session, current_user, review_id, form.reason.data or None, form.note.data)
    except REFUSED as exc:
        return refused(exc, back)
    flash(_("Đã đăng đánh giá.") if action == "approve" else _("Đã từ chối đánh giá."), "success")
    return redirect(url_for(".moderation"))


@bp.route("/officer/reviews/reports/<int:report_id>/<action>", methods=["POST"])
@officer_required
def decide_report(report_id: int, action: str):
    if action not in ("uphold", "dismiss"):
        abort(404)
    form = DecisionForm()
    back = url_for(".moderation") + f"#report-{report_id}"
    if not form.validate_on_submit():
        return form_refused(form, back)
    try:
        services.decide_report(db.session, current_user, report_id, action == "uphold", form.note.data)
    except REFUSED as exc:
        return refused(exc, back)
    flash(_("Đã gỡ đánh giá.") if action == "uphold" else _("Đã giữ đánh giá."), "success")
    return redirect(url_for(".moderation"))


# -- sections of other pages ----------------------------------------------------------------------------


def _sort() -> str:
    sort = request.args.get("reviews", "newest")
    return sort if sort in services.SORTS else "newest"


def product_section(product, **_page) -> dict:
    return {
        "summary": services.summary(db.session, [product.id]),
        "reviews": services.published(db.session, [product.id], _sort()),
        "sort": _sort(),
        "anchor_args": {"listing_id": product.id},
        "endpoint": "catalog.product",
        "report_form": ReportForm(formdata=None),
        "show_product": False,
        "product_names": {},
    }


def vendor_section(vendor, products, **_page) -> dict:
    listing_ids = [p.id for p in products]
    return {
        "product_names": {p.id: p.name for p in products},
        "summary": services.summary(db.session, listing_ids),
        "reviews": services.published(db.session, listing_ids, _sort(), limit=20),
        "sort": _sort(),
        "anchor_args": {"vendor_id": vendor.id},
        "endpoint": "catalog.vendor",
        "report_form": ReportForm(formdata=None),
        "show_product": True,
    }


def sme_section(sme, **_page) -> dict:
    lang = current_lang()
    reviewable = [
        (contract, translate(why[0], lang, **why[1]) if why else None)
        for contract, why in services.reviewable(db.session, current_user, services.vn_today())
    ]
    return {
        "reviewable": reviewable,
        "mine": services.own_reviews(db.session, current_user),
        "now": utcnow(),
        "editable": rules.editable,
    }


def vendor_dashboard_section(vendor, **_page) -> dict:
    reviews = services.vendor_reviews(db.session, current_user)
    return {"awaiting_reply": sum(1 for r in reviews if r.reply is None), "published": len(reviews)}
