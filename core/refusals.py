"""How a page says no after a POST: the request's work is rolled back and the person is sent back to
the page they came from, with why (the domain error's message and each field's, in their language)."""

from __future__ import annotations

from flask import flash, redirect

from core.domain import DomainError
from core.extensions import db
from core.i18n import field_messages_of, message_of


def refused(exc: DomainError, back: str):
    db.rollback()
    flash(" ".join([message_of(exc), *field_messages_of(exc).values()]), "danger")
    return redirect(back)


def form_refused(form, back: str):
    """The same for a form that did not validate: its own messages."""
    db.rollback()
    flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "danger")
    return redirect(back)


def refused_in_place(exc: DomainError, form=None) -> None:
    """The same for a page that shows its form again (no redirect): nothing stays, each field's message
    goes on its field of `form`, the rest in the flash."""
    db.rollback()
    fields = field_messages_of(exc)
    if form is not None:
        for name, text in fields.items():
            if name in form:
                form[name].errors = [*form[name].errors, text]
    flash(" ".join([message_of(exc), *(t for n, t in fields.items() if form is None or n not in form)]),
          "danger")
