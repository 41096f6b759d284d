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
Arguments "fresh:<builder>" get a new object (world.FRESH) for each check. A method may have a list
of checks, e.g. a public page probed with a published listing (200) and with a draft (404 for all).
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


def vendor_owned(ok: object = 200, **extra) -> dict[str, object]:
    """The first vendor's object: its member gets `ok`, the other vendor's member 404, others 403."""
    return owned(("vendor",), ("other_vendor",), ok, **extra)


LOGGED_IN = only(*SMES, *VENDORS, *STAFF)
LOGGED_IN_ALLOWED = only(*SMES, *VENDORS, *STAFF, ok=ALLOWED)

ROUTES: dict[str, dict[str, Check | list[Check]]] = {
    "static": {"GET": Check(everyone(200), args={"filename": "css/app.css"})},
    # Accounts
    "auth.login": {"GET": Check(everyone(200)), "POST": Check(everyone(422), data={})},
    "auth.logout": {"POST": Check(everyone(302), data={}, resets_session=True)},
    "auth.register": {"GET": Check(everyone(200))},
    "auth.register_vendor": {"GET": Check(everyone(200)), "POST": Check(everyone(422), data={})},
    "auth.register_sme": {"GET": Check(everyone(200)), "POST": Check(everyone(422), data={})},
    "auth.set_language": {"POST": Check(everyone(302), args={"code": "vi"}, data={})},
    # Catalog
    "catalog.index": {"GET": [Check(everyone(200)),
                              Check(everyone(200), query="q=hoa+don&category=e_invoice")]},
    "catalog.product": {"GET": [Check(everyone(200), args={"listing_id": "listing.published"}),
                                Check(everyone(404), args={"listing_id": "listing.draft"}),
                                Check(everyone(404), args={"listing_id": "listing.submitted"})]},
    "catalog.vendor": {"GET": Check(everyone(200), args={"vendor_id": "vendor"})},
    "catalog.editions": {"GET": Check(everyone(200))},
    "catalog.edition": {"GET": Check(everyone(200), args={"number": "edition"})},
    "catalog.edition_diff": {"GET": Check(everyone(200), args={"number": "edition.latest"})},
    "catalog.edition_export": {"GET": [Check(everyone(200), args={"number": "edition", "kind": kind})
                                       for kind in ("csv", "xlsx", "json")]},
    "catalog_admin.review_queue": {"GET": Check(only(*STAFF))},
    "catalog_admin.listings": {"GET": Check(only(*STAFF))},
    "catalog_admin.review": {"GET": Check(only(*STAFF), args={"listing_id": "listing.submitted"})},
    "catalog_admin.decide": {"POST": Check(
        only(*STAFF, ok=ALLOWED), data={"reason": ""},
        args={"listing_id": "fresh:listing.submitted", "action": "approve"})},
    "catalog_admin.new_edition": {"GET": Check(only(*STAFF)), "POST": Check(only(*STAFF, ok=422), data={})},
    # Vendors' listing management (another vendor's listing: 404)
    "vendors.new_listing": {"GET": Check(only(*VENDORS)), "POST": Check(only(*VENDORS, ok=422), data={})},
    "vendors.listing": {"GET": Check(vendor_owned(), args={"listing_id": "listing.draft"})},
    "vendors.edit_listing": {
        "GET": Check(vendor_owned(), args={"listing_id": "listing.draft"}),
        "POST": Check(vendor_owned(ALLOWED), args={"listing_id": "fresh:listing.draft"}, data={})},
    "vendors.act": {"POST": [
        Check(vendor_owned(ALLOWED), args={"listing_id": "fresh:listing.draft", "action": "submit"}, data={}),
        Check(vendor_owned(ALLOWED), args={"listing_id": "fresh:listing.published", "action": "withdraw"},
              data={})]},
    "vendors.members": {"GET": Check(only(*VENDORS)), "POST": Check(only(*VENDORS, ok=422), data={})},
    # Dashboards
    "vendors.dashboard": {"GET": Check(only(*VENDORS))},
    "smes.dashboard": {"GET": Check(only(*SMES))},
    "smes.profile": {"GET": Check(only(*SMES)), "POST": Check(only(*SMES, ok=422), data={"name": ""})},
    "smes.assessment": {"GET": Check(only(*SMES)), "POST": Check(only(*SMES, ok=422), data={})},
    "smes.assessment_result": {"GET": Check(only(*SMES, ok=302))},  # no assessment yet: to the questionnaire
    "sme_leads.leads": {"GET": Check(only(*VENDORS))},
    # Personal data
    # JSON API (anonymous: 401)
    "api.openapi_json": {"GET": Check(everyone(200))},
    # Search: public for all; a vendor's own drafts and the review queue need the role (anonymous: 403)
    "api.search": {"GET": [
        Check(everyone(200), query="q=hoa+don+dien+tu"),
        Check(only(*VENDORS, anonymous=403), query="q=&scope=vendor"),
        Check(only(*STAFF, anonymous=403), query="q=&scope=review"),
    ]},
    "api.catalog": {"GET": [Check(everyone(200)), Check(everyone(200), query="format=xlsx")]},
    "api.public_listing": {"GET": [Check(everyone(200), args={"listing_id": "listing.published"}),
                                   Check(everyone(404), args={"listing_id": "listing.draft"})]},
    "api.vendor_listings": {"GET": Check(only(*VENDORS))},
    "api.vendor_listing": {"GET": Check(vendor_owned(), args={"listing_id": "listing.draft"})},
    "api.create_vendor_listing": {"POST": Check(only(*VENDORS, ok=422), json={})},
    "api.edit_vendor_listing": {"PUT": Check(vendor_owned(422), args={"listing_id": "fresh:listing.draft"},
                                             json={})},
    "api.vendor_listing_action": {"POST": Check(
        vendor_owned(ALLOWED), args={"listing_id": "fresh:listing.draft", "action": "submit"}, json={})},
    "api.sme_matches": {"GET": Check(owned(("sme", *STAFF), ("other_sme", *VENDORS), anonymous=401),
                                      args={"sme_id": "sme"})},
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
    # Payments: the contract between `sme` and `vendor` (strangers: 404)
    "payments.index": {"GET": Check({**only(*SMES), **{r: 302 for r in (*VENDORS, *STAFF)}})},
    "payments.card": {"GET": Check(only(*SMES)), "POST": Check(only(*SMES, ok=422), data={})},
    "payments.contract": {"GET": Check(owned(("sme", "vendor", *STAFF), ("other_sme", "other_vendor")),
                                       args={"contract_id": "contract"})},
    "payments.pay": {"POST": Check(owned(("sme",), ("other_sme",), ALLOWED),
                                   args={"instalment_id": "fresh:instalment"}, data={})},
    "payments.declare": {"POST": Check(owned(("sme",), ("other_sme",), ALLOWED), data={"revenue_vnd": "0"},
                                       args={"instalment_id": "fresh:instalment"})},
    "payments.refund": {"POST": Check(owned(("vendor", *STAFF), ("other_vendor",), ALLOWED),
                                      args={"attempt_id": "fresh:payment"},
                                      # amount 0 is refused after the access check: no call to Stripe
                                      data={"amount_vnd": "0", "reason": "Khách hàng hủy dịch vụ"})},
    "payments.receivables": {"GET": Check(only(*VENDORS, *STAFF))},
    "payments.webhook": {"POST": Check(everyone(400), data={})},  # no Stripe-Signature
    # Contracts: the signed contract between `sme` and `vendor`; officers read it, only parties act (404)
    "contracts.index": {"GET": Check(LOGGED_IN)},
    "contracts.request_offer": {
        "GET": Check(only(*SMES), args={"product_id": "listing.published"}),
        "POST": Check(only(*SMES, ok=422), args={"product_id": "listing.published"}, data={})},
    "contracts.detail": {"GET": [
        Check(owned(("sme", "vendor", *STAFF), ("other_sme", "other_vendor")), args={"contract_id": contract})
        for contract in ("contract", "contract.agreed")]},
    # The world's "contract" was made without agreed canonical terms: nothing to print, for anyone;
    # "contract.agreed" went through the contract services and prints for its parties and officers.
    "contracts.printable": {"GET": [
        Check(owned(("sme", "vendor", *STAFF), ("other_sme", "other_vendor"), 404),
              args={"contract_id": "contract"}),
        Check(owned(("sme", "vendor", *STAFF), ("other_sme", "other_vendor")),
              args={"contract_id": "contract.agreed"}),
    ]},
    **{f"contracts.{name}": {"POST": Check(
        owned(("sme", "vendor"), ("other_sme", "other_vendor"), ALLOWED, officer=404, admin=404),
        args={"contract_id": "contract"}, data={})} for name in ("offer", "accept", "sign", "amend")},
    "contracts.act": {"POST": Check(
        owned(("sme", "vendor"), ("other_sme", "other_vendor"), ALLOWED, officer=404, admin=404),
        args={"contract_id": "contract", "action": "complete"}, data={})},
    "contracts.verify": {"GET": [Check(everyone(200)), Check(everyone(200), query="id=hd-1&digest=00")]},
    # Contract reports: officers only (the API answers 401/403 in JSON)
    "reports.dashboard": {"GET": Check(only(*STAFF))},
    "reports.set_target": {"POST": Check(only(*STAFF, ok=ALLOWED), data={})},
    "reports.download": {"GET": [Check(only(*STAFF), args={"kind": kind}, query="by=sector")
                                 for kind in ("xlsx", "csv")]},
    "reports.annual": {"GET": Check(only(*STAFF), args={"year": "2026"})},
    "api.contracts_report": {"GET": Check(only(*STAFF, anonymous=401),
                                          query="from=2026-01-01&to=2026-12-31&by=sector")},
}
