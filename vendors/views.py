"""Vendor pages: the dashboard (whose sections the features above contribute), the organisation's
details, the members, the requests to join a vendor (its admin member's page, and the officers'), and
the vetting of the vendor's documents (the vendor's page, the officers' queue and decisions)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accounts.views import log_in, register_page
from core.access import officer_required, roles_required, vendor_required
from core.domain import InvalidTransition, NotFound, ValidationFailed
from core.extensions import db, limiter
from core.forms import PageForm
from core.i18n import current_lang, field_messages_of, message_of
from core.sections import Sections
from core.translation import translate
from vendors import membership
from vendors import services as vendor_services
from vendors import vetting as vendor_vetting
from vendors.forms import (
    AcceptInviteForm,
    MemberForm,
    VendorProfileForm,
    VendorRegistrationForm,
    VettingDecisionForm,
    VettingForm,
)
from vendors.models import Vendor
from vendors.vetting_rules import (
    DECISION_LABELS,
    DECISIONS,
    HISTORY_LABELS,
    SOURCE_LABELS,
    STATUS_LABELS,
    may_resubmit,
)

bp = Blueprint("vendors", __name__, template_folder="templates")
# What the dashboard shows beyond the organisation itself: the listings, leads, contracts...
dashboard_sections = Sections()


@bp.route("/vendor/")
@vendor_required
def dashboard():
    vendor = db.session.get(Vendor, current_user.vendor_id)
    return render_template(
        "vendors/dashboard.html",
        vendor=vendor,
        members=vendor_services.members(db.session, vendor.id),
        vetting=vendor.vetting,
        sections=dashboard_sections.render(vendor=vendor),
    )


@bp.route("/vendor/profile", methods=["GET", "POST"])
@vendor_required
def profile():
    vendor = db.session.get(Vendor, current_user.vendor_id)
    form = VendorProfileForm(obj=vendor)
    if form.validate_on_submit():
        form.apply(vendor)
        flash(_("Đã lưu thông tin nhà cung cấp."), "success")
        return redirect(url_for(".dashboard"))
    return render_template("vendors/profile.html", form=form, vendor=vendor), (422 if form.errors else 200)


@bp.route("/vendor/members", methods=["GET", "POST"])
@vendor_required
def members():
    form = MemberForm()
    if form.validate_on_submit():
        try:
            membership.invite_member(db.session, current_user, email=form.email.data,
                                      full_name=form.full_name.data, lang=current_lang())
        except ValidationFailed as exc:
            db.rollback()
            for name, message in field_messages_of(exc).items():
                getattr(form, name, form.email).errors.append(message)
        else:
            # The same words whether or not the address has an account (its owner is told by mail).
            flash(_("Đã gửi lời mời tới %(email)s. Người được mời tự đặt mật khẩu qua liên kết trong thư "
                    "(hiệu lực %(days)s ngày).", email=form.email.data.strip().lower(),
                    days=membership.INVITE_DAYS), "success")
            return redirect(url_for(".members"))
    admin = vendor_services.is_admin(db.session, current_user)
    return render_template(
        "vendors/members.html",
        form=form,
        members=vendor_services.members(db.session, current_user.vendor_id),
        vendor=db.session.get(Vendor, current_user.vendor_id),
        requests=vendor_services.pending_join_requests(db.session, current_user.vendor_id) if admin else [],
        admin=admin, action_form=PageForm(),
    ), (422 if form.errors else 200)


@bp.route("/vendor/invite/<token>", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def accept_invite(token: str):
    """The mailed invitation: the colleague chooses a password and is logged in as a member."""
    offer = membership.invitation(db.session, token)
    if offer is None:
        return render_template("auth/link_invalid.html"), 404
    form = AcceptInviteForm(data={"full_name": offer["full_name"]})
    if form.validate_on_submit():
        try:
            user = membership.accept(db.session, current_app.extensions["passwords"], offer,
                                      full_name=form.full_name.data, password=form.password.data)
        except ValidationFailed as exc:
            db.rollback()
            for name, message in field_messages_of(exc).items():
                getattr(form, name, form.password).errors.append(message)
        else:
            log_in(user)
            flash(_("Chào mừng bạn đến với %(vendor)s.", vendor=offer["vendor"].name), "success")
            return redirect(url_for(".dashboard"))
    status = 422 if form.errors else 200
    return render_template("vendors/accept_invite.html", form=form, offer=offer), status


@bp.route("/register/vendor", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def register():
    form = VendorRegistrationForm()
    pending = _("Mã số thuế này đã thuộc về một nhà cung cấp trên sàn, nên chưa tạo nhà cung cấp mới: "
                "yêu cầu gia nhập của bạn đã được gửi tới quản trị viên của nhà cung cấp đó và cán bộ Sở. "
                "Bạn đăng nhập được khi yêu cầu được duyệt.")
    return register_page(form, vendor_services.register_vendor, "vendors/register.html", pending=pending,
                         vendor_name=form.vendor_name.data or "", documents=form.documents())


@bp.route("/officer/vendor-join-requests")
@officer_required
def officer_join_requests():
    requests = vendor_services.pending_join_requests(db.session)
    return render_template("vendors/join_requests.html", requests=requests, action_form=PageForm())


@bp.route("/join-requests/<int:request_id>/<decision>", methods=["POST"])
@roles_required("vendor", "officer", "admin")
def decide_join_request(request_id: int, decision: str):
    """The vendor's admin member or an officer approves or refuses a request to join (audited)."""
    back = url_for(".members") if current_user.role == "vendor" else url_for(".officer_join_requests")
    if decision not in ("approve", "refuse"):
        abort(404)
    if not PageForm().validate_on_submit():
        abort(400)
    try:
        request = vendor_services.decide_join_request(db.session, current_user, request_id,
                                                      approve=decision == "approve")
    except (ValidationFailed, InvalidTransition) as exc:
        db.rollback()
        flash(message_of(exc), "danger")
        return redirect(back)
    if request.status == "approved":
        flash(_("Đã duyệt: %(email)s là thành viên của %(vendor)s.", email=request.email,
                vendor=request.vendor.name), "success")
    else:
        flash(_("Đã từ chối yêu cầu gia nhập của %(email)s.", email=request.email), "info")
    return redirect(back)


