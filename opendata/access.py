"""Who reads the open data, and how often: anyone, within a limit per address; a partner system with
its key (`X-API-Key: mk_...` or `Authorization: Bearer mk_...`), within its own limit and scopes, each
call logged. A key that is unknown or revoked is refused (401), never read as anonymous: a partner
must learn that its key stopped working.

Limits count in Redis when REDIS_URL is set (shared by every gunicorn worker and machine), else in
this process (the `limits` library, which Flask-Limiter also stands on); RATELIMIT_ENABLED switches
them off as it does the login throttle.
"""

from __future__ import annotations

import time
from functools import wraps

from flask import after_this_request, current_app, make_response, request
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from limits import RateLimitItemPerMinute, storage, strategies

from core.api import error
from core.extensions import db
from opendata import keys


def _limiter() -> strategies.RateLimiter:
    app = current_app
    if "open_data_limiter" not in app.extensions:
        uri = app.config.get("REDIS_URL") or "memory://"
        counts = storage.storage_from_string(uri)
        app.extensions["open_data_limiter"] = strategies.FixedWindowRateLimiter(counts)
    return app.extensions["open_data_limiter"]


def _over_limit(who: str, per_minute: int):
    """None when the call may go on, else the 429 answer (with Retry-After)."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return None
    item = RateLimitItemPerMinute(per_minute)
    limiter = _limiter()
    if limiter.hit(item, "opendata", who):
        return None
    reset = limiter.get_window_stats(item, "opendata", who).reset_time
    answer = error(429, "rate_limited", _("Quá nhiều yêu cầu; hãy thử lại sau ít phút."))
    response = make_response(answer)
    response.headers["Retry-After"] = str(max(1, int(reset - time.time())))
    return response


def _presented() -> str | None:
    text = request.headers.get("X-API-Key")
    if text is None:
        scheme, _sep, value = request.headers.get("Authorization", "").partition(" ")
        text = value.strip() if scheme.lower() == "bearer" else None
    return text or None


def open_access(scope: str):
    """The view reads open data of `scope` (keys.SCOPES)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            presented = _presented()
            if presented is None:
                limit = current_app.config["OPEN_DATA_ANONYMOUS_PER_MINUTE"]
                who = "ip:" + (get_remote_address() or "unknown")
                return _over_limit(who, limit) or view(*args, **kwargs)
            key = keys.authenticate(db.session, presented)
            if key is None or not key.active:
                return error(401, "bad_api_key", _("Khóa API không hợp lệ hoặc đã bị thu hồi."))
            key_id, engine = key.id, db.engine

            @after_this_request
            def log(response):
                path = request.full_path.rstrip("?")
                keys.log_call(engine, key_id, request.method, path, response.status_code)
                return response

            if scope not in key.scopes:
                return error(403, "scope", _("Khóa API không có phạm vi “%(scope)s”.", scope=scope))
            return _over_limit(f"key:{key_id}", key.per_minute) or view(*args, **kwargs)

        wrapped.open_scope = scope
        return wrapped

    return decorator
