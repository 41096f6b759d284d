"""GET /api/v1/open/...: the open datasets as JSON or CSV pages, and their DCAT description.

Every answer is public and carries Cache-Control, a strong ETag of its body (a conditional GET with a
matching If-None-Match gets 304 and no body) and, when another page follows, `next_cursor` (JSON), the
X-Next-Cursor header and a Link rel="next" (both formats). A past edition never changes, so its pages
may be kept for a day; the rest for a few minutes.
"""

from __future__ import annotations

import re

from flask import Response, jsonify, request, url_for

from catalog import services as catalog_services
from catalog.queries import current_edition
from core.api import bp
from core.domain import N_, ValidationFailed
from core.extensions import db
from core.pagecache import cached
from core.spreadsheet import csv_bytes
from opendata import cursors, datasets, dcat
from opendata.access import open_access

DEFAULT_LIMIT, MAX_LIMIT = 100, 1000
FRESH, FROZEN = 300, 86400  # seconds a cache may keep a page of current data, of a past edition
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
FORMATS = ("json", "csv")

PRODUCT_COLUMNS = ("id", "name", "vendor_id", "vendor_name", "summary", "categories", "sectors",
                   "readiness_min", "readiness_max", "company_sizes", "regions", "deployment",
                   "price_monthly_vnd", "setup_fee_vnd", "pricing_models", "languages", "integrations")
COLUMNS = {
    "editions": ("number", "decision_number", "decision_date", "note", "published_at", "products", "current"),
    "products": (*PRODUCT_COLUMNS, "official", "edition"),
    "edition_products": PRODUCT_COLUMNS,
    "vendors": (*datasets.VENDOR_FIELDS, "products"),
    "indicators": ("month", "by", "key", "label", "smes", "contracts", "value_vnd"),
}


def _invalid(field: str, message: str, **params) -> ValidationFailed:
    return ValidationFailed(N_("Tham số không hợp lệ."), {field: (message, params) if params else message})


def _limit() -> int:
    text = request.args.get("limit", str(DEFAULT_LIMIT))
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_LIMIT):
        raise _invalid("limit", N_("Số dòng mỗi trang phải là số nguyên từ 1 đến %(max)s."), max=MAX_LIMIT)
    return int(text)


def _format() -> str:
    kind = request.args.get("format", "json")
    if kind not in FORMATS:
        raise _invalid("format", N_("Định dạng phải là json hoặc csv."))
    return kind


def _cell(value) -> object:
    """A CSV cell: lists joined by "; ", pricing models as their JSON-like text, booleans as true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(_cell(v) if not isinstance(v, dict) else
                         ",".join(f"{k}={v[k]}" for k in sorted(v)) for v in value)
    return value


def conditional(response: Response, max_age: int) -> Response:
    """Public caching headers, a strong ETag of the body, and 304 when the client already has it."""
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    response.headers["Access-Control-Allow-Origin"] = "*"  # open data: any portal's page may read it
    response.add_etag()
    return response.make_conditional(request)


def _answer(dataset: str, page: datasets.Page, max_age: int, **url_args) -> Response:
    kind = _format()
    following = cursors.encode(dataset, page.next_key) if page.next_key is not None else None
    if kind == "csv":
        columns = COLUMNS[dataset]
        body = csv_bytes([columns, *([_cell(row.get(c)) for c in columns] for row in page.rows)])
        response = Response(body, mimetype="text/csv")
        response.headers["Content-Disposition"] = f'inline; filename="{dataset}.csv"'
    else:
        response = jsonify({"dataset": dataset, "items": page.rows, "next_cursor": following})
    if following:
        args = {**request.args.to_dict(), **url_args, "cursor": following}
        link = url_for(request.endpoint, _external=True, **args)
        response.headers["Link"] = f'<{link}>; rel="next"'
        response.headers["X-Next-Cursor"] = following
    return conditional(response, max_age)


@bp.get("/open/editions")
@open_access("catalog")
@cached
def open_editions():
    limit = _limit()
    after = cursors.decode("editions", request.args.get("cursor"), (int,))
    return _answer("editions", datasets.editions(db.session, after and after[0], limit), FRESH)


@bp.get("/open/editions/<int:number>/products")
@open_access("catalog")
@cached
def open_edition_products(number: int):
    limit = _limit()
    edition = catalog_services.get_edition(db.session, number)
    after = cursors.decode("edition_products", request.args.get("cursor"), (str,))
    page = datasets.edition_products(db.session, edition, after and after[0], limit)
    latest = current_edition(db.session)
    return _answer("edition_products", page, FROZEN if latest.number > number else FRESH, number=number)


@bp.get("/open/products")
@open_access("catalog")
@cached
def open_products():
    limit = _limit()
    after = cursors.decode("products", request.args.get("cursor"), (str,))
    return _answer("products", datasets.products(db.session, after and after[0], limit), FRESH)


@bp.get("/open/vendors")
@open_access("catalog")
@cached
def open_vendors():
    limit = _limit()
    after = cursors.decode("vendors", request.args.get("cursor"), (str,))
    return _answer("vendors", datasets.vendors(db.session, after and after[0], limit), FRESH)


def _month(name: str) -> str | None:
    text = request.args.get(name)
    if text is not None and not MONTH.fullmatch(text):
        raise _invalid(name, N_("Tháng phải có dạng YYYY-MM."))
    return text


@bp.get("/open/indicators")
@open_access("indicators")
@cached
def open_indicators():
    limit = _limit()
    by = request.args.get("by", "province")
    if by not in datasets.INDICATOR_DIMENSIONS:
        raise _invalid("by", N_("Chọn một trong: %(choices)s."),
                       choices=", ".join(datasets.INDICATOR_DIMENSIONS))
    month_from, month_to = _month("from"), _month("to")
    after = cursors.decode("indicators", request.args.get("cursor"), (str, str))
    page = datasets.indicators(db.session, by, month_from, month_to, after, limit)
    return _answer("indicators", page, FRESH)


@bp.get("/open/catalog.jsonld")
@open_access("catalog")
@cached
def open_dcat():
    response = jsonify(dcat.catalog(db.session, lambda endpoint, **args: url_for(endpoint, _external=True,
                                                                                   **args)))
    response.mimetype = "application/ld+json"
    return conditional(response, FRESH)
