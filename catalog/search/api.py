"""GET /api/v1/search: what the catalog page's search-as-you-type asks, as JSON.

Public by default; `scope=vendor` searches the logged-in vendor's own listings (drafts included)
and `scope=review` the revisions awaiting review (officers). Bad parameters answer 422 with
`fields`; any query text at all (punctuation, emoji, FTS syntax, 500 characters) is a search.
"""

from __future__ import annotations

from flask import current_app, jsonify, request, url_for
from flask_login import current_user

from catalog.facets import PRICE_BAND_LABELS
from catalog.search.model import FILTER_FIELDS, MAX_LIMIT, Scope, SearchHit, SearchRequest, filters_from_pairs
from catalog.vocab import CATEGORIES, PRICING_TYPES, READINESS_LEVELS, SECTORS, SIZES, label
from marketplace.api import bp
from marketplace.bilingual import pick
from marketplace.domain import N_, Forbidden, ValidationFailed
from marketplace.extensions import db
from marketplace.formatting import vnd
from marketplace.templating import current_lang

MAX_OFFSET = 1000
MAX_PRICE = 10**13  # VND; anything above is a typing accident
VOCABULARIES = {"category": CATEGORIES, "sector": SECTORS, "pricing": PRICING_TYPES, "size": SIZES}


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ValidationFailed(
            N_("Tham số chưa hợp lệ."),
            {name: (N_("Phải là số nguyên từ %(low)s đến %(high)s."), {"low": low, "high": high})},
        )
    return int(raw)


def _scope() -> Scope:
    kind = request.args.get("scope") or "public"
    if kind not in Scope.KINDS:
        raise ValidationFailed(N_("Tham số chưa hợp lệ."), {"scope": N_("Dùng public, vendor hoặc review.")})
    if kind == "public":
        return Scope()
    if not current_user.is_authenticated:
        raise Forbidden(N_("Cần đăng nhập để tìm trong sản phẩm chưa công bố."))
    if kind == "vendor" and current_user.role == "vendor" and current_user.vendor_id:
        return Scope("vendor", current_user.vendor_id)
    if kind == "review" and current_user.is_officer:
        return Scope("review")
    raise Forbidden(N_("Bạn không có quyền tìm trong phạm vi này."))


def _facet_label(facet: str, code: str, lang: str) -> str:
    if facet in VOCABULARIES:
        return label(VOCABULARIES[facet], code, lang)
    if facet == "level":
        return label(READINESS_LEVELS, int(code), lang)
    if facet == "price":
        return pick(PRICE_BAND_LABELS[code], lang)
    return code


def hit_json(hit: SearchHit, lang: str) -> dict:
    doc = hit.document
    return {
        "product_id": hit.product_id,
        "score": hit.score,
        "highlights": hit.highlights,
        "name": doc.name,
        "summary": doc.summary,
        "vendor_id": doc.vendor_id,
        "vendor_name": doc.vendor_name,
        "categories": [{"code": c, "label": label(CATEGORIES, c, lang)} for c in doc.categories],
        "readiness_min": doc.readiness_min,
        "readiness_max": doc.readiness_max,
        "price_monthly_vnd": doc.price_monthly_vnd,
        "price_text": vnd(doc.price_monthly_vnd) if doc.price_monthly_vnd is not None else None,
        "official": doc.official,
        "status": doc.listing_status,
        "url": url_for("catalog.product", listing_id=doc.listing_id) if doc.public else None,
    }


@bp.get("/search")
def search():
    """Search listings: ?q=...&category=...&level=...&scope=public|vendor|review&limit=&offset="""
    pairs = [(k, v) for k, v in request.args.items(multi=True) if k in FILTER_FIELDS]
    filters = filters_from_pairs(pairs)
    for name in ("price_min", "price_max"):
        value = getattr(filters, name)
        if value is not None and value > MAX_PRICE:
            raise ValidationFailed(
                N_("Tham số chưa hợp lệ."), {name: (N_("Tối đa %(most)s VND."), {"most": MAX_PRICE})}
            )
    query = SearchRequest(
        q=request.args.get("q", ""),
        filters=filters,
        scope=_scope(),
        limit=_int_arg("limit", 20, 1, MAX_LIMIT),
        offset=_int_arg("offset", 0, 0, MAX_OFFSET),
    )
    result = current_app.extensions["search"].search(db.session, query)
    lang = current_lang()
    return jsonify(
        {
            "query": query.q,
            "total": result.total,
            "took_ms": result.took_ms,
            "hits": [hit_json(hit, lang) for hit in result.hits],
            "facets": {
                facet: [
                    {
                        "value": v.code,
                        "label": _facet_label(facet, v.code, lang),
                        "count": v.count,
                        "selected": v.selected,
                    }
                    for v in values
                ]
                for facet, values in result.facets.items()
            },
        }
    )
