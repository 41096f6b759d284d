"""The JSON API at /api/v1. Each package adds its endpoints to `bp` in its own api module."""

from __future__ import annotations

from flask import Blueprint, request

from core import jsontext
from core.domain import ValidationFailed

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def json_body():
    """The request's JSON body, parsed safely (core.jsontext): ValidationFailed (422) naming the problem
    instead of a server error for deep nesting, a lone surrogate or NUL."""
    try:
        return jsontext.loads(request.get_data(cache=True))
    except jsontext.UnsafeJson as exc:
        raise ValidationFailed(exc.template, {}, **exc.params) from exc


def error(status: int, code: str, message: str, fields: dict | None = None):
    """A 4xx JSON error body, the same shape everywhere."""
    from flask import jsonify

    body = {"error": {"code": code, "message": message}}
    if fields:
        body["error"]["fields"] = fields
    return jsonify(body), status
