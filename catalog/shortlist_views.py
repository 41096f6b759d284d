"""The shortlist and side-by-side comparison pages. Anyone may save products: an SME's shortlist is kept
with its account, anyone else's in their session (which a login starts afresh)."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from catalog import queries, shortlist
from core.domain import N_, ValidationFailed
from core.extensions import db
from core.i18n import message_of
from core.navigation import safe_next

bp = Blueprint("shortlist", __name__, template_folder="templates")
SESSION_KEY = "shortlist"


def _sme_id() -> str | None:
    return current_user.sme_id if current_user.is_authenticated and current_user.role == "sme" else None


def saved_ids() -> list[str]:
    """The reader's saved listing ids, oldest first; looked up once per request (every product card
    asks). Cached on the request, not on `g`: an app context can outlive a request."""
    cached = request.environ.get("marketplace.shortlist")
    if cached is not None:
        return cached
    sme_id = _sme_id()
    ids = list(session.get(SESSION_KEY, [])) if sme_id is None else shortlist.saved_ids(db.session, sme_id)
    request.environ["marketplace.shortlist"] = ids
    return ids


@bp.app_template_global()
def shortlisted() -> set[str]:
    return set(saved_ids())


def _change(listing_id: str, keep: bool):
    ids, sme_id = saved_ids(), _sme_id()
    if sme_id is not None:
        (shortlist.save if keep else shortlist.remove)(db.session, sme_id, listing_id)
    elif keep:
        shortlist.check_can_save(db.session, listing_id, ids)
    if keep:
        ids = ids if listing_id in ids else [*ids, listing_id]
    else:
        ids = [i for i in ids if i != listing_id]
    if sme_id is None:
        session[SESSION_KEY] = ids
    request.environ["marketplace.shortlist"] = ids
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"saved": keep, "count": len(ids)})
    flash(_("Đã lưu vào danh sách so sánh.") if keep else _("Đã bỏ khỏi danh sách đã lưu."), "success")
    return redirect(safe_next(request.form.get("next")) or url_for(".index"))


@bp.route("/shortlist")
def index():
    ids = saved_ids()
    found = {p.id: p for p in queries.public_products(db.session, ids)}
    products = [found[i] for i in ids if i in found]
    return render_template(
        "catalog/shortlist.html",
        products=products,
        gone=len(ids) - len(products),
        vendors=queries.vendor_names(db.session, {p.vendor_id for p in products}),
        official=queries.official_listing_ids(db.session),
        limits=(shortlist.COMPARE_MIN, shortlist.COMPARE_MAX),
    )


@bp.route("/shortlist/<listing_id>", methods=["POST"])
def save(listing_id: str):
    return _change(listing_id, True)


@bp.route("/shortlist/<listing_id>/remove", methods=["POST"])
def remove(listing_id: str):
    return _change(listing_id, False)


@bp.route("/compare")
def compare():
    try:
        ids = shortlist.compare_choice(request.args.getlist("ids"))
        found = {p.id: p for p in queries.public_products(db.session, ids)}
        missing = [i for i in ids if i not in found]
        if missing:
            raise ValidationFailed(N_("Không tìm thấy sản phẩm: %(ids)s."), ids=", ".join(missing))
    except ValidationFailed as exc:
        return render_template("catalog/compare.html", problem=message_of(exc), products=[]), 400
    products = [found[i] for i in ids]
    return render_template(
        "catalog/compare.html",
        problem=None,
        products=products,
        vendors=queries.vendor_names(db.session, {p.vendor_id for p in products}),
        official=queries.official_listing_ids(db.session),
        edition=queries.current_edition(db.session),
    )
