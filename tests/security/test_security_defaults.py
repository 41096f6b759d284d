"""Security by default: cookies, headers on every page, passwords, sessions, login throttling."""

from __future__ import annotations

import re
import time
import uuid
from datetime import timedelta

import pytest
import redis
from argon2 import PasswordHasher
from sqlalchemy import select

from accounts.passwords import COMMON_PASSWORDS, MIN_LENGTH, Passwords, password_problem
from accounts.services import authenticate
from core.audit import AuditEntry
from core.db import Base
from core.extensions import db
from marketplace.app import create_app
from tests.conftest import TEST_CONFIG, csrf_token, form_post, login
from tests.factories import Factory
from tests.security.harness import Browser, checks_of
from tests.security.route_matrix import ROUTES

REDIS_URL = "redis://127.0.0.1:6379/0"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<[a-z][^>]*\sstyle=|<style[\s>]", re.I)
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+=", re.I)


def _app(tmp_path, **config):
    app = create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{tmp_path / 'defaults.db'}", **config})
    Base.metadata.create_all(app.extensions["db_engine"])
    return app


# Cookies and transport -------------------------------------------------------------------------

def test_production_cookies_are_secure_httponly_and_samesite_lax(tmp_path):
    app = _app(tmp_path, ENV="production", SECRET_KEY="a-real-secret-for-this-test")
    response = app.test_client().get("/login")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert app.config["REMEMBER_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_HTTPONLY"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_development_cookies_work_over_plain_http_but_stay_httponly(tmp_path):
    app = _app(tmp_path, ENV="development")
    cookie = next(c for c in app.test_client().get("/login").headers.getlist("Set-Cookie")
                  if c.startswith("session="))
    assert "Secure" not in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_refuses_the_default_secret_key(tmp_path):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({**TEST_CONFIG, "ENV": "production", "SECRET_KEY": "dev-only-secret-change-me",
                    "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})


# Headers and CSP on every page ------------------------------------------------------------------

def test_every_page_has_security_headers_and_nothing_the_csp_would_block(sqlite_app):
    """Each GET route, as up to 3 roles allowed to see it: headers, and no inline script/style/handlers."""
    browser = Browser(sqlite_app)
    visits = [(endpoint, check, role) for endpoint, entry in sorted(ROUTES.items())
              for method, check in checks_of(entry) if method == "GET"
              for role in [r for r, status in check.expect.items() if status == 200][:3]]
    problems, pages = [], 0
    for endpoint, check, role in visits:
        url = browser.url(endpoint, check, "GET")
        response = browser.call(role, "GET", url, check)
        headers = response.headers
        csp = headers.get("Content-Security-Policy", "")
        if "script-src 'self'" not in csp or "unsafe-inline" in csp or "unsafe-eval" in csp:
            problems.append(f"{url} as {role}: weak or missing CSP {csp!r}")
        if "frame-ancestors 'none'" not in csp or headers.get("X-Frame-Options") != "DENY":
            problems.append(f"{url} as {role}: may be framed")
        if headers.get("X-Content-Type-Options") != "nosniff" or not headers.get("Referrer-Policy"):
            problems.append(f"{url} as {role}: missing nosniff or Referrer-Policy")
        personal = role != "anonymous" and endpoint != "static"
        if personal and "no-store" not in headers.get("Cache-Control", ""):
            problems.append(f"{url} as {role}: a logged-in page without Cache-Control: no-store")
        if response.mimetype == "text/html":
            pages += 1
            body = response.get_data(as_text=True)
            for name, pattern in (("inline <script>", INLINE_SCRIPT), ("inline style", INLINE_STYLE),
                                  ("inline event handler", INLINE_HANDLER)):
                if match := pattern.search(body):
                    problems.append(f"{url} as {role}: {name} the CSP blocks: {match.group(0)[:80]!r}")
    assert pages >= 8
    assert not problems, "\n".join(problems)


def test_error_pages_and_api_errors_carry_the_headers_too(sqlite_app):
    client = sqlite_app.test_client()
    for url in ("/no-such-page", "/api/v1/no-such-endpoint"):
        response = client.get(url)
        assert response.status_code == 404
        assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"


# Passwords and sessions --------------------------------------------------------------------------

def test_password_policy_refuses_short_and_common_passwords():
    assert MIN_LENGTH >= 8
    template, params = password_problem("Ab1!xyz")
    assert template % params == "Mật khẩu phải có ít nhất 8 ký tự."
    for common in ("password", "12345678", "matkhau123", "Vietnam123", "aaaaaaaaaa"):
        assert password_problem(common), common
    assert {"123456789", "qwerty123", "iloveyou"} <= COMMON_PASSWORDS
    assert password_problem("Cà-phê-sữa-đá-2026") is None


def test_passwords_are_hashed_with_argon2id_at_the_configured_cost():
    hashed = Passwords(time_cost=3, memory_cost=65536).hash("Cà-phê-sữa-đá-2026")
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,")
    assert Passwords().verify(hashed, "Cà-phê-sữa-đá-2026")
    assert not Passwords().verify(hashed, "cà-phê-sữa-đá-2026")
    assert not Passwords().verify("!erased", "anything")


class CountingHasher(PasswordHasher):
    """argon2's own hasher, counting the verifications it computes (not a hash it cannot read)."""

    verified = 0

    def verify(self, hash, password):
        if hash.startswith("$argon2"):
            type(self).verified += 1
        return super().verify(hash, password)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_login_computes_one_argon2_verification_whether_or_not_the_account_exists(app, factory, session):
    """Timing must not tell which emails have accounts: an unknown email, a deactivated or erased
    account cost the same Argon2 verification as a wrong password."""
    passwords = app.extensions["passwords"]
    passwords._hasher = CountingHasher(time_cost=1, memory_cost=1024)
    known = factory.user("sme")
    factory.user("sme", email="off@example.vn", active=False)
    factory.user("sme", email="erased@example.vn", password_hash="!erased")
    for email in (known.email, "nobody@example.vn", "off@example.vn", "erased@example.vn"):
        before = CountingHasher.verified
        assert authenticate(session, passwords, email, "sai-mat-khau-1") is None
        assert CountingHasher.verified == before + 1, email
    assert authenticate(session, passwords, known.email.upper(), Factory.PASSWORD) == known


def test_registration_refuses_a_short_password(client, session):
    response = form_post(client, "/register/vendor", {
        "vendor_name": "Công ty Mây Xanh", "tax_code": "0101234567", "full_name": "Lê Văn C",
        "email": "c@mayxanh.vn", "password": "Ab1!xyz", "confirm": "Ab1!xyz",
    }, page="/register/vendor")
    assert response.status_code == 422 and "ít nhất 8 ký tự" in response.get_data(as_text=True)


def _session_cookie(client) -> str | None:
    cookie = client.get_cookie("session")
    return cookie.value if cookie else None


def _user(app, role: str):
    """A user made outside any request (requests of these tests each get their own app context)."""
    with app.app_context():
        user = Factory(db.session, app.extensions["passwords"]).user(role)
        db.session.commit()
    return user


def test_login_starts_a_new_session_and_the_old_cookie_stays_anonymous(sqlite_app):
    client, user = sqlite_app.test_client(), _user(sqlite_app, "sme")
    token_before = csrf_token(client, "/login")
    cookie_before = _session_cookie(client)
    login(client, user)
    assert csrf_token(client, "/login") != token_before  # the session's secret was replaced
    assert _session_cookie(client) != cookie_before
    assert client.get("/sme/").status_code == 200
    client.set_cookie("session", cookie_before)  # an attacker replays the pre-login session
    assert client.get("/sme/").status_code == 302


def test_logout_ends_the_session_even_for_a_copied_cookie(sqlite_app):
    client, user = sqlite_app.test_client(), _user(sqlite_app, "vendor")
    login(client, user)
    assert client.get("/vendor/").status_code == 200
    stolen = _session_cookie(client)
    other_device = sqlite_app.test_client()
    login(other_device, user)
    assert form_post(client, "/logout", page="/vendor/").status_code == 302
    assert client.get("/vendor/").status_code == 302
    client.set_cookie("session", stolen)  # the cookie copied before logout is dead server-side
    assert client.get("/vendor/").status_code == 302
    assert other_device.get("/vendor/").status_code == 200  # other logins of the same user live on


def test_a_deactivated_account_is_logged_out_at_its_next_request(sqlite_app):
    from accounts.models import User

    client, user = sqlite_app.test_client(), _user(sqlite_app, "vendor")
    login(client, user)
    with sqlite_app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    assert client.get("/vendor/").status_code == 302


# Login throttling ------------------------------------------------------------------------------

PREFIX = f"test-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def limited_app(tmp_path):
    """An app with rate limiting on; afterwards limiting is switched off again for the process.

    Flask-Limiter keeps `enabled` on its one Limiter object, so an app built with limiting on turns
    it on for every app of this process; building a disabled app restores the test default.
    """
    def build(**config):
        app = _app(tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_KEY_PREFIX=PREFIX, **config)
        with app.app_context():
            factory = Factory(db.session, app.extensions["passwords"])
            app.config["TEST_USERS"] = [factory.user("sme").email for _ in range(2)]
            db.session.commit()
        return app

    yield build
    _app(tmp_path)  # RATELIMIT_ENABLED=False, the test default


def _attempt(client, email: str, ip: str):
    data = {"email": email, "password": "sai-mat-khau-1", "csrf_token": csrf_token(client, "/login")}
    return client.post("/login", data=data, environ_base={"REMOTE_ADDR": ip})


def _wait_for_fresh_minute() -> None:
    # Limits count per calendar minute; do not start a burst in the last seconds of one.
    if time.time() % 60 > 55:
        time.sleep(61 - time.time() % 60)


def _assert_throttled_per_account_and_per_ip(app) -> None:
    client = app.test_client()
    victim, other = app.config["TEST_USERS"]
    _wait_for_fresh_minute()
    # Per account: 10 tries a minute, whatever the address they come from.
    for n in range(10):
        assert _attempt(client, victim, f"10.0.1.{n}").status_code == 200
    refused = _attempt(client, victim, "10.0.1.99")
    assert refused.status_code == 429 and "cho tài khoản này" in refused.get_data(as_text=True)
    assert _attempt(client, f" {victim.upper()} ", "10.0.1.98").status_code == 429
    with app.app_context():  # one audit entry per lockout, however many tries it refuses
        locked = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "login.locked")).all()
        assert [(e.actor_label, e.data["ip"]) for e in locked] == [(victim, "10.0.1.99")]
        assert locked[0].entity_id.isdigit()
    assert _attempt(client, other, "10.0.1.99").status_code == 200  # other accounts are not locked out
    # Per address: 30 tries a minute, whatever the accounts.
    for n in range(30):
        assert _attempt(client, f"guess{n}@example.vn", "10.0.2.1").status_code == 200
    refused = _attempt(client, "guess-last@example.vn", "10.0.2.1")
    assert refused.status_code == 429 and "từ địa chỉ này" in refused.get_data(as_text=True)
    page = client.get("/login", environ_base={"REMOTE_ADDR": "10.0.2.1"})
    assert page.status_code == 200  # pages still load


def test_login_is_throttled_per_account_and_per_ip_in_memory(limited_app):
    app = limited_app()
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
    _assert_throttled_per_account_and_per_ip(app)


def test_login_throttling_uses_redis_when_redis_url_is_set(limited_app):
    store = redis.Redis.from_url(REDIS_URL)
    try:
        store.ping()
    except redis.ConnectionError as exc:
        pytest.skip(f"Redis unreachable at {REDIS_URL}: {exc}")
    # Flask-Limiter keeps the first key prefix its one Limiter object was given in this process
    # (another test may have set its own), so look for the counters by what they count.
    pattern = "*login-account*"
    for key in store.scan_iter(pattern):  # nothing left from an earlier run
        store.delete(key)
    app = limited_app(REDIS_URL=REDIS_URL)
    assert app.config["RATELIMIT_STORAGE_URI"] == REDIS_URL
    try:
        _assert_throttled_per_account_and_per_ip(app)
        keys = list(store.scan_iter(pattern))
        assert keys  # the counters live in Redis
    finally:
        for key in store.scan_iter(pattern):
            store.delete(key)


def test_a_login_ends_after_its_maximum_age(sqlite_app):
    from accounts.models import LoginSession

    client, user = sqlite_app.test_client(), _user(sqlite_app, "vendor")
    login(client, user)
    assert client.get("/vendor/").status_code == 200
    with sqlite_app.app_context():
        row = db.session.query(LoginSession).filter_by(user_id=user.id).one()
        row.created_at -= timedelta(hours=sqlite_app.config["LOGIN_SESSION_HOURS"], seconds=1)
        db.session.commit()
    assert client.get("/vendor/").status_code == 302


# Password change -------------------------------------------------------------------------------

def test_a_password_change_needs_the_current_password_and_ends_the_other_sessions(sqlite_app):
    from accounts.models import User

    user = _user(sqlite_app, "sme")
    here, elsewhere = sqlite_app.test_client(), sqlite_app.test_client()
    login(here, user)
    login(elsewhere, user)
    new = "Trà-đá-vỉa-hè-2027"
    wrong = form_post(here, "/account/password", {"current_password": "sai-mat-khau-1", "password": new,
                                                  "confirm": new}, page="/account/password")
    assert wrong.status_code == 422 and "Mật khẩu hiện tại không đúng." in wrong.get_data(as_text=True)
    weak = form_post(here, "/account/password", {"current_password": Factory.PASSWORD, "password": "12345678",
                                                 "confirm": "12345678"}, page="/account/password")
    assert weak.status_code == 422 and "quá phổ biến" in weak.get_data(as_text=True)
    with sqlite_app.app_context():
        assert sqlite_app.extensions["passwords"].verify(db.session.get(User, user.id).password_hash,
                                                         Factory.PASSWORD)
    assert elsewhere.get("/sme/").status_code == 200

    done = form_post(here, "/account/password", {"current_password": Factory.PASSWORD, "password": new,
                                                 "confirm": new}, page="/account/password")
    assert done.status_code == 302
    assert "1 phiên đăng nhập khác đã kết thúc" in here.get(done.headers["Location"]).get_data(as_text=True)
    assert here.get("/sme/").status_code == 200  # this session goes on
    assert elsewhere.get("/sme/").status_code == 302  # the other one ended
    login(sqlite_app.test_client(), user, new)
    with sqlite_app.app_context():
        changed = select(AuditEntry).where(AuditEntry.action == "user.password_changed")
        entry = db.session.scalars(changed).one()
        assert entry.actor_id == user.id and entry.data == {"sessions_ended": 1}
