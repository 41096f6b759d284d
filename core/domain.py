"""Domain errors raised by plain-Python services; marketplace.errors maps them to HTTP once.

Messages are Vietnamese templates marked with `N_` (for extraction) plus named params, so the domain stays
free of Flask: `.message` is the Vietnamese text (CLI, logs), and the web layer asks `.text(lang)` for the
reader's language (core.translation: the project's one catalog).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from core.translation import N_, translate

# A field message: a literal (translatable) text, or a template with its params.
FieldMessage = str | tuple[str, Mapping[str, object]]


__all__ = ["N_", "Label", "DomainError", "NotFound", "Forbidden", "InvalidTransition", "Conflict",
           "ValidationFailed", "FieldMessage"]


@dataclass(frozen=True)
class Label:
    """A param that is itself a text to translate, e.g. a status name from core.vocab, so that an English
    sentence does not carry a Vietnamese word."""

    text: str


def _format(template: str, params: Mapping[str, object], lang: str = "vi") -> str:
    text = translate(template, lang)
    params = {k: translate(v.text, lang) if isinstance(v, Label) else v for k, v in params.items()}
    # Only templates with params are %-formatted: a literal "%" in a plain message stays as written.
    return text % params if params else text


class DomainError(Exception):
    """A refused action, with a message a person can read (Vietnamese by default)."""

    code = "domain_error"
    status = 400

    def __init__(self, message: str, fields: Mapping[str, FieldMessage] | None = None, **params: object):
        self.template, self.params = message, params
        self._fields = {name: (m, {}) if isinstance(m, str) else m for name, m in (fields or {}).items()}
        self.message = _format(message, params)
        self.fields = {name: _format(t, p) for name, (t, p) in self._fields.items()}
        super().__init__(self.message)

    def text(self, lang: str = "vi") -> str:
        """The message in `lang`; a text not in the catalog comes back as it is."""
        return _format(self.template, self.params, lang)

    def field_texts(self, lang: str = "vi") -> dict[str, str]:
        return {name: _format(t, p, lang) for name, (t, p) in self._fields.items()}


class NotFound(DomainError):
    code, status = "not_found", 404


class Forbidden(DomainError):
    code, status = "forbidden", 403


class InvalidTransition(DomainError):
    code, status = "invalid_transition", 409


class Conflict(DomainError):
    code, status = "conflict", 409


class ValidationFailed(DomainError):
    code, status = "validation_failed", 422
