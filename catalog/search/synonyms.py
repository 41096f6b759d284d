"""Vietnamese synonyms and abbreviations, shared by every search backend (pure).

Each group lists expressions that mean the same thing to an SME owner: an abbreviation typed
on a phone ("hđđt"), the words it stands for, and the English term vendors put in names.
Besides GROUPS, the abbreviations of matching's needs lexicon ("htx" = hợp tác xã, "mtt" = máy
tính tiền, "ck" = chuyển khoản) are groups too, except one-letter ones and those that stand for
fillers or generic words ("vs" = với, "ms" = mới: see catalog.search.intent).
The embedded backend matches them at query time; the Meilisearch backend sends the same
groups as its `synonyms` setting (see `meilisearch_synonyms`).
"""

from __future__ import annotations

import json
from functools import lru_cache

from catalog.search.intent import query_lexicon
from core.needs import LEXICON_PATH, Token
from core.text import folded_words

GROUPS: tuple[tuple[str, ...], ...] = (
    ("hóa đơn điện tử", "hđđt", "e-invoice", "einvoice"),
    ("hóa đơn", "invoice"),
    ("phần mềm kế toán", "pmkt"),
    ("kế toán", "accounting"),
    ("chữ ký số", "cks", "chữ ký điện tử"),
    ("thương mại điện tử", "tmđt", "ecommerce", "e-commerce"),
    ("chuyển đổi số", "cđs"),
    ("doanh nghiệp nhỏ và vừa", "dnnvv", "sme"),
    ("hộ kinh doanh", "hkd"),
    ("bán hàng", "pos"),
    ("quản lý khách hàng", "crm", "chăm sóc khách hàng"),
    ("quản trị doanh nghiệp", "erp"),
    ("nhân sự", "hrm", "hr"),
    ("trí tuệ nhân tạo", "ai"),
    ("cà phê", "cafe", "café", "coffee"),
    ("khách sạn", "hotel"),
    ("nhà hàng", "restaurant"),
    ("bảo hiểm xã hội", "bhxh"),
    ("giá trị gia tăng", "gtgt", "vat"),
    ("thu nhập cá nhân", "tncn"),
    ("quản lý kho", "wms"),
    ("quản lý vận tải", "tms"),
    ("internet vạn vật", "iot"),
    ("ứng dụng", "app"),
    ("trực tuyến", "online"),
    ("trang web", "website"),
    ("tiếp thị", "marketing"),
    ("an ninh mạng", "bảo mật", "cybersecurity"),
    ("điện toán đám mây", "cloud"),
    ("sao lưu", "backup"),
    ("mã qr", "qr code"),
)


@lru_cache(maxsize=1)
def groups() -> tuple[tuple[str, ...], ...]:
    """GROUPS, then the needs lexicon's abbreviations that stand for words of a need."""
    words = query_lexicon()
    fillers = {
        p[0].key for kind in (words.fillers, words.generic) for ps in kind.values() for p in ps if len(p) == 1
    }
    lexicon = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))["abbreviations"]
    known = {" ".join(folded_words(e)) for group in GROUPS for e in group}
    extra = []
    for short, expansion in lexicon.items():
        if len(short) < 2 or " ".join(folded_words(short)) in known:
            continue
        if all(Token.of(w).key in fillers for w in expansion.split()):
            continue
        extra.append((expansion, short))
    return GROUPS + tuple(extra)


@lru_cache(maxsize=1)
def _folded_groups() -> tuple[tuple[tuple[str, ...], ...], ...]:
    return tuple(tuple(dict.fromkeys(tuple(folded_words(e)) for e in group)) for group in groups())


@lru_cache(maxsize=4096)
def _spans(folded: tuple[str, ...]) -> tuple[tuple[int, int, tuple[str, ...]], ...]:
    spans = []
    for group in _folded_groups():
        for expression in group:
            n = len(expression)
            for start in range(len(folded) - n + 1):
                if tuple(folded[start : start + n]) == expression:
                    spans.extend((start, start + n, alt) for alt in group if alt != expression)
    return tuple(dict.fromkeys(spans))


def synonym_spans(folded: list[str]) -> tuple[tuple[int, int, tuple[str, ...]], ...]:
    """(start, end, alternative) for each expression found in the folded query words."""
    return _spans(tuple(folded))


def meilisearch_synonyms() -> dict[str, list[str]]:
    """The groups in Meilisearch's shape: every expression (as written and folded) -> the others."""
    out: dict[str, list[str]] = {}
    for group in groups():
        for expression in group:
            others = [e for e in group if e != expression]
            for key in dict.fromkeys((expression, " ".join(folded_words(expression)))):
                out.setdefault(key, [])
                out[key].extend(o for o in others if o not in out[key])
    return out
