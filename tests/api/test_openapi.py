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

from marketplace.app import create_app
from marketplace.db import Base
from marketplace.extensions import db
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
