"""Public catalog pages, and officers' review queue, decisions and editions."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from catalog import queries, services
from catalog.exporter import catalog_rows, edition_title, export_document, to_csv, to_xlsx
from catalog.facets import PRICE_BAND_LABELS, CatalogFilters
from catalog.forms import EditionForm, ReasonForm
from catalog.lifecycle import ACTION_LABELS, STATUS_LABELS
from catalog.models import CatalogEdition, EditionEntry, Listing
from catalog.search.browse import search_page
from catalog.terms import field_label, field_text, pricing_terms, readiness_range
from marketplace.auth.access import officer_required
from marketplace.bilingual import pick
from marketplace.db import utcnow
from marketplace.domain import InvalidTransition, ValidationFailed
from marketplace.errors import field_messages_of, message_of
from marketplace.extensions import db
from marketplace.formatting import vn_date
from marketplace.templating import current_lang
from vendors.models import Vendor

bp = Blueprint("catalog", __name__)
admin_bp = Blueprint("catalog_admin", __name__, url_prefix="/officer")

PAGE_SIZE = 24
EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}
OFFICER_ACTIONS = ("approve", "request_changes", "reject", "suspend", "republish")


@bp.app_template_global()
def status_label(code: str | None) -> str:
    pair = STATUS_LABELS.get(code or "")
    return pick(pair, current_lang()) if pair else (code or "")


@bp.app_template_global()
def action_label(code: str) -> str:
    return pick(ACTION_LABELS[code], current_lang())


@bp.app_template_global()
def audit_action(action: str) -> str:
    """'listing.request_changes' -> 'Yêu cầu chỉnh sửa'."""
    name = action.removeprefix("listing.")
    if name in ACTION_LABELS:
        return action_label(name)
    pair = {"import_update": ("Cập nhật từ tệp nhập", "Updated by an import")}.get(name)
    return pick(pair, current_lang()) if pair else action


@bp.app_template_global()
def state_text(state: str | None) -> str:
    """An audit state such as 'published+submitted': 'Đang công bố, bản mới: Chờ thẩm định'."""
    if not state:
        return "—"
    listing_status, _plus, open_status = state.partition("+")
    if not open_status:
        return status_label(listing_status)
    return f"{status_label(listing_status)}, {_('bản mới')}: {status_label(open_status)}"


@bp.app_template_global("pricing_terms")
def _pricing_terms(pricing, price_monthly_vnd):
    return pricing_terms(pricing, price_monthly_vnd, current_lang())


@bp.app_template_global("readiness_range")
def _readiness_range(product):
    return readiness_range(product, current_lang())


@bp.app_template_global("field_label")
def _field_label(name: str) -> str:
    return field_label(name, current_lang())


@bp.app_template_global("field_text")
def _field_text(name: str, value) -> str:
    return field_text(name, value, current_lang())


def export_response(edition: CatalogEdition, kind: str) -> Response:
    """One edition as a CSV, XLSX or interchange JSON download."""
    lang = current_lang()
    name = f"danh-muc-an-ban-{edition.number}.{kind}"
    if kind == "json":
        body = current_app.json.dumps(export_document(db.session, edition), ensure_ascii=False, indent=1)
    else:
        products = queries.edition_products(db.session, edition)
        rows = catalog_rows(products, queries.vendor_names(db.session), lang)
        body = to_csv(rows, lang) if kind == "csv" else to_xlsx(edition_title(edition, lang), rows, lang)
    # content_type, not mimetype: Werkzeug would add a second charset to a text/* mimetype.
    return Response(
        body, content_type=EXPORT_TYPES[kind],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# -- public pages ------------------------------------------------------------------------------------


@bp.route("/")
def index():
    filters = CatalogFilters.from_query(request.args.getlist)
    q = request.args.get("q", "").strip()
    # With or without typed words, the search backend filters, ranks and counts: it holds the
    # catalog in memory (or in Meilisearch), so the page never loads every listing per request.
    found = search_page(
        db.session,
        current_app.extensions["search"],
        q,
        filters,
        request.args.get("page", 1, type=int) or 1,
        PAGE_SIZE,
    )
    return render_template(
        "catalog/index.html",
        filters=filters,
        q=q,
        results=found.products,
        total=found.total,
        facets=found.facets,
        official=found.official,
        vendors=queries.vendor_names(db.session, {p.vendor_id for p in found.products}),
        edition=queries.current_edition(db.session),
        page=found.page,
        pages=found.pages,
        price_labels={k: pick(v, current_lang()) for k, v in PRICE_BAND_LABELS.items()},
        query=filters.to_query() + ([("q", q)] if q else []),
    )


@bp.route("/products/<listing_id>")
def product(listing_id: str):
    item = queries.public_product(db.session, listing_id)
    if item is None:
        abort(404)
    edition = queries.current_edition(db.session)
    official = listing_id in queries.official_listing_ids(db.session)
    return render_template(
        "catalog/product.html",
        product=item,
        vendor=db.session.get(Vendor, item.vendor_id),
        official=official,
        edition=edition,
    )


@bp.route("/vendors/<vendor_id>")
def vendor(vendor_id: str):
    organisation = db.session.get(Vendor, vendor_id)
    if organisation is None:
        abort(404)
    listing_ids = db.session.scalars(select(Listing.id).where(Listing.vendor_id == vendor_id))
    products = sorted(queries.public_products(db.session, listing_ids), key=lambda p: p.name)
    return render_template(
        "catalog/vendor.html",
        vendor=organisation,
        products=products,
        official=queries.official_listing_ids(db.session),
    )


@bp.route("/editions")
def editions():
    counts = dict(
        db.session.execute(
            select(EditionEntry.edition_id, func.count()).group_by(EditionEntry.edition_id)
        ).all()
    )
    return render_template("catalog/editions.html", editions=services.editions(db.session), counts=counts)


@bp.route("/editions/<int:number>")
def edition(number: int):
    found = services.get_edition(db.session, number)
    products = sorted(queries.edition_products(db.session, found), key=lambda p: p.name)
    public = {p.id for p in queries.public_products(db.session, [p.id for p in products])}
    return render_template(
        "catalog/edition.html",
        edition=found,
        products=products,
        public=public,
        vendors=queries.vendor_names(db.session),
        latest=queries.current_edition(db.session),
    )


@bp.route("/editions/<int:number>/diff")
def edition_diff(number: int):
    after = services.get_edition(db.session, number)
    before = services.get_edition(db.session, request.args.get("against", number - 1, type=int))
    return render_template(
        "catalog/edition_diff.html",
        before=before,
        after=after,
        diff=services.compare_editions(db.session, before, after),
        vendors=queries.vendor_names(db.session),
        all_editions=services.editions(db.session),
    )


@bp.route("/editions/<int:number>/export.<kind>")
def edition_export(number: int, kind: str):
    if kind not in EXPORT_TYPES:
        abort(404)
    return export_response(services.get_edition(db.session, number), kind)


# -- officers ----------------------------------------------------------------------------------------


@admin_bp.route("/review")
@officer_required
def review_queue():
    return render_template("catalog/review_queue.html", items=services.review_queue(db.session))


@admin_bp.route("/listings")
@officer_required
def listings():
    status = request.args.get("status") or None
    query = select(Listing).order_by(Listing.updated_at.desc())
    if status in STATUS_LABELS:
        query = query.where(Listing.status == status)
    counts = dict(db.session.execute(select(Listing.status, func.count()).group_by(Listing.status)).all())
    return render_template(
        "catalog/officer_listings.html",
        listings=db.session.scalars(query.options(*services.with_revisions())).all(),
        status=status,
        counts=counts,
        vendors=queries.vendor_names(db.session),
    )


def _review_page(listing: Listing, form: ReasonForm, status: int = 200):
    return render_template(
        "catalog/review.html",
        form=form,
        **services.listing_page(db.session, listing, services.actor_of(current_user)),
    ), status


@admin_bp.route("/review/<listing_id>")
@officer_required
def review(listing_id: str):
    return _review_page(services.get_listing(db.session, listing_id), ReasonForm())


@admin_bp.route("/listings/<listing_id>/<action>", methods=["POST"])
@officer_required
def decide(listing_id: str, action: str):
    if action not in OFFICER_ACTIONS:
        abort(404)
    listing = services.get_listing(db.session, listing_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        return _review_page(listing, form, 422)
    try:
        services.act(db.session, current_user, listing, action, form.reason.data)
    except ValidationFailed as exc:
        db.session.rollback()
        form.reason.errors.append(message_of(exc))
        return _review_page(services.get_listing(db.session, listing_id), form, 422)
    except InvalidTransition as exc:
        db.session.rollback()
        flash(message_of(exc), "danger")
        return redirect(url_for(".review", listing_id=listing_id))
    db.session.commit()
    current_app.extensions["search"].refresh(db.session, [listing_id])
    flash(_("Đã thực hiện: %(action)s.", action=action_label(action)), "success")
    return redirect(
        url_for(".review_queue") if action != "suspend" else url_for(".review", listing_id=listing_id)
    )


@admin_bp.route("/editions/new", methods=["GET", "POST"])
@officer_required
def new_edition():
    form = EditionForm()
    if not form.is_submitted():
        form.decision_date.data = vn_date(utcnow())
    if form.validate_on_submit():
        try:
            created = services.publish_edition(
                db.session, current_user, form.decision_number.data, form.decision_date.parsed, form.note.data
            )
        except ValidationFailed as exc:
            db.session.rollback()
            flash(" ".join(field_messages_of(exc).values()) or message_of(exc), "danger")
        else:
            db.session.commit()
            current_app.extensions["search"].refresh(
                db.session, [r.listing_id for r in services.published_revisions(db.session)]
            )
            flash(
                _("Đã công bố ấn bản số %(number)s của danh mục chính thức.", number=created.number),
                "success",
            )
            return redirect(url_for("catalog.edition", number=created.number))
    latest = queries.current_edition(db.session)
    preview = services.edition_preview(db.session, latest)
    return render_template(
        "catalog/new_edition.html",
        form=form,
        latest=latest,
        preview=preview,
        vendors=queries.vendor_names(db.session),
    ), (422 if form.errors else 200)