# -- vetting -------------------------------------------------------------------------------------------


@bp.app_template_global()
def vetting_status_label(status: str | None) -> str:
    """'changes_requested' -> 'Cần bổ sung' in the reader's language."""
    if status is None:
        return _("Chưa nộp hồ sơ")
    return translate(STATUS_LABELS[status], current_lang()) if status in STATUS_LABELS else status


@bp.app_template_global()
def vetting_step_label(action: str) -> str:
    """'vendor.vetting_resubmitted' -> 'Gửi lại hồ sơ' in the reader's language."""
    return translate(HISTORY_LABELS[action], current_lang()) if action in HISTORY_LABELS else action


@bp.app_template_global()
def vetting_refusal(vendor_id: str | None) -> str | None:
    """Why the vendor may not submit a listing yet (in the reader's language), or None."""
    refusal = vendor_vetting.submission_refusal(db.session, vendor_id)
    return translate(refusal, current_lang()) if refusal else None


@bp.route("/vendor/vetting", methods=["GET", "POST"])
@vendor_required
def vetting():
    """The vendor's documents and the officer's decision; corrected and handed in again when the
    officer asked for changes."""
    vendor = db.session.get(Vendor, current_user.vendor_id)
    record = vendor.vetting
    editable = may_resubmit(record.status if record is not None else None)
    form = VettingForm()
    if form.is_submitted() and not editable:
        flash(_("Hồ sơ không ở trạng thái cần bổ sung nên chưa gửi lại được."), "warning")
        return redirect(url_for(".vetting"))
    if form.validate_on_submit():
        try:
            vendor_vetting.resubmit(db.session, current_user, form.documents())
        except ValidationFailed as exc:
            db.rollback()
            for name, message in field_messages_of(exc).items():
                if name in form:
                    form[name].errors.append(message)
            vendor = db.session.get(Vendor, current_user.vendor_id)
            record = vendor.vetting
        else:
            flash(_("Đã gửi lại hồ sơ. Cán bộ Sở sẽ xem xét và thông báo kết quả cho bạn."), "success")
            return redirect(url_for(".vetting"))
    elif not form.is_submitted() and record is not None:
        form.fill_from(record)
    return render_template(
        "vendors/vetting.html", vendor=vendor, record=record, form=form, editable=editable,
        history=vendor_vetting.history(db.session, vendor.id), source_labels=SOURCE_LABELS,
    ), (422 if form.errors else 200)


@bp.route("/officer/vendor-vetting")
@officer_required
def officer_vetting_queue():
    shown = request.args.get("status", "submitted")
    shown = shown if shown in STATUS_LABELS else "submitted"
    return render_template("vendors/vetting_queue.html", shown=shown,
                           counts=vendor_vetting.counts(db.session),
                           records=vendor_vetting.queue(db.session, shown))


def _officer_vetting_page(vendor_id: str, form: VettingDecisionForm, status: int = 200):
    record = vendor_vetting.vetting_of(db.session, vendor_id)
    if record is None:
        abort(404)
    return render_template(
        "vendors/vetting_review.html", record=record, vendor=record.vendor, form=form,
        hints=vendor_vetting.hints(db.session, record), history=vendor_vetting.history(db.session, vendor_id),
        members=vendor_services.members(db.session, vendor_id), decisions=DECISION_LABELS,
        source_labels=SOURCE_LABELS,
    ), status


@bp.route("/officer/vendor-vetting/<vendor_id>")
@officer_required
def officer_vetting(vendor_id: str):
    return _officer_vetting_page(vendor_id, VettingDecisionForm())


@bp.route("/officer/vendor-vetting/<vendor_id>/<decision>", methods=["POST"])
@officer_required
def decide_vetting(vendor_id: str, decision: str):
    """Approve, ask for changes or reject the vendor's documents, with the reason (audited, told to the
    vendor's members)."""
    if decision not in DECISIONS:
        abort(404)
    form = VettingDecisionForm()
    if not form.validate_on_submit():
        return _officer_vetting_page(vendor_id, form, 422)
    try:
        record = vendor_vetting.decide(db.session, current_user, vendor_id, decision, form.reason.data)
    except NotFound:
        db.rollback()
        abort(404)
    except ValidationFailed as exc:
        db.rollback()
        form.reason.errors.append(message_of(exc))
        return _officer_vetting_page(vendor_id, form, 422)
    except InvalidTransition as exc:
        db.rollback()
        flash(message_of(exc), "danger")
        return redirect(url_for(".officer_vetting", vendor_id=vendor_id))
    flash(_("%(decision)s: %(vendor)s.", decision=translate(DECISION_LABELS[decision], current_lang()),
            vendor=record.vendor.name), "success")
    return redirect(url_for(".officer_vetting_queue"))
