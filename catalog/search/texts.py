"""Search's words for people, in the request's language: one source for the catalog page and the
JSON API (why a result came up, the notice of a relaxed search, what a zero-result search offers)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask_babel import gettext as _
from flask_babel import ngettext

from catalog.facets import PRICE_BAND_LABELS, CatalogFilters, without
from catalog.search.intent import Need
from catalog.search.model import SearchResult
from catalog.search.suggest import Suggestions
from core.translation import translate
from core.vocab import CATEGORIES, PRICING_TYPES, READINESS_LEVELS, SECTORS, SIZES, label

VOCABULARIES = {"category": CATEGORIES, "sector": SECTORS, "pricing": PRICING_TYPES, "size": SIZES}


def facet_label(facet: str, code: str, lang: str) -> str:
    if facet in VOCABULARIES:
        return label(VOCABULARIES[facet], code, lang)
    if facet == "level":
        return label(READINESS_LEVELS, int(code), lang)
    if facet == "price":
        return translate(PRICE_BAND_LABELS[code], lang)
    return code


def facet_name(facet: str) -> str:
    return {
        "category": _("Lĩnh vực"),
        "sector": _("Ngành nghề"),
        "level": _("Mức sẵn sàng của doanh nghiệp"),
        "pricing": _("Hình thức thanh toán"),
        "region": _("Tỉnh/thành phố"),
        "size": _("Quy mô doanh nghiệp"),
        "price": _("Giá hằng tháng"),
    }[facet]


def why(needs: tuple[Need, ...], lang: str) -> list[dict]:
    """What the query pointed to that a result is: [{kind, code, label, evidence, text}]."""
    out = []
    for need in needs:
        name = label(CATEGORIES if need.kind == "category" else SECTORS, need.code, lang)
        text = (
            _("Đúng nhu cầu: %(label)s (từ “%(words)s”)", label=name, words=need.evidence)
            if need.kind == "category"
            else _("Dành cho ngành: %(label)s (từ “%(words)s”)", label=name, words=need.evidence)
        )
        out.append(
            {"kind": need.kind, "code": need.code, "label": name, "evidence": need.evidence, "text": text}
        )
    return out


def relaxed_notice(result: SearchResult) -> str | None:
    """Said when the search showed near matches because too few products held every word."""
    if not result.relaxed:
        return None
    if not result.exact_total:
        return _("Không có sản phẩm chứa đủ mọi từ; đang hiện các kết quả gần đúng.")
    return ngettext(
        "Chỉ %(num)d sản phẩm chứa đủ mọi từ; đang hiện thêm các kết quả gần đúng.",
        "Chỉ %(num)d sản phẩm chứa đủ mọi từ; đang hiện thêm các kết quả gần đúng.",
        result.exact_total,
    )


def suggestions(offers: Suggestions, q: str, filters: CatalogFilters, lang: str) -> dict:
    """The offers of a zero-result search, named in the request's language, each with the catalog
    page's query string that takes it."""
    return {
        "spelling": {
            "q": offers.spelling[0],
            "total": offers.spelling[1],
            "query": urlencode([*filters.to_query(), ("q", offers.spelling[0])]),
        }
        if offers.spelling
        else None,
        "drop_filters": [
            {
                "facet": facet,
                "label": facet_name(facet),
                "values": [facet_label(facet, v, lang) for v in filters.chosen(facet)],
                "total": total,
                "query": urlencode([*without(filters, facet).to_query(), ("q", q)]),
            }
            for facet, total in offers.drop
        ],
        "categories": [
            {
                "code": code,
                "label": label(CATEGORIES, code, lang),
                "total": total,
                "query": urlencode([("category", code)]),
            }
            for code, total in offers.categories
        ],
    }
