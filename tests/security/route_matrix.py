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
CONSULTANTS = ("consultant", "other_consultant")  # `consultant` took `sme`'s request; the other did not
ROLES = ("anonymous", *SMES, *VENDORS, *STAFF, *CONSULTANTS)
NOT_PARTIES = ("other_sme", "other_vendor", *CONSULTANTS)  # strangers to the world's contract (404)


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
    "auth.change_password": {"GET": Check(only(*ROLES[1:])),
                             "POST": Check(only(*ROLES[1:], ok=422), data={})},
    "vendors.register": {"GET": Check(everyone(200)), "POST": Check(everyone(422), data={})},
    "smes.register": {"GET": Check(everyone(200)), "POST": Check(everyone(422), data={})},
    "auth.set_language": {"POST": Check(everyone(302), args={"code": "vi"}, data={})},
    # Mailed links: the signed token is the authority; a bad one is 404 for everyone
    "auth.check_email": {"GET": Check(everyone(200))},
    "auth.verify_email": {
        "GET": [Check(everyone(200), args={"token": "fresh:verify_token"}),
                Check(everyone(404), args={"token": "not-a-signed-token"})],
        "POST": [Check(everyone(ALLOWED), args={"token": "fresh:verify_token"}, data={}, resets_session=True),
                 Check(everyone(404), args={"token": "not-a-signed-token"}, data={})]},
    "auth.resend_verification": {
        "POST": Check({**LOGGED_IN_ALLOWED, **{r: ALLOWED for r in CONSULTANTS}}, data={})},
    "auth.forgot_password": {"GET": Check(everyone(200)), "POST": Check(everyone(422), data={})},
    "auth.reset_password": {
        "GET": [Check(everyone(200), args={"token": "fresh:reset_token"}),
                Check(everyone(404), args={"token": "not-a-signed-token"})],
        "POST": [Check(everyone(422), args={"token": "fresh:reset_token"}, data={}),
                 Check(everyone(404), args={"token": "not-a-signed-token"}, data={})]},
    "auth.login_link": {
        "GET": [Check(everyone(200), args={"token": "fresh:login_token"}),
                Check(everyone(404), args={"token": "not-a-signed-token"})],
        "POST": [Check(everyone(ALLOWED), args={"token": "fresh:login_token"}, data={}, resets_session=True),
                 Check(everyone(404), args={"token": "not-a-signed-token"}, data={})]},
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
    # The shortlist: anyone's (an SME's with its account, others' in the session)
    "shortlist.index": {"GET": Check(everyone(200))},
    "shortlist.save": {"POST": Check(everyone(ALLOWED), args={"listing_id": "listing.published"}, data={})},
    "shortlist.remove": {"POST": Check(everyone(ALLOWED), args={"listing_id": "listing.published"}, data={})},
    "shortlist.compare": {"GET": Check(everyone(400), query="ids=nothing-here")},
    "catalog_admin.review_queue": {"GET": Check(only(*STAFF))},
    "catalog_admin.listings": {"GET": Check(only(*STAFF))},
    "catalog_admin.review": {"GET": Check(only(*STAFF), args={"listing_id": "listing.submitted"})},
    "catalog_admin.decide": {"POST": Check(
        only(*STAFF, ok=ALLOWED), data={"reason": ""},
        args={"listing_id": "fresh:listing.submitted", "action": "approve"})},
    "catalog_admin.new_edition": {"GET": Check(only(*STAFF)), "POST": Check(only(*STAFF, ok=422), data={})},
    # Vendors' listing management (another vendor's listing: 404)
    "listings.new": {"GET": Check(only(*VENDORS)), "POST": Check(only(*VENDORS, ok=422), data={})},
    "listings.detail": {"GET": Check(vendor_owned(), args={"listing_id": "listing.draft"})},
    "listings.edit": {
        "GET": Check(vendor_owned(), args={"listing_id": "listing.draft"}),
        "POST": Check(vendor_owned(ALLOWED), args={"listing_id": "fresh:listing.draft"}, data={})},
    "listings.act": {"POST": [
        Check(vendor_owned(ALLOWED), args={"listing_id": "fresh:listing.draft", "action": "submit"}, data={}),
        Check(vendor_owned(ALLOWED), args={"listing_id": "fresh:listing.published", "action": "withdraw"},
              data={})]},
    "vendors.members": {"GET": Check(only(*VENDORS)), "POST": Check(only(*VENDORS, ok=422), data={})},
    "vendors.accept_invite": {
        "GET": [Check(everyone(200), args={"token": "fresh:invite_token"}),
                Check(everyone(404), args={"token": "not-a-signed-token"})],
        "POST": [Check(everyone(422), args={"token": "fresh:invite_token"}, data={}),
                 Check(everyone(404), args={"token": "not-a-signed-token"}, data={})]},
    "vendors.profile": {"GET": Check(only(*VENDORS)),
                        "POST": Check(only(*VENDORS, ok=422), data={"contact_email": "not-an-email"})},
    # Dashboards
    "vendors.dashboard": {"GET": Check(only(*VENDORS))},
    "vendors.officer_join_requests": {"GET": Check(only(*STAFF))},
    # Vetting: the vendor's own documents (the world's vendors are approved: a POST changes nothing and
    # goes back to the page); the officers' queue and decisions on a vendor whose documents wait.
    "vendors.vetting": {"GET": Check(only(*VENDORS)), "POST": Check(only(*VENDORS, ok=302), data={})},
    "vendors.officer_vetting_queue": {"GET": [Check(only(*STAFF)),
                                              Check(only(*STAFF), query="status=approved")]},
    "vendors.officer_vetting": {"GET": Check(only(*STAFF), args={"vendor_id": "vendor.pending"})},
    "vendors.decide_vetting": {"POST": [
        Check(only(*STAFF, ok=ALLOWED), args={"vendor_id": "fresh:vendor.pending", "decision": decision},
              data={"reason": "Bổ sung giấy chứng nhận."})
        for decision in ("approve", "request_changes", "reject")]},
    "vendors.decide_join_request": {"POST": [
        Check(vendor_owned(ALLOWED, officer=ALLOWED, admin=ALLOWED),
              args={"request_id": "fresh:join_request", "decision": decision}, data={})
        for decision in ("approve", "refuse")]},
    "smes.dashboard": {"GET": Check(only(*SMES))},
    "smes.profile": {"GET": Check(only(*SMES)), "POST": Check(only(*SMES, ok=422), data={"name": ""})},
    "leads.leads": {"GET": Check(only(*VENDORS))},
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
    # Open data: public, read-only
    "api.open_editions": {"GET": Check(everyone(200))},
    "api.open_edition_products": {"GET": [Check(everyone(200), args={"number": "edition"}),
                                          Check(everyone(200), args={"number": "edition.latest"},
                                                query="format=csv")]},
    "api.open_products": {"GET": [Check(everyone(200)), Check(everyone(422), query="cursor=x")]},
    "api.open_vendors": {"GET": Check(everyone(200), query="format=csv")},
    "api.open_indicators": {"GET": [Check(everyone(200), query="by=sector"),
                                    Check(everyone(422), query="by=x")]},
    "api.open_dcat": {"GET": Check(everyone(200))},
    # Operations: liveness, readiness and metrics for the load balancer and Prometheus
    "ops.healthz": {"GET": Check(everyone(200))},
    "ops.readyz": {"GET": Check(everyone(200))},
    "ops.metrics": {"GET": Check(everyone(200))},
    "opendata.keys_page": {"GET": Check(only(*STAFF)), "POST": Check(only(*STAFF, ok=422), data={})},
    "opendata.key_calls": {"GET": Check(only(*STAFF), args={"key_id": "fresh:partner_key"})},
    "opendata.revoke_key": {"POST": Check(only(*STAFF, ok=302), args={"key_id": "fresh:partner_key"},
                                          data={})},
    "opendata.deliveries": {"GET": Check(only(*STAFF))},
    "opendata.replay": {"POST": Check(only(*STAFF, ok=302), args={"delivery_id": "fresh:sync_delivery"},
                                      data={})},
    "api.public_listing": {"GET": [Check(everyone(200), args={"listing_id": "listing.published"}),
                                   Check(everyone(404), args={"listing_id": "listing.draft"})]},
    "api.vendor_listings": {"GET": Check(only(*VENDORS))},
    "api.vendor_listing": {"GET": Check(vendor_owned(), args={"listing_id": "listing.draft"})},
    "api.create_vendor_listing": {"POST": Check(only(*VENDORS, ok=422), json={})},
    "api.edit_vendor_listing": {"PUT": Check(vendor_owned(422), args={"listing_id": "fresh:listing.draft"},
                                             json={})},
    "api.vendor_listing_action": {"POST": Check(
        vendor_owned(ALLOWED), args={"listing_id": "fresh:listing.draft", "action": "submit"}, json={})},
    "api.sme_matches": {"GET": Check(owned(("sme", *STAFF), ("other_sme", *VENDORS, *CONSULTANTS),
                                           anonymous=401),
                                      args={"sme_id": "sme"})},
    # Personal data
    # Notifications: one's own (another person's: 404); unsubscribing needs the mailed token, no login
    "notifications.index": {"GET": Check(only(*ROLES[1:]))},
    "notifications.open_one": {"POST": Check(
        {**{r: 404 for r in ROLES}, "anonymous": LOGIN, "sme": 302},
        args={"notification_id": "fresh:notification"}, data={})},
    "notifications.read_all": {"POST": Check(only(*ROLES[1:], ok=ALLOWED), data={})},
    "notifications.preferences": {"GET": Check(only(*ROLES[1:])),
                                  "POST": Check(only(*ROLES[1:], ok=ALLOWED), data={})},
    "notifications.unsubscribe": {
        "GET": [Check(everyone(200), args={"token": "fresh:unsubscribe_token"}),
                Check(everyone(404), args={"token": "not-a-signed-token"})],
        "POST": [Check(everyone(200), args={"token": "fresh:unsubscribe_token"}, data={}),
                 Check(everyone(404), args={"token": "not-a-signed-token"}, data={})]},
    "privacy.index": {"GET": Check(only(*ROLES[1:]))},
    "privacy.change_consent": {"POST": Check(
        only(*SMES, ok=ALLOWED, others=404), args={"purpose": "contact_by_vendors"}, data={"agreed": "1"})},
    "privacy.export": {"POST": Check(only(*ROLES[1:], ok=ALLOWED), data={})},
    "privacy.submit": {"POST": Check(only(*ROLES[1:], ok=ALLOWED),
                                     data={"kind": "correct", "details": "Sửa tên"})},
    "privacy.officer_requests": {"GET": Check(only(*STAFF))},
    "privacy.resolve": {"POST": Check(
        only(*STAFF, ok=ALLOWED), args={"request_id": "fresh:privacy_request", "action": "complete"},
        data={"outcome": "Đã sửa"})},
    # Payments: the contract between `sme` and `vendor` (strangers: 404)
    "payments.index": {"GET": Check({**only(*SMES), **{r: 302 for r in (*VENDORS, *STAFF, *CONSULTANTS)}})},
    "payments.card": {"GET": Check(only(*SMES)), "POST": Check(only(*SMES, ok=422), data={})},
    "payments.contract": {"GET": Check(owned(("sme", "vendor", *STAFF), NOT_PARTIES),
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
        Check(owned(("sme", "vendor", *STAFF), NOT_PARTIES),
              args={"contract_id": contract})
        for contract in ("contract", "contract.agreed")]},
    # The world's "contract" was made without agreed canonical terms: nothing to print, for anyone;
    # "contract.agreed" went through the contract services and prints for its parties and officers.
    "contracts.printable": {"GET": [
        Check(owned(("sme", "vendor", *STAFF), NOT_PARTIES, 404),
              args={"contract_id": "contract"}),
        Check(owned(("sme", "vendor", *STAFF), NOT_PARTIES),
              args={"contract_id": "contract.agreed"}),
    ]},
    **{f"contracts.{name}": {"POST": Check(
        owned(("sme", "vendor"), NOT_PARTIES, ALLOWED, officer=404, admin=404),
        args={"contract_id": "contract"}, data={})} for name in ("offer", "accept", "sign", "amend")},
    "contracts.act": {"POST": Check(
        owned(("sme", "vendor"), NOT_PARTIES, ALLOWED, officer=404, admin=404),
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
    # Deal integrity: officers only
    "integrity.flags": {"GET": [Check(only(*STAFF)), Check(only(*STAFF), query="status=cleared&page=2")]},
    "integrity.decide": {"POST": [
        Check(only(*STAFF, ok=ALLOWED), args={"contract_id": "fresh:integrity_flag", "action": action},
              data={"note": "Đã kiểm tra hồ sơ."}) for action in ("clear", "suspend")]},
    # Reviews: the SME writes about its own contract (another SME: 404), the vendor replies to reviews of
    # its products, any logged-in reader reports or votes, officers moderate
    "reviews.write": {
        "GET": Check(owned(("sme",), ("other_sme",)), args={"contract_id": "contract.reviewable"}),
        "POST": Check(owned(("sme",), ("other_sme",), 422), args={"contract_id": "contract.reviewable"},
                      data={})},
    "reviews.edit": {
        "GET": Check(owned(("sme",), ("other_sme",)), args={"review_id": "review"}),
        "POST": Check(owned(("sme",), ("other_sme",), 422), args={"review_id": "review"}, data={})},
    "reviews.vendor_reviews": {"GET": Check(only(*VENDORS))},
    "reviews.reply": {"POST": Check(vendor_owned(ALLOWED), args={"review_id": "fresh:review"},
                                    data={"reply": "Cảm ơn anh chị."})},
    "reviews.report": {"POST": Check(only(*ROLES[1:], ok=ALLOWED), args={"review_id": "fresh:review"},
                                     data={"reason": "false"})},
    "reviews.helpful": {"POST": Check(only(*ROLES[1:], ok=ALLOWED), args={"review_id": "fresh:review"},
                                      data={})},
    "reviews.moderation": {"GET": Check(only(*STAFF))},
    "reviews.decide": {"POST": [
        Check(only(*STAFF, ok=ALLOWED), args={"review_id": "fresh:review.pending", "action": action},
              data={"reason": "abuse", "note": ""}) for action in ("approve", "reject")]},
    # Complaints: the SME files about its own contract; the parties and officers read and write on it
    # (strangers: 404); officers close and report
    "complaints.index": {"GET": Check(only(*SMES, *VENDORS))},
    "complaints.new": {
        "GET": Check(owned(("sme",), ("other_sme",)), args={"contract_id": "contract"}),
        "POST": Check(owned(("sme",), ("other_sme",), 422), args={"contract_id": "contract"}, data={})},
    "complaints.detail": {"GET": Check(owned(("sme", "vendor", *STAFF), ("other_sme", "other_vendor")),
                                       args={"complaint_id": "complaint"})},
    "complaints.message": {"POST": Check(
        owned(("sme", "vendor", *STAFF), ("other_sme", "other_vendor"), ALLOWED),
        args={"complaint_id": "fresh:complaint"}, data={"text": "Đã nhận, đang xử lý."})},
    "complaints.officer_list": {"GET": [Check(only(*STAFF)), Check(only(*STAFF), query="status=closed")]},
    "complaints.close": {"POST": Check(only(*STAFF, ok=ALLOWED), args={"complaint_id": "fresh:complaint"},
                                       data={"outcome": "upheld", "reason": "Đúng như trình bày."})},
    "complaints.report": {"GET": Check(only(*STAFF), query="by=category")},
    "complaints.report_download": {"GET": [Check(only(*STAFF), args={"kind": kind}, query="by=vendor")
                                           for kind in ("xlsx", "csv")]},
    # Re-review: the vendor files for its own listing (another vendor: 404); officers decide
    "rereview.vendor_page": {"GET": Check(only(*VENDORS))},
    "rereview.file": {"POST": Check(vendor_owned(ALLOWED), args={"listing_id": "fresh:approval"}, data={})},
    "rereview.officer_page": {"GET": Check(only(*STAFF))},
    "rereview.decide": {"POST": [
        Check(only(*STAFF, ok=ALLOWED), args={"rereview_id": "fresh:rereview", "action": action},
              data={"note": "Đủ tiêu chí."}) for action in ("renew", "request_changes", "lapse")]},
    "rereview.lapse": {"POST": Check(only(*STAFF, ok=ALLOWED), args={"listing_id": "fresh:approval.expired"},
                                     data={"note": "Không nộp hồ sơ."})},
    "rereview.criteria": {"GET": Check(only(*STAFF)), "POST": Check(only(*STAFF, ok=422), data={})},
    "reviews.decide_report": {"POST": [
        Check(only(*STAFF, ok=ALLOWED), args={"report_id": "fresh:review_report", "action": action},
              data={"note": "Đã xem."}) for action in ("uphold", "dismiss")]},
    # Programmes and vouchers: rules in public, the SME's own vouchers, officers decide and pay
    "vouchers.programme_page": {"GET": Check(everyone(200), args={"programme_id": "programme"})},
    "vouchers.apply": {"GET": Check(only(*SMES), args={"product_id": "listing.published"}),
                       "POST": Check(only(*SMES), args={"product_id": "listing.published"}, data={})},
    "vouchers.mine": {"GET": Check(only(*SMES))},
    "vouchers.voucher": {"GET": Check(owned(("sme",), ("other_sme",)), args={"voucher_id": "voucher"})},
    "vouchers.programmes": {"GET": Check(only(*STAFF))},
    "vouchers.new_programme": {"GET": Check(only(*STAFF)), "POST": Check(only(*STAFF), data={})},
    "vouchers.programme": {"GET": Check(only(*STAFF), args={"programme_id": "programme"})},
    "vouchers.programme_action": {"POST": [
        Check(only(*STAFF, ok=ALLOWED), args={"programme_id": "fresh:programme.draft", "action": "publish"},
              data={}),
        Check(only(*STAFF, ok=ALLOWED), args={"programme_id": "programme", "action": "settle"}, data={})]},
    "vouchers.batch_file": {"GET": Check(only(*STAFF), args={"batch_id": "disbursement"})},
    "vouchers.queue": {"GET": Check(only(*STAFF))},
    "vouchers.decide": {"POST": [
        Check(only(*STAFF, ok=ALLOWED), data={"reason": "Đã kiểm tra."},
              args={"application_id": "fresh:voucher_application", "action": action})
        for action in ("approve", "reject")]},
    "vouchers.revoke": {"POST": Check(only(*STAFF, ok=ALLOWED), args={"voucher_id": "fresh:voucher"},
                                      data={"reason": "Hồ sơ sai."})},
    "vouchers.report": {"GET": [Check(only(*STAFF), args={"kind": kind}, query="by=category")
                                for kind in ("xlsx", "csv")]},
    # The problem board: published problems are public; a pending one is its SME's and the officers'
    "problems.index": {"GET": Check(everyone(200))},
    "problems.new": {"GET": Check(only(*SMES, *STAFF)), "POST": Check(only(*SMES, *STAFF, ok=422), data={})},
    "problems.mine": {"GET": Check(only(*SMES))},
    "problems.invitations": {"GET": Check(only(*VENDORS))},
    "problems.detail": {"GET": [
        Check(everyone(200), args={"problem_id": "problem.open"}),
        Check({**everyone(404), "sme": 200, "officer": 200, "admin": 200},
              args={"problem_id": "problem.pending"}),
    ]},
    "problem_moderation.queue": {"GET": Check(only(*STAFF))},
    "problem_moderation.moderate": {"POST": [
        Check(only(*STAFF, ok=ALLOWED), args={"problem_id": "fresh:problem.pending", "decision": decision},
              data={"reason": "duplicate", "note": "Trùng bài toán đã có."})
        for decision in ("approve", "reject")]},
    # Proposals: vendors propose and ask; the posting SME (officers for a city problem) compares and decides
    "proposals.propose": {"GET": Check(only(*VENDORS), args={"problem_id": "problem.open"}),
                          "POST": Check(only(*VENDORS, ok=422), args={"problem_id": "problem.open"},
                                        data={})},
    "proposals.compare": {"GET": Check(owned(("sme", *STAFF), ("other_sme", *VENDORS, *CONSULTANTS)),
                                       args={"problem_id": "problem.open"})},
    "proposals.decide": {"POST": [
        Check({**everyone(404), "anonymous": LOGIN, "sme": ALLOWED},
              args={"proposal_id": "fresh:proposal", "action": "shortlist"}, data={}),
        Check({**everyone(404), "anonymous": LOGIN, "vendor": ALLOWED},
              args={"proposal_id": "fresh:proposal", "action": "withdraw"}, data={})]},
    "proposals.ask": {"POST": Check(only(*VENDORS, ok=ALLOWED), args={"problem_id": "problem.open"},
                                    data={"text": "Có cần tích hợp MISA?"})},
    "proposals.answer": {"POST": Check({**everyone(404), "anonymous": LOGIN, "sme": ALLOWED},
                                       args={"problem_id": "problem.open", "question_id": "fresh:question"},
                                       data={"text": "Có."})},
    "problem_moderation.officer_report": {"GET": Check(only(*STAFF))},
    "problem_moderation.officer_report_download": {"GET": [Check(only(*STAFF), args={"kind": kind},
                                                                 query="by=province")
                                                           for kind in ("xlsx", "csv")]},
    "proposals.cancel": {"POST": Check(
        {**everyone(404), "anonymous": LOGIN, "sme": ALLOWED, "officer": ALLOWED, "admin": ALLOWED},
        args={"problem_id": "fresh:problem.pending"}, data={"text": "Đã tìm được giải pháp."})},
    # The consultant network: a public directory; officers vet; SMEs ask; a consultant works only with
    # the SMEs whose request they accepted (the other consultant: 404)
    "consultants.index": {"GET": [Check(everyone(200)),
                                  Check(everyone(200), query="specialty=e_invoice&province=Huế&q=lan")]},
    "consultants.profile": {"GET": [Check(everyone(200), args={"consultant_id": "consultant"}),
                                    Check(everyone(404), args={"consultant_id": "khong-co"})]},
    "consultants.register": {"GET": Check(everyone(200)), "POST": Check(everyone(422), data={})},
    "consultants.officer_list": {"GET": [Check(only(*STAFF)), Check(only(*STAFF), query="status=certified")]},
    "consultants.certify": {"POST": Check(
        only(*STAFF, ok=ALLOWED), args={"consultant_id": "fresh:consultant.pending"},
        data={"documents": "y", "experience": "y", "references": "y", "certified_on": "2026-03-01"})},
    "consultants.change_status": {"POST": Check(
        only(*STAFF, ok=ALLOWED), args={"consultant_id": "fresh:consultant.pending", "status": "suspended"},
        data={"reason": "Khiếu nại của doanh nghiệp"})},
    "consultants.for_sme": {"GET": Check(only(*SMES))},
    "consultants.ask": {"POST": Check(only(*SMES, ok=ALLOWED), args={"consultant_id": "fresh:consultant"},
                                      data={"message": "Cần tư vấn"})},
    "consultants.workspace": {"GET": Check(only(*CONSULTANTS))},
    "consultants.decide": {"POST": Check(owned(("consultant",), ("other_consultant",), ALLOWED),
                                         args={"request_id": "fresh:consultant_request", "action": "accept"},
                                         data={})},
    "consultants.sme_page": {"GET": Check(owned(("consultant",), ("other_consultant",)),
                                          args={"sme_id": "sme"})},
    "consultants.record_session": {"POST": Check(owned(("consultant",), ("other_consultant",), ALLOWED),
                                                 args={"sme_id": "sme"},
                                                 data={"kind": "consulting", "on": "2026-03-02",
                                                       "hours": "2"})},
    "consultants.run_assessment": {"POST": Check(owned(("consultant",), ("other_consultant",), ALLOWED),
                                                 args={"sme_id": "sme"},
                                                 data={"level": "2", "assessed_on": "2026-03-02",
                                                       "framework": "dbi-2158-2023"})},
    "consultants.propose": {"POST": Check(owned(("consultant",), ("other_consultant",), ALLOWED),
                                          args={"sme_id": "sme"}, data={"listing_id": "p-khong-co"})},
    # Training courses: a public list; SMEs enrol; officers and certified consultants publish; the
    # attendance list is the organiser's (officers: any course; the other consultant: 404)
    "courses.index": {"GET": Check(everyone(200))},
    "courses.enrol": {"POST": Check(only(*SMES, ok=ALLOWED), args={"course_id": "fresh:course"}, data={})},
    "courses.withdraw": {"POST": Check(only(*SMES, ok=ALLOWED), args={"course_id": "fresh:course"}, data={})},
    "courses.new": {"GET": Check(only(*STAFF, *CONSULTANTS)),
                    "POST": Check(only(*STAFF, *CONSULTANTS, ok=422), data={})},
    "courses.organised": {"GET": Check(only(*STAFF, *CONSULTANTS))},
    "courses.cancel": {"POST": Check(owned(("consultant", *STAFF), ("other_consultant",), ALLOWED),
                                     args={"course_id": "fresh:course"}, data={"reason": "Giảng viên ốm."})},
    "courses.attendance": {
        "GET": Check(owned(("consultant", *STAFF), ("other_consultant",)), args={"course_id": "course"}),
        "POST": Check(owned(("consultant", *STAFF), ("other_consultant",), ALLOWED),
                      args={"course_id": "fresh:course.begun"}, data={})},
    "assessments.history": {"GET": Check(only(*SMES))},
    "assessments.questionnaire": {"GET": Check(only(*SMES)), "POST": Check(only(*SMES, ok=422), data={})},
    # No questionnaire taken yet: to the questionnaire
    "assessments.questionnaire_result": {"GET": Check(only(*SMES, ok=302))},
    # The programme's indicators: officers only
    "indicators.dashboard": {"GET": [Check(only(*STAFF)),
                                     Check(only(*STAFF), query="plan=Huế+2026-2030&year=2026")]},
    "indicators.set_target": {"POST": Check(only(*STAFF, ok=ALLOWED), data={
        "plan": "Huế 2026-2030", "province": "Huế", "indicator": "trained", "target": "100",
        "year": "2027"})},
    "indicators.annual": {"POST": Check(only(*STAFF, ok=303), args={"year": "2026"}, data={"place": "Huế"})},
    # Background jobs: officers watch them and download what they made
    "jobs.index": {"GET": Check(only(*STAFF))},
    "jobs.reindex": {"POST": Check(only(*STAFF, ok=303), data={})},
    "jobs.download": {"GET": [Check(only(*STAFF), args={"key": "fresh:job_file"}),
                              Check(only(*STAFF, ok=404), args={"key": "no-such-run"})]},
}
