"""What a request may carry, checked once for every route before any view (or the database) sees it:
no control characters in the URL, no NUL in a form field, no number beyond the database's INTEGER,
no JSON API body beyond API_MAX_CONTENT_LENGTH."""

from __future__ import annotations

import re

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

from core.db import INTEGER_MAX
from marketplace.errors import MESSAGES, error_response

# No identifier holds a control character, and PostgreSQL refuses NUL in text (a 500 otherwise).
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Query values keep tab, LF and CR: a textarea of a GET form sends its line breaks as CR LF.
CONTROL_IN_QUERY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Every number in a URL names a row by an INTEGER column: beyond INTEGER_MAX such a URL matches no route.


class BoundedIntegerConverter(IntegerConverter):
    """<int:...> from 1 to INTEGER_MAX unless a rule says otherwise."""

    def __init__(self, map, fixed_digits: int = 0, min: int = 1, max: int = INTEGER_MAX,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


def register_url_guard(app: Flask) -> None:
    """Before any blueprint: the rules are compiled with the converters known when they are added."""
    app.url_map.converters["int"] = BoundedIntegerConverter

    @app.before_request
    def _bound_api_bodies():
        if request.path.startswith("/api/"):
            request.max_content_length = app.config["API_MAX_CONTENT_LENGTH"]

    @app.before_request
    def _refuse_control_characters():
        if CONTROL.search(request.path):
            abort(404)
        if any(CONTROL_IN_QUERY.search(key) or CONTROL_IN_QUERY.search(value)
               for key, value in request.args.items(multi=True)):
            status = 422 if request.path.startswith("/api/") else 400
            return error_response(status, "invalid_query", MESSAGES[status])
        # PostgreSQL refuses NUL in text; no form field has a use for it.
        if request.method == "POST" and any("\x00" in value for _, value in request.form.items(multi=True)):
            return error_response(400, "invalid_form", MESSAGES[400])
