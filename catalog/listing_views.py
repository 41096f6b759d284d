"""A vendor's listing pages: create, edit, submit for review, withdraw; and the vendor dashboard's list.

Every listing is looked up within the member's own vendor: another vendor's listing is a 404.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from catalog import services
from catalog.lifecycle import allowed_actions, transition
from catalog.listing_forms import ListingForm
from core.access import vendor_required
from core.domain import InvalidTransition, ValidationFailed
from core.extensions import db
from core.i18n import field_messages_of, message_of
from core.ids import new_id

bp = Blueprint("listings", __name__, url_prefix="/vendor/listings")
VENDOR_ACTIONS = ("submit", "withdraw")


def _own_listing(listing_id: str):
    return services.vendor_listing(db.session, current_user.vendor_id, listing_id)


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


def dashboard_section(vendor) -> dict:
    """The vendor dashboard's list of the vendor's listings, each with what the member may do next."""
    actor = services.actor_of(current_user)
    rows = [
        (listing, services.content_of(listing),
         allowed_actions(services.state_of(listing), actor, listing.vendor_id))
        for listing in services.vendor_listings(db.session, vendor.id)
    ]
    return {"rows": rows}


@bp.route("/new", methods=["GET", "POST"])
@vendor_required
def new():
    form = ListingForm()
    if form.validate_on_submit():
        product = form.to_product(new_id("p"), current_user.vendor_id)
        try:
            listing = services.create_listing(db.session, current_user, product)
        except ValidationFailed as exc:
            db.rollback()
            _show_errors(form, exc)
        else:
            flash(_("Đã lưu bản nháp. Hãy gửi thẩm định khi sẵn sàng."), "success")
            return redirect(url_for(".detail", listing_id=listing.id))
    return render_template("catalog/listing_form.html", form=form, listing=None), (
        422 if form.errors else 200
    )


@bp.route("/<listing_id>")
@vendor_required
def detail(listing_id: str):
    found = _own_listing(listing_id)
    page = services.listing_page(db.session, found, services.actor_of(current_user))
    return render_template("catalog/vendor_listing.html", **page)


@bp.route("/<listing_id>/edit", methods=["GET", "POST"])
@vendor_required
def edit(listing_id: str):
    found = _own_listing(listing_id)
    try:
        transition(services.state_of(found), "edit", services.actor_of(current_user), found.vendor_id)
    except InvalidTransition as refused:
        flash(message_of(refused), "warning")
        return redirect(url_for(".detail", listing_id=found.id))
    current = services.content_of(found)
    form = ListingForm(data=ListingForm.data_from(current))
    if form.validate_on_submit():
        product = form.to_product(found.id, found.vendor_id, current.extra)
        try:
            services.edit_listing(db.session, current_user, found, product)
        except (ValidationFailed, InvalidTransition) as exc:
            db.rollback()
            _show_errors(form, exc)
            found = _own_listing(listing_id)
        else:
            flash(_("Đã lưu thay đổi. Gửi thẩm định để cán bộ phê duyệt."), "success")
            return redirect(url_for(".detail", listing_id=found.id))
    return render_template("catalog/listing_form.html", form=form, listing=found), (
        422 if form.errors else 200
    )


@bp.route("/<listing_id>/<action>", methods=["POST"])
@vendor_required
def act(listing_id: str, action: str):
    if action not in VENDOR_ACTIONS:
        return redirect(url_for(".detail", listing_id=listing_id))
    found = _own_listing(listing_id)  # CSRFProtect has checked the token already
    try:
        services.act(db.session, current_user, found, action)
    except (InvalidTransition, ValidationFailed) as exc:
        db.rollback()
        flash(message_of(exc), "danger")
    else:
        flash(_("Đã gửi thẩm định.") if action == "submit" else _("Đã rút sản phẩm khỏi sàn."), "success")
    return redirect(url_for(".detail", listing_id=listing_id))
