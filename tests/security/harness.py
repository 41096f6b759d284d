"""Route-level security test harness: the URL map, one logged-in client per role, and verdicts."""

from __future__ import annotations

from flask import Flask

from core.extensions import db
from tests.conftest import csrf_token, login
from tests.factories import Factory
from tests.security.route_matrix import ALLOWED, LOGIN, ROLES, Check
from tests.security.world import FRESH, World, build_world

IGNORED_METHODS = {"HEAD", "OPTIONS"}
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def checks_of(entry: dict) -> list[tuple[str, Check]]:
    """(method, check) pairs of a route_matrix entry (a method may have a list of checks)."""
    return [(method, check) for method, value in entry.items()
            for check in (value if isinstance(value, list) else [value])]


def route_methods(app: Flask) -> dict[str, tuple[str, set[str]]]:
    """endpoint -> (rule, methods) for every rule of the URL map."""
    found: dict[str, tuple[str, set[str]]] = {}
    for rule in app.url_map.iter_rules():
        rule_text, methods = found.get(rule.endpoint, (rule.rule, set()))
        found[rule.endpoint] = (rule_text, methods | (set(rule.methods) - IGNORED_METHODS))
    return found


class Browser:
    """One test client per role, logged in, with its CSRF token, over a freshly built world."""

    def __init__(self, app: Flask):
        self.app = app
        with app.app_context():
            self.world: World = build_world(db.session, Factory(db.session, app.extensions["passwords"]))
        self.clients: dict = {}
        self.tokens: dict[str, str] = {}
        for role in ROLES:
            self.sign_in(role)

    def sign_in(self, role: str) -> None:
        """A fresh browser for `role`, logged in (anonymous: none; a mailed link may have logged it in)."""
        client = self.clients[role] = self.app.test_client()
        if role != "anonymous":
            login(client, self.world.users[role])
        self.tokens[role] = csrf_token(client, "/login")

    def url(self, endpoint: str, check: Check, method: str) -> str:
        values = {}
        for name, key in check.args.items():
            if key.startswith("fresh:"):
                with self.app.app_context():
                    factory = Factory(db.session, self.app.extensions["passwords"])
                    values[name] = FRESH[key.removeprefix("fresh:")](db.session, factory, self.world)
                    db.session.commit()
            else:
                values[name] = self.world.keys.get(key, key)
        adapter = self.app.url_map.bind("localhost")
        return adapter.build(endpoint, values, method=method) + (f"?{check.query}" if check.query else "")

    def call(self, role: str, method: str, url: str, check: Check, with_token: bool = True):
        client = self.clients[role]
        if method == "GET":
            return client.get(url)
        token = {"csrf_token": self.tokens[role]} if with_token else {}
        if check.json is not None:
            headers = {"X-CSRFToken": self.tokens[role]} if with_token else {}
            return client.open(url, method=method, json=check.json, headers=headers)
        return client.open(url, method=method, data={**(check.data or {}), **token})


def verdict(expected, response, url: str) -> bool:
    status = response.status_code
    to_login = status == 302 and "/login" in response.headers.get("Location", "")
    if status >= 500:
        return False
    if expected == LOGIN:
        return status == 401 if url.startswith("/api/") else to_login
    if expected == ALLOWED:
        return status not in (401, 403, 404, 405) and not to_login
    return status == expected
