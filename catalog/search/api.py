"""GET /api/v1/search: what the catalog page's search-as-you-type asks, as JSON.

Public by default; `scope=vendor` searches the logged-in vendor's own listings (drafts included)
and `scope=review` the revisions awaiting review (officers); `sort=relevance|price_asc|price_desc|
newest`. Bad parameters answer 422 with `fields`; any query text at all (punctuation, emoji, FTS
syntax, 500 characters) is a search. Each hit says `why` it came up (the category or sector the
query points to); `relaxed` and `notice` say when too few products held every word; a search that
finds nothing carries `suggestions` (respelling, filters to drop, related categories).
"""

from __future__ import annotations

from flask import current_app, jsonify, request, url_for
from flask_login import current_user

from catalog.search import texts
from catalog.search.model import (
    FILTER_FIELDS,
    MAX_LIMIT,
    Scope,
    SearchHit,
    SearchRequest,
    filters_from_pairs,
    read_sort,
)
from core.api import bp
from core.domain import N_, Forbidden, ValidationFailed
from core.extensions import db
from core.formatting import vnd
from core.i18n import current_lang
from core.pagecache import cached
from core.text import ascii_digits
from core.vocab import CATEGORIES, label

MAX_OFFSET = 1000


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not ascii_digits(raw) or not low <= int(raw) <= high:
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
        "rating": {"mean": doc.rating_mean, "count": doc.rating_count, "score": doc.rating_score},
        "status": doc.listing_status,
        "url": url_for("catalog.product", listing_id=doc.listing_id) if doc.public else None,
        "why": texts.why(hit.why, lang),
    }


@bp.get("/search")
@cached
def search():
    """Search listings: ?q=...&category=...&level=...&scope=public|vendor|review&sort=&limit=&offset="""
    pairs = [(k, v) for k, v in request.args.items(multi=True) if k in FILTER_FIELDS]
    filters = filters_from_pairs(pairs)
    sort, problem = read_sort(request.args.get("sort"))
    if problem:
        raise ValidationFailed(N_("Tham số chưa hợp lệ."), {"sort": problem})
    query = SearchRequest(
        q=request.args.get("q", ""),
        filters=filters,
        scope=_scope(),
        limit=_int_arg("limit", 20, 1, MAX_LIMIT),
        offset=_int_arg("offset", 0, 0, MAX_OFFSET),
        sort=sort,
    )
    search = current_app.extensions["search"]
    result = search.search(db.session, query)
    lang = current_lang()
    body = {
        "query": query.q,
        "sort": sort,
        "total": result.total,
        "exact_total": result.exact_total,
        "relaxed": result.relaxed,
        "notice": texts.relaxed_notice(result),
        "took_ms": result.took_ms,
        "hits": [hit_json(hit, lang) for hit in result.hits],
        "facets": {
            facet: [
                {
                    "value": v.code,
                    "label": texts.facet_label(facet, v.code, lang),
                    "count": v.count,
                    "selected": v.selected,
                }
                for v in values
            ]
            for facet, values in result.facets.items()
        },
    }
    if not result.total:
        body["suggestions"] = texts.suggestions(search.suggest(db.session, query), query.q, filters, lang)
    return jsonify(body)
