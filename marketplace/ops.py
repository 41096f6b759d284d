"""What operators and their tools read: liveness (/healthz), readiness (/readyz), Prometheus metrics
(/metrics), and one structured log line per request carrying its request id.

The request id comes from the load balancer's X-Request-ID when it is a sane token, else is made here;
it is sent back in X-Request-ID and carried by every log record of the request (LOG_JSON: one JSON
object per line, as log collectors read them). Under gunicorn, metrics of every worker are summed
through PROMETHEUS_MULTIPROC_DIR (scripts/prod sets it; prometheus_client's multiprocess mode).
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
import uuid

from flask import Blueprint, Flask, Response, current_app, g, has_request_context, jsonify, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from sqlalchemy import text
from werkzeug.middleware.proxy_fix import ProxyFix

from core.extensions import db
from marketplace.schema import schema_state

bp = Blueprint("ops", __name__)
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
log = logging.getLogger("marketplace.request")

REQUESTS = Counter("marketplace_http_requests_total", "HTTP requests answered",
                   ["method", "endpoint", "status"])
LATENCY = Histogram("marketplace_http_request_seconds", "Time to answer an HTTP request", ["endpoint"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))


@bp.get("/healthz")
def healthz():
    """Alive: the process answers (a load balancer restarts it otherwise)."""
    return jsonify({"status": "ok"})


def _checks() -> dict[str, str]:
    found = {}
    try:
        db.session.execute(text("SELECT 1"))
        state = schema_state(db.engine, current_app.config["DATABASE_URL"])
        # A database built without migrations (development, tests) has no revision to compare.
        found["database"] = "ok" if state in ("current", "missing") else f"migrations {state}"
    except Exception as exc:  # not ready, whatever the reason: say which
        found["database"] = f"unreachable: {type(exc).__name__}"
    if current_app.config.get("REDIS_URL"):
        try:
            import redis

            redis.Redis.from_url(current_app.config["REDIS_URL"], socket_timeout=1).ping()
            found["redis"] = "ok"
        except Exception as exc:
            found["redis"] = f"unreachable: {type(exc).__name__}"
    return found


@bp.get("/readyz")
def readyz():
    """Ready for traffic: the database answers at the migrations' head, Redis (when configured) too."""
    checks = _checks()
    ready = all(value == "ok" for value in checks.values())
    return jsonify({"status": "ready" if ready else "not ready", "checks": checks}), 200 if ready else 503


@bp.get("/metrics")
def metrics():
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)


def _start() -> None:
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish(response: Response) -> Response:
    started = g.get("request_started")
    if started is None:
        return response
    seconds = time.perf_counter() - started
    endpoint = request.url_rule.rule if request.url_rule is not None else "unmatched"
    REQUESTS.labels(request.method, endpoint, str(response.status_code)).inc()
    LATENCY.labels(endpoint).observe(seconds)
    response.headers["X-Request-ID"] = g.request_id
    log.info("request", extra={"http": {"method": request.method, "path": request.path, "endpoint": endpoint,
                                        "status": response.status_code, "ms": round(seconds * 1000, 1)}})
    return response


class RequestIdFilter(logging.Filter):
    """Every record of a request carries its id."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id") if has_request_context() else None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"), "level": record.levelname,
                 "logger": record.name, "message": record.getMessage(),
                 "request_id": getattr(record, "request_id", None)}
        if hasattr(record, "http"):
            entry.update(record.http)
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def init_app(app: Flask) -> None:
    if app.config.get("TRUSTED_PROXIES"):
        # Behind N load balancers: the client's address (rate limits) and scheme come from their headers.
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.before_request(_start)
    app.after_request(_finish)
    app.register_blueprint(bp)
    if app.config.get("LOG_JSON"):
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        handler.addFilter(RequestIdFilter())
        root = logging.getLogger()
        root.handlers[:] = [handler]
        root.setLevel(app.config.get("LOG_LEVEL", "INFO"))
