"""Catalog JSON API: the current edition (JSON, CSV, XLSX), public listings, and a vendor's own listings.

Vendor endpoints look listings up within the caller's vendor: another vendor's listing is a 404.
Unknown keys: a vendor's PRODUCT with a key the format does not have is refused (422 naming it), and
listings are served with the format's fields only. Unknown fields of an imported interchange file are
kept with the revision (as the format asks) and written back only in interchange documents (the edition
download, `marketplace export`), never shown as the listing's own here or on its pages.
"""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from catalog import queries, services
from catalog.exporter import edition_document, edition_meta
from catalog.product import Product
from catalog.views import EXPORT_TYPES, export_response
from core.access import vendor_required
from core.api import bp, error, json_body
from core.domain import N_, ValidationFailed
from core.extensions import db
from core.ids import new_id
from core.pagecache import cached
from interchange.format import product_problems


@bp.get("/catalog")
@cached
def catalog():
    """The current edition (or ?edition=N) as interchange JSON, or ?format=csv|xlsx."""
    kind = request.args.get("format", "json")
    if kind not in EXPORT_TYPES:
        return error(400, "bad_format", _("Định dạng phải là json, csv hoặc xlsx."), {"format": kind})
    number = request.args.get("edition")
    if number is not None:
        if not (number.isascii() and number.isdigit()):  # not "²", which passes isdigit() alone
            return error(400, "bad_edition", _("Số ấn bản phải là số nguyên dương."), {"edition": number})
        edition = services.get_edition(db.session, int(number))
    else:
        edition = queries.current_edition(db.session)
        if edition is None:
            return error(404, "no_edition", _("Chưa có ấn bản danh mục chính thức nào."))
    if kind == "json":
        return jsonify(edition_document(db.session, edition))
    return export_response(edition, kind)


def _public_json(product: Product) -> dict:
    edition = queries.current_edition(db.session)
    official = product.id in queries.official_listing_ids(db.session)
    vendor_name = queries.vendor_names(db.session, [product.vendor_id]).get(product.vendor_id)
    return {
        **product.to_dict(extra=False),
        "vendor_name": vendor_name,
        "official": official,
        "edition": edition_meta(edition) if official else None,
    }


@bp.get("/listings/<listing_id>")
@cached
def public_listing(listing_id: str):
    product = queries.public_product(db.session, listing_id)
    if product is None:
        return error(404, "not_found", _("Không tìm thấy sản phẩm."))
    return jsonify(_public_json(product))


def _vendor_json(listing) -> dict:
    working = listing.working_revision
    return {
        "id": listing.id,
        "status": listing.status,
        "open_revision": working.status if working else None,
        "review_comment": working.review_comment if working else None,
        "product": services.content_of(listing).to_dict(extra=False),
    }


def _product_from_body(listing_id: str) -> Product:
    """The PRODUCT a vendor sent: every key one of the format's (the server sets id and vendor_id)."""
    body = json_body()
    if not isinstance(body, dict):
        raise ValidationFailed(N_("Nội dung yêu cầu phải là một đối tượng JSON (PRODUCT)."), {})
    data = {**body, "id": listing_id, "vendor_id": current_user.vendor_id}
    if problems := product_problems(data, strict=True):
        raise ValidationFailed(
            N_("Thông tin sản phẩm chưa hợp lệ."), {p.field or "product": p.message for p in problems}
        )
    return Product.from_dict(data)


@bp.get("/vendor/listings")
@vendor_required
def vendor_listings():
    return jsonify([_vendor_json(x) for x in services.vendor_listings(db.session, current_user.vendor_id)])


@bp.get("/vendor/listings/<listing_id>")
@vendor_required
def vendor_listing(listing_id: str):
    return jsonify(_vendor_json(services.vendor_listing(db.session, current_user.vendor_id, listing_id)))


@bp.post("/vendor/listings")
@vendor_required
def create_vendor_listing():
    listing = services.create_listing(db.session, current_user, _product_from_body(new_id("p")))
    return jsonify(_vendor_json(listing)), 201


@bp.put("/vendor/listings/<listing_id>")
@vendor_required
def edit_vendor_listing(listing_id: str):
    listing = services.vendor_listing(db.session, current_user.vendor_id, listing_id)
    extra = services.content_of(listing).extra
    product = _product_from_body(listing_id)
    services.edit_listing(
        db.session, current_user, listing, Product.from_dict({**extra, **product.to_dict()})
    )
    return jsonify(_vendor_json(listing))


@bp.post("/vendor/listings/<listing_id>/<action>")
@vendor_required
def vendor_listing_action(listing_id: str, action: str):
    listing = services.vendor_listing(db.session, current_user.vendor_id, listing_id)
    if action not in ("submit", "withdraw"):
        return error(404, "not_found", _("Thao tác không xác định."))
    services.act(db.session, current_user, listing, action)
    return jsonify(_vendor_json(listing))
