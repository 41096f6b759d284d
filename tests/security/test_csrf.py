"""CSRF on every state-changing route: without the token the request is refused before the view runs."""

from tests.security.harness import STATE_CHANGING, Browser, checks_of
from tests.security.route_matrix import ALLOWED, ROUTES, Check

# Routes that cannot carry a CSRF token, and what protects them instead.
CSRF_EXEMPT: dict[str, str] = {
    "payments.webhook": "no session: Stripe signs each call (Stripe-Signature HMAC and timestamp, verified)",
    "notifications.unsubscribe": "no session: the signed token mailed to the person is the authority, and "
                                 "mail programs POST to it without a form (RFC 8058 one-click)",
}


def is_csrf_refusal(response) -> bool:
    if response.is_json:
        return response.get_json()["error"]["code"] == "csrf"
    return "hết hạn hoặc biểu mẫu không hợp lệ" in response.get_data(as_text=True)


def _any_url(rule) -> str:
    """The rule's URL with placeholder arguments ("1" fits string and integer converters): the CSRF
    check runs before any lookup."""
    return rule.build({name: "1" for name in rule.arguments})[1]


def test_every_state_changing_route_refuses_a_request_without_csrf_token(sqlite_app):
    browser = Browser(sqlite_app)
    failures = []
    for rule in sqlite_app.url_map.iter_rules():
        for method in sorted(set(rule.methods) & STATE_CHANGING):
            checks = [c for m, c in checks_of(ROUTES.get(rule.endpoint, {})) if m == method]
            check = checks[0] if checks else Check({})
            url = _any_url(rule)
            # Anonymous, and a role that may act (the view would run if the token were not checked).
            allowed = [r for r, e in check.expect.items() if e in (ALLOWED, 200)] or ["officer"]
            for role in ("anonymous", allowed[0]):
                response = browser.call(role, method, url, check, with_token=False)
                refused = response.status_code == 400 and is_csrf_refusal(response)
                if rule.endpoint in CSRF_EXEMPT:
                    if refused:
                        failures.append(f"{method} {rule} is documented as CSRF-exempt but refused as CSRF")
                elif not refused:
                    failures.append(f"{method} {url} as {role} without CSRF token: "
                                    f"got {response.status_code}, expected 400 (CSRF)")
    assert not failures, "\n".join(failures)


def test_csrf_exemptions_are_routes_of_the_app(sqlite_app):
    assert set(CSRF_EXEMPT) <= {rule.endpoint for rule in sqlite_app.url_map.iter_rules()}
