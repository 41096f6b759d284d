"""Jinja filters and globals: Vietnamese formatting and vocabulary labels."""

from __future__ import annotations

from flask import Flask
from flask_babel import get_locale

from catalog import vocab
from marketplace import formatting


def current_lang() -> str:
    return str(get_locale() or "vi")


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters.update(
        vnd=formatting.vnd, vn_date=formatting.vn_date, vn_datetime=formatting.vn_datetime,
        percent=formatting.percent,
    )

    def vlabel(kind: str, code) -> str:
        vocabulary = {
            "category": vocab.CATEGORIES, "sector": vocab.SECTORS, "size": vocab.SIZES,
            "readiness": vocab.READINESS_LEVELS, "pricing": vocab.PRICING_TYPES,
            "deployment": vocab.DEPLOYMENTS, "contract_status": vocab.CONTRACT_STATUSES,
            "pricing_explanation": vocab.PRICING_EXPLANATIONS,
        }[kind]
        return vocab.label(vocabulary, code, current_lang())

    app.jinja_env.globals.update(vlabel=vlabel, vocab=vocab, current_lang=current_lang)
