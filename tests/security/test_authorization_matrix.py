"""Every route of the app × every role, with the expected answer from route_matrix.py.

A new route without an entry fails `test_every_route_has_an_entry`; tell the test what each role
should get by adding the entry. The world is built once, the clients log in once.
"""

from __future__ import annotations

from marketplace.app import create_app
from tests.conftest import TEST_CONFIG
from tests.security.harness import Browser, checks_of, route_methods, verdict
from tests.security.route_matrix import ALLOWED, ROLES, ROUTES


def test_every_route_has_an_entry(tmp_path):
    app = create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{tmp_path / 'routes.db'}"})
    problems = []
    for endpoint, (rule, methods) in sorted(route_methods(app).items()):
        entry = ROUTES.get(endpoint, {})
        for method in sorted(methods - set(entry)):
            problems.append(f"{method} {rule} (endpoint {endpoint!r}) has no entry in "
                            f"tests/security/route_matrix.py: add ROUTES[{endpoint!r}][{method!r}] = "
                            "Check(...) with the expected status for each role")
        for method in sorted(set(entry) - methods):
            problems.append(f"route_matrix.py has {endpoint!r} {method}, which the app does not serve: "
                            "remove it")
        for method, check in checks_of(entry):
            if missing := set(ROLES) - set(check.expect):
                problems.append(f"route_matrix.py {endpoint!r} {method}: no expectation for "
                                f"{sorted(missing)}")
    for endpoint in sorted(set(ROUTES) - set(route_methods(app))):
        problems.append(f"route_matrix.py has {endpoint!r}, which is not a route of the app: remove it")
    assert not problems, "\n".join(problems)


def test_authorization_matrix(sqlite_app):
    # Access rules do not depend on the database; SQLite keeps the ~600 requests to a few seconds.
    browser = Browser(sqlite_app)
    routes = route_methods(sqlite_app)
    checks = [(endpoint, method, check) for endpoint, entry in ROUTES.items() if endpoint in routes
              for method, check in checks_of(entry)]
    # Reads first, then writes; roles expected to be refused go before those allowed to act.
    checks.sort(key=lambda c: c[1] != "GET")
    failures = []
    for endpoint, method, check in checks:
        roles = sorted(ROLES, key=lambda r: check.expect[r] == ALLOWED)
        for role in roles:
            url = browser.url(endpoint, check, method)
            response = browser.call(role, method, url, check)
            expected = check.expect[role]
            if not verdict(expected, response, url):
                where = response.headers.get("Location", "")
                failures.append(f"{method} {url} as {role}: expected {expected}, got {response.status_code}"
                                f"{' -> ' + where if where else ''}")
            if check.resets_session:
                browser.sign_in(role)
    assert not failures, f"{len(failures)} authorisation mismatches:\n" + "\n".join(failures)
