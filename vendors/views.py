"""Vendor pages: dashboard, listing forms, submitting and withdrawing, members.

Every listing is looked up within the member's own vendor: another vendor's listing is a 404.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from catalog import services
from catalog.lifecycle import allowed_actions, transition
from marketplace.auth.access import vendor_required
from marketplace.auth.accounts import new_id
from marketplace.domain import InvalidTransition, ValidationFailed
from marketplace.errors import field_messages_of, message_of
from marketplace.extensions import db
from vendors import services as vendor_services
from vendors.forms import ListingForm, MemberForm
from vendors.models import Vendor

bp = Blueprint("vendors", __name__, url_prefix="/vendor")
VENDOR_ACTIONS = ("submit", "withdraw")


def _own_listing(listing_id: str):
    return services.vendor_listing(db.session, current_user.vendor_id, listing_id)


def _refresh_search(listing_id: str) -> None:
    current_app.extensions["search"].refresh(db.session, [listing_id])


def _show_errors(form: ListingForm, exc: ValidationFailed) -> None:
    """Put service errors (keyed by interchange field) on the form's fields."""
    for name, message in field_messages_of(exc).items():
        target = getattr(form, name.split("[")[0].split(".")[0], None)
        if target is not None and hasattr(target, "errors") and isinstance(target.errors, list):
            target.errors.append(message)
        else:
            flash(message, "danger")
    if not exc.fields:
        flash(message_of(exc), "danger")


@bp.route("/")
@vendor_required
def dashboard():
    listings = services.vendor_listings(db.session, current_user.vendor_id)
    actor = services.actor_of(current_user)
    rows = [
        (
            listing,
            services.content_of(listing),
            allowed_actions(services.state_of(listing), actor, listing.vendor_id),
        )
        for listing in listings
    ]
    return render_template(
        "vendors/dashboard.html",
        rows=rows,
        vendor=db.session.get(Vendor, current_user.vendor_id),
        members=vendor_services.members(db.session, current_user.vendor_id),
    )


@bp.route("/listings/new", methods=["GET", "POST"])
@vendor_required
def new_listing():
    form = ListingForm()
    if form.validate_on_submit():
        product = form.to_product(new_id("p"), current_user.vendor_id)
        try:
            listing = services.create_listing(db.session, current_user, product)
        except ValidationFailed as exc:
            db.session.rollback()
            _show_errors(form, exc)
        else:
            db.session.commit()
            _refresh_search(listing.id)  # the vendor searches its own drafts
            flash(_("Đã lưu bản nháp. Hãy gửi thẩm định khi sẵn sàng."), "success")
            return redirect(url_for(".listing", listing_id=listing.id))
    return render_template("vendors/listing_form.html", form=form, listing=None), (
        422 if form.errors else 200
    )


@bp.route("/listings/<listing_id>")
@vendor_required
def listing(listing_id: str):
    found = _own_listing(listing_id)
    return render_template(
        "vendors/listing.html", **services.listing_page(db.session, found, services.actor_of(current_user))
    )


@bp.route("/listings/<listing_id>/edit", methods=["GET", "POST"])
@vendor_required
def edit_listing(listing_id: str):
    found = _own_listing(listing_id)
    try:
        transition(services.state_of(found), "edit", services.actor_of(current_user), found.vendor_id)
    except InvalidTransition as refused:
        flash(message_of(refused), "warning")
        return redirect(url_for(".listing", listing_id=found.id))
    current = services.content_of(found)
    form = ListingForm(data=ListingForm.data_from(current))
    if form.validate_on_submit():
        product = form.to_product(found.id, found.vendor_id, current.extra)
        try:
            services.edit_listing(db.session, current_user, found, product)
        except (ValidationFailed, InvalidTransition) as exc:
            db.session.rollback()
            _show_errors(form, exc)
            found = _own_listing(listing_id)
        else:
            db.session.commit()
            _refresh_search(found.id)
            flash(_("Đã lưu thay đổi. Gửi thẩm định để cán bộ phê duyệt."), "success")
            return redirect(url_for(".listing", listing_id=found.id))
    return render_template("vendors/listing_form.html", form=form, listing=found), (
        422 if form.errors else 200
    )


@bp.route("/listings/<listing_id>/<action>", methods=["POST"])
@vendor_required
def act(listing_id: str, action: str):
    if action not in VENDOR_ACTIONS:
        return redirect(url_for(".listing", listing_id=listing_id))
    found = _own_listing(listing_id)  # CSRFProtect has checked the token already
    try:
        services.act(db.session, current_user, found, action)
    except (InvalidTransition, ValidationFailed) as exc:
        db.session.rollback()
        flash(message_of(exc), "danger")
    else:
        db.session.commit()
        _refresh_search(listing_id)
        flash(_("Đã gửi thẩm định.") if action == "submit" else _("Đã rút sản phẩm khỏi sàn."), "success")
    return redirect(url_for(".listing", listing_id=listing_id))


@bp.route("/members", methods=["GET", "POST"])
@vendor_required
def members():
    form = MemberForm()
    if form.validate_on_submit():
        try:
            user = vendor_services.add_member(
                db.session,
                current_app.extensions["passwords"],
                current_user,
                email=form.email.data,
                password=form.password.data,
                full_name=form.full_name.data,
            )
        except ValidationFailed as exc:
            db.session.rollback()
            for name, message in field_messages_of(exc).items():
                getattr(form, name, form.email).errors.append(message)
        else:
            db.session.commit()
            flash(_("Đã thêm thành viên %(email)s.", email=user.email), "success")
            return redirect(url_for(".members"))
    return render_template(
        "vendors/members.html",
        form=form,
        members=vendor_services.members(db.session, current_user.vendor_id),
        vendor=db.session.get(Vendor, current_user.vendor_id),
    ), (422 if form.errors else 200)
