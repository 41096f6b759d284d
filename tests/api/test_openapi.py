"""The OpenAPI document at /api/v1/openapi.json matches the code, and the API keeps its promises.

Schemathesis generates requests from the document (a bounded number per operation) against the app
on SQLite with a small world of data, as the role each endpoint is for, and checks that no answer is
a server error and that every answer's status, content type and body match the document.
"""

from __future__ import annotations

import re

import jsonschema
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from core.db import Base
from core.extensions import db
from marketplace.app import create_app
from marketplace.openapi import openapi_document
from tests.conftest import TEST_CONFIG
from tests.e2e.server import http_login, live_server
from tests.factories import Factory
from tests.security.world import build_world

EXAMPLES = 15  # per operation: bounded, deterministic (derandomize), a few seconds in all
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Which logged-in role exercises which part of the API (others are tried anonymously too).
ROLE_BY_PREFIX = (("/api/v1/vendor/", "vendor"), ("/api/v1/smes/", "sme"), ("/api/v1/reports/", "officer"))


def _openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def test_document_lists_exactly_the_api_routes(tmp_path):
    app = create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{tmp_path / 'api.db'}"})
    in_code = {(_openapi_path(rule.rule), method.lower()) for rule in app.url_map.iter_rules()
               if rule.rule.startswith("/api/") for method in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(path, method) for path, item in openapi_document()["paths"].items() for method in item}
    missing, stale = sorted(in_code - documented), sorted(documented - in_code)
    assert not missing, f"API routes missing from marketplace/openapi.py (add them to OPERATIONS): {missing}"
    assert not stale, f"marketplace/openapi.py documents routes the app lacks: {stale}"


def test_document_schemas_are_valid_json_schema():
    document = openapi_document()
    assert document["openapi"].startswith("3.1")
    for name, schema in document["components"]["schemas"].items():
        jsonschema.Draft202012Validator.check_schema(schema), name
    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert operation["responses"], f"{method} {path}: no responses"
            assert all(code.isdigit() for code in operation["responses"]), f"{method} {path}"


@pytest.fixture(scope="module")
def api_server(tmp_path_factory):
    """The app on SQLite with the security tests' world, over real HTTP, a logged-in session per role."""
    path = tmp_path_factory.mktemp("api") / "api.db"
    app = create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{path}",
                      "SEARCH_INDEX_PATH": str(path.with_suffix(".search"))})
    Base.metadata.create_all(app.extensions["db_engine"])
    with app.app_context():
        world = build_world(db.session, Factory(db.session, app.extensions["passwords"]))
    with live_server(app) as base_url:
        sessions = {role: http_login(base_url, world.users[role].email, Factory.PASSWORD)
                    for role in ("vendor", "sme", "officer")}
        yield base_url, sessions
    app.extensions["db_engine"].dispose()


def _exercise(operation, http, token: str) -> None:
    """Run schemathesis' generated cases of one operation, as the given session."""

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def exercise(case):
        case.call_and_validate(session=http, headers={"X-CSRFToken": token} if token else None, checks=CHECKS)

    exercise()


def test_api_conforms_to_its_openapi_document(api_server):
    base_url, sessions = api_server
    schema = schemathesis.openapi.from_url(f"{base_url}/api/v1/openapi.json")
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        role = next((r for prefix, r in ROLE_BY_PREFIX if operation.path.startswith(prefix)), None)
        http, token = sessions[role] if role else (None, "")
        try:
            _exercise(operation, http, token)
        except Exception as exc:  # report every operation's failure, not only the first
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert not failures, "\n\n".join(failures)


def test_stateful_links_create_read_edit_and_act_on_a_listing(api_server):
    """schemathesis follows the document's links (a listing created, then read, edited, submitted or
    withdrawn) as the vendor: no server error, every answer as documented."""
    base_url, sessions = api_server
    http, token = sessions["vendor"]
    schema = schemathesis.openapi.from_url(f"{base_url}/api/v1/openapi.json")
    followed = set()

    class Listings(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            followed.add((case.method, case.path))
            return {"session": http, "headers": {"X-CSRFToken": token}}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS)

    Listings.run(settings=settings(max_examples=8, stateful_step_count=4, deadline=None, database=None,
                                   derandomize=True, suppress_health_check=list(HealthCheck)))
    assert {("POST", "/api/v1/vendor/listings"), ("PUT", "/api/v1/vendor/listings/{listing_id}")} <= followed


# The attack's payloads, sent to every operation of the document: each answer a 4xx, never a 5xx.
HOSTILE_BODIES = [
    b'{"name": ' + b"[" * 1000 + b"]" * 1000 + b"}",
    b'{"name": "Ph\\ud800n m\\u1ec1m"}',
    b'{"name": "Ph\\u0000n m\\u1ec1m"}',
    b'{"\\udfff": 1}',
    b'{"status": "suspended", "verified_by_ministry": true}',
    b'{"price_monthly_vnd": 1e400, "readiness_min": -99999999999999999999999}',
    b'{"integrations": [' + b",".join([b'"x"'] * 20_000) + b"]}",
    b"[]", b"null", b'"x"', b"{", b"\xff\xfe",
]
HOSTILE_QUERY_VALUES = ["²", "١٢", "9" * 400, "-1", "%ED%A0%80", "%00", "[[[[", "1e309", "%E2%80%AE"]


def test_every_operation_answers_the_attack_payloads_without_a_server_error(api_server):
    base_url, sessions = api_server
    document = sessions["vendor"][0].get(f"{base_url}/api/v1/openapi.json", timeout=10).json()
    failures = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            role = next((r for prefix, r in ROLE_BY_PREFIX if path.startswith(prefix)), "vendor")
            http, token = sessions[role]
            url = base_url + re.sub(r"\{[a-z_]+\}", "ds-01", path).replace("ds-01/submit", "submit")
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"] or ["q"]
            for value in HOSTILE_QUERY_VALUES:
                query = "&".join(f"{name}={value}" for name in names)
                answer = http.request(method, f"{url}?{query}", headers={"X-CSRFToken": token}, timeout=30)
                if answer.status_code >= 500:
                    failures.append(f"{method.upper()} {url}?{query}: {answer.status_code}")
            if "requestBody" in operation:
                for body in HOSTILE_BODIES:
                    answer = http.request(method, url, data=body, timeout=30, headers={
                        "X-CSRFToken": token, "Content-Type": "application/json"})
                    if answer.status_code >= 500:
                        failures.append(f"{method.upper()} {url} {body[:60]!r}: {answer.status_code}")
    assert not failures, "\n".join(failures)
