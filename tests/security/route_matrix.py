"""Who may call each route: every endpoint of the app's URL map, for every role, with the expected answer.

test_authorization_matrix.py walks app.url_map and fails for any route without an entry here.
Roles: anonymous, sme, other_sme, vendor, other_vendor, officer, admin. URL arguments name objects
of tests/security/world.py owned by `sme` and `vendor`, so `other_sme` and `other_vendor` are
strangers to them (expected: 404, never the data). Expected answers:
- an int: that exact status;
- LOGIN: a redirect to the login page (pages) — the API answers 401 instead;
- ALLOWED: the role passes the access check (used for state-changing POSTs, whose outcome depends
  on the data and on earlier checks): any status below 500 other than 401, 403, 404, 405 or a
  redirect to the login page.
Arguments "fresh:<builder>" get a new object (world.FRESH) for each check.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LOGIN = "login"
ALLOWED = "allowed"

STAFF = ("officer", "admin")
SMES = ("sme", "other_sme")
VENDORS = ("vendor", "other_vendor")
ROLES = ("anonymous", *SMES, *VENDORS, *STAFF)


@dataclass(frozen=True)
class Check:
    expect: dict[str, object]
    args: dict[str, str] = field(default_factory=dict)
    data: dict | None = None  # form fields of a POST (the CSRF token is added)
    json: dict | None = None  # JSON body of a POST to the API
    query: str = ""
    resets_session: bool = False  # e.g. logout: log the role in again afterwards


def everyone(status) -> dict[str, object]:
    return {role: status for role in ROLES}


def only(*roles: str, ok: object = 200, others: int = 403, anonymous: object = LOGIN) -> dict[str, object]:
    """`roles` get `ok`, other logged-in roles `others`, anonymous a login redirect (or 401 on the API)."""
    return {"anonymous": anonymous, **{r: (ok if r in roles else others) for r in ROLES if r != "anonymous"}}


def owned(owner_roles: tuple[str, ...], strangers: tuple[str, ...], ok: object = 200, *,
          anonymous: object = LOGIN, **extra) -> dict[str, object]:
    """Owners get `ok`, strangers of the same kind 404, every other role 403 unless given in `extra`."""
    table = {r: 403 for r in ROLES}
    table.update({"anonymous": anonymous, **{r: ok for r in owner_roles}, **{r: 404 for r in strangers}})
    table.update(extra)
    return table


LOGGED_IN = only(*SMES, *VENDORS, *STAFF)
LOGGED_IN_ALLOWED = only(*SMES, *VENDORS, *STAFF, ok=ALLOWED)

ROUTES: dict[str, dict[str, Check]] = {
    "static": {"GET": Check(everyone(200), args={"filename": "css/app.css"})},
    # Accounts
    "auth.login": {"GET": Check(everyone(200)), "POST": Check(everyone(422), data={})},
    "auth.logout": {"POST": Check(everyone(302), data={}, resets_session=True)},
    "auth.register": {"GET": Check(everyone(200))},
    "auth.register_vendor": {"GET": Check(everyone(200)), "POST": Check(everyone(422), data={})},
    "auth.register_sme": {"GET": Check(everyone(200)), "POST": Check(everyone(422), data={})},
    "auth.set_language": {"POST": Check(everyone(302), args={"code": "vi"}, data={})},
    # Catalog
    "catalog.index": {"GET": Check(everyone(200))},
    "catalog_admin.review_queue": {"GET": Check(only(*STAFF))},
    # Dashboards
    "vendors.dashboard": {"GET": Check(only(*VENDORS))},
    "smes.dashboard": {"GET": Check(only(*SMES))},
    # Personal data
    "privacy.index": {"GET": Check(LOGGED_IN)},
    "privacy.change_consent": {"POST": Check(
        only(*SMES, ok=ALLOWED, others=404), args={"purpose": "contact_by_vendors"}, data={"agreed": "1"})},
    "privacy.export": {"POST": Check(LOGGED_IN_ALLOWED, data={})},
    "privacy.submit": {"POST": Check(LOGGED_IN_ALLOWED, data={"kind": "correct", "details": "Sửa tên"})},
    "privacy.officer_requests": {"GET": Check(only(*STAFF))},
    "privacy.resolve": {"POST": Check(
        only(*STAFF, ok=ALLOWED), args={"request_id": "fresh:privacy_request", "action": "complete"},
        data={"outcome": "Đã sửa"})},
}
