"""Jinja filters and globals: Vietnamese formatting and vocabulary labels."""

from __future__ import annotations

from flask import Flask, g
from flask_babel import get_translations

from core import formatting, vocab
from core.i18n import current_lang


def _translations():
    """The request's translations, looked up once: a page calls gettext a few hundred times and
    Flask-Babel's own lookup costs several context-proxy hops per call. (After flask_babel.refresh()
    within a request, pop g._translations too.)"""
    found = g.get("_translations")
    if found is None:
        found = g._translations = get_translations()
    return found


VOCABULARIES = {
    "category": vocab.CATEGORIES, "sector": vocab.SECTORS, "size": vocab.SIZES,
    "readiness": vocab.READINESS_LEVELS, "pricing": vocab.PRICING_TYPES,
    "deployment": vocab.DEPLOYMENTS, "contract_status": vocab.CONTRACT_STATUSES,
    "pricing_explanation": vocab.PRICING_EXPLANATIONS,
}


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters.update(
        vnd=formatting.vnd, grouped=formatting.grouped, vn_date=formatting.vn_date,
        vn_datetime=formatting.vn_datetime,
        percent=formatting.percent,
    )

    def vlabel(kind: str, code) -> str:
        return vocab.label(VOCABULARIES[kind], code, current_lang())

    app.jinja_env.install_gettext_callables(
        lambda string: _translations().gettext(string),
        lambda singular, plural, n: _translations().ngettext(singular, plural, n),
        newstyle=True,
    )

    app.jinja_env.globals.update(vlabel=vlabel, vocab=vocab, current_lang=current_lang)
