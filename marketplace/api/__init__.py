"""The JSON API at /api/v1. Each package adds its endpoints to `bp` in its own api module."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def error(status: int, code: str, message: str, fields: dict | None = None):
    """A 4xx JSON error body, the same shape everywhere."""
    from flask import jsonify

    body = {"error": {"code": code, "message": message}}
    if fields:
        body["error"]["fields"] = fields
    return jsonify(body), status
