"""Public catalog pages, and officers' review queue, decisions and editions."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from catalog import queries, services
from catalog.exporter import catalog_rows, edition_document, edition_title, to_csv, to_xlsx
from catalog.facets import FACETS, PRICE_BAND_LABELS
from catalog.forms import EditionForm, ReasonForm
from catalog.lifecycle import ACTION_LABELS, STATUS_LABELS
from catalog.models import CatalogEdition, EditionEntry, Listing
from catalog.search import texts
from catalog.search.browse import search_page
from catalog.search.model import FILTER_FIELDS, SORTS, read_filters, read_sort
from catalog.stars import shown
from catalog.tags import integration_names, language_names
from catalog.terms import field_label, field_text, pricing_terms, readiness_range
from core.access import officer_required
from core.db import utcnow
from core.domain import N_, InvalidTransition, ValidationFailed
from core.extensions import db
from core.formatting import vn_date
from core.i18n import current_lang, field_messages_of, message_of
from core.pagecache import cached
from core.sections import Sections
from core.translation import translate
from vendors.models import Vendor

bp = Blueprint("catalog", __name__, template_folder="templates")
admin_bp = Blueprint("catalog_admin", __name__, url_prefix="/officer")
# What features above the catalog show on its pages: reviews and vouchers on product and vendor pages,
# the problem board under the results.
product_sections = Sections()
vendor_sections = Sections()
index_sections = Sections()

PAGE_SIZE = 24
EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}
OFFICER_ACTIONS = ("approve", "request_changes", "reject", "suspend", "republish")


@bp.app_template_global()
def status_label(code: str | None) -> str:
    text = STATUS_LABELS.get(code or "")
    return translate(text, current_lang()) if text else (code or "")


@bp.app_template_global()
def action_label(code: str) -> str:
    return translate(ACTION_LABELS[code], current_lang())


@bp.app_template_global()
def audit_action(action: str) -> str:
    """'listing.request_changes' -> 'Yêu cầu chỉnh sửa'."""
    name = action.removeprefix("listing.")
    if name in ACTION_LABELS:
        return action_label(name)
    return _("Cập nhật từ tệp nhập") if name == "import_update" else action


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


@bp.app_template_global("integration_names")
def _integration_names(tags) -> list[str]:
    return integration_names(tags, current_lang())


bp.add_app_template_global(language_names, "language_names")


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
        body = current_app.json.dumps(edition_document(db.session, edition), ensure_ascii=False, indent=1)
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
@cached
def index():
    # Bad filter values and sort orders are left out of the search, and the page says which and why.
    filters, problems = read_filters((k, v) for k, v in request.args.items(multi=True) if k in FILTER_FIELDS)
    sort, sort_problem = read_sort(request.args.get("sort"))
    if sort_problem:
        problems["sort"] = sort_problem
    ignored = field_messages_of(ValidationFailed(N_("Tham số chưa hợp lệ."), problems)) if problems else {}
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
        sort,
    )
    lang = current_lang()
    query = filters.to_query() + ([("q", q)] if q else []) + ([("sort", sort)] if sort != SORTS[0] else [])
    return render_template(
        "catalog/index.html",
        filters=filters,
        q=q,
        sort=sort,
        sorts=SORTS,
        ignored={name: (request.args.getlist(name), text) for name, text in ignored.items()},
        results=found.products,
        why={pid: texts.why(hit.why, lang) for pid, hit in found.hits.items()},
        ratings={pid: (shown(hit.document.rating_mean), hit.document.rating_count)
                 for pid, hit in found.hits.items() if hit.document.rating_count},
        notice=texts.relaxed_notice(found.result),
        suggestions=texts.suggestions(found.suggestions, q, filters, lang) if found.suggestions else None,
        total=found.total,
        facets=found.facets,
        facet_names={facet: texts.facet_name(facet) for facet in FACETS},
        official=found.official,
        vendors=queries.vendor_names(db.session, {p.vendor_id for p in found.products}),
        edition=queries.current_edition(db.session),
        page=found.page,
        pages=found.pages,
        price_labels={k: translate(v, lang) for k, v in PRICE_BAND_LABELS.items()},
        sections=index_sections.render(q=q),
        query=query,
    )


@bp.route("/products/<listing_id>")
@cached
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
        sections=product_sections.render(product=item),
    )


@bp.route("/vendors/<vendor_id>")
@cached
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
        sections=vendor_sections.render(vendor=organisation, products=products),
    )


@bp.route("/editions")
@cached
def editions():
    counts = dict(
        db.session.execute(
            select(EditionEntry.edition_id, func.count()).group_by(EditionEntry.edition_id)
        ).all()
    )
    return render_template("catalog/editions.html", editions=services.editions(db.session), counts=counts)


@bp.route("/editions/<int:number>")
@cached
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
    diff = services.compare_editions(db.session, before, after)
    return render_template(
        "catalog/edition_diff.html",
        before=before,
        after=after,
        diff=diff,
        why_removed=services.removal_reasons(db.session, [p.id for p in diff.removed], after.published_at),
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
        db.rollback()
        form.reason.errors.append(message_of(exc))
        return _review_page(services.get_listing(db.session, listing_id), form, 422)
    except InvalidTransition as exc:
        db.rollback()
        flash(message_of(exc), "danger")
        return redirect(url_for(".review", listing_id=listing_id))
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
            db.rollback()
            flash(" ".join(field_messages_of(exc).values()) or message_of(exc), "danger")
        else:
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
