"""Liveness, readiness, metrics and the request id of every answer and log line (marketplace/ops.py)."""

from __future__ import annotations

import json
import logging

from marketplace.ops import JsonFormatter, RequestIdFilter


def test_health_and_readiness(client, make_app):
    assert client.get("/healthz").json == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json == {"status": "ready", "checks": {"database": "ok"}}
    unreachable = make_app(REDIS_URL="redis://127.0.0.1:9/0").test_client().get("/readyz")
    assert unreachable.status_code == 503
    assert unreachable.json["checks"]["redis"].startswith("unreachable")


def test_every_answer_names_its_request_and_is_counted(client):
    mine = client.get("/editions", headers={"X-Request-ID": "lb-7f3a"})
    assert mine.headers["X-Request-ID"] == "lb-7f3a"
    made = client.get("/editions", headers={"X-Request-ID": "<script>"}).headers["X-Request-ID"]
    assert len(made) == 32 and made.isalnum()
    metrics = client.get("/metrics")
    assert metrics.mimetype == "text/plain"
    text = metrics.get_data(as_text=True)
    assert 'marketplace_http_requests_total{endpoint="/editions",method="GET",status="200"}' in text
    assert 'marketplace_http_request_seconds_bucket{endpoint="/editions",le="0.5"}' in text


def test_log_lines_are_json_with_the_request_id(app, client, caplog):
    handler_records = []

    class Keep(logging.Handler):
        def emit(self, record):
            handler_records.append(record)

    keep = Keep()
    keep.addFilter(RequestIdFilter())
    logger = logging.getLogger("marketplace.request")
    logger.addHandler(keep)
    logger.setLevel(logging.INFO)
    try:
        client.get("/healthz", headers={"X-Request-ID": "req-42"})
    finally:
        logger.removeHandler(keep)
        logger.setLevel(logging.NOTSET)
    line = json.loads(JsonFormatter().format(handler_records[-1]))
    assert line["request_id"] == "req-42" and line["message"] == "request"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/healthz", 200) and line["ms"] >= 0


def test_behind_a_load_balancer_each_client_has_its_own_anonymous_limit(make_app):
    app = make_app(TRUSTED_PROXIES=1, RATELIMIT_ENABLED=True, OPEN_DATA_ANONYMOUS_PER_MINUTE=1)
    client = app.test_client()

    def status(address: str) -> int:
        return client.get("/api/v1/open/vendors", headers={"X-Forwarded-For": address}).status_code

    assert [status("203.0.113.5"), status("203.0.113.6"), status("203.0.113.5")] == [200, 200, 429]
