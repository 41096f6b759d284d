"""The reader's language, and domain errors' messages in it (Flask-Babel: the one translation path)."""

from __future__ import annotations

from flask import current_app
from flask import session as http_session
from flask_babel import get_locale
from flask_login import current_user

from core.domain import DomainError


def current_lang() -> str:
    return str(get_locale() or "vi")


def message_of(exc: DomainError) -> str:
    """A domain error's message in this request's language."""
    return exc.text(current_lang())


def field_messages_of(exc: DomainError) -> dict[str, str]:
    """A domain error's per-field messages in this request's language."""
    return exc.field_texts(current_lang())


def select_locale() -> str:
    """The user's chosen language (session, else account), Vietnamese by default."""
    lang = http_session.get("lang")
    if lang is None and current_user and current_user.is_authenticated:
        lang = current_user.locale
    return lang if lang in current_app.config["LANGUAGES"] else current_app.config["BABEL_DEFAULT_LOCALE"]
