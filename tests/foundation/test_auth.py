"""Registration, login and role checks over HTTP."""

from accounts.models import User
from tests.conftest import csrf_token, form_post, login


def test_vendor_registers_with_valid_tax_code_then_logs_in_to_the_dashboard(client, session):
    response = form_post(client, "/register/vendor", {
        "vendor_name": "Công ty CP Phần mềm Hồng Hà", "tax_code": "0101234567-001", "province": "Hà Nội",
        "full_name": "Nguyễn Văn A", "email": "a@hongha.vn",
        "password": "Hong-Ha-2026", "confirm": "Hong-Ha-2026",
        # The documents an officer vets before the vendor's first listing is submitted (tests/vendors).
        "business_registration_no": "0101234567", "contact_name": "Nguyễn Văn A",
        "contact_position": "Giám đốc", "contact_phone": "0912345678", "contact_email": "a@hongha.vn",
        "ref1_customer": "Công ty TNHH Gạch Men Hạ Long", "ref1_contact": "Anh Bình 0987654321",
        "ref1_uses": "Hóa đơn điện tử", "ref2_customer": "HTX Rau sạch Đông Anh",
        "ref2_contact": "Chị Hà 0978123456", "ref2_uses": "Phần mềm bán hàng",
    }, page="/register/vendor")
    # The same answer as for an address that has an account (tests/notifications/test_recovery.py).
    assert response.status_code == 302 and response.headers["Location"] == "/register/check-email"
    user = session.query(User).filter_by(email="a@hongha.vn").one()
    assert user.role == "vendor" and user.vendor_id
    assert user.password_hash.startswith("$argon2id$")
    login(client, user, "Hong-Ha-2026")
    assert client.get("/vendor/").status_code == 200


def test_registration_with_bad_tax_code_and_common_password_changes_nothing(client, session):
    response = form_post(client, "/register/sme", {
        "sme_name": "Quán cà phê Gió", "sector": "tourism", "tax_code": "12345", "full_name": "Lê B",
        "email": "b@gio.vn", "password": "password", "confirm": "password",
    }, page="/register/sme")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Mã số thuế gồm 10 chữ số" in body
    assert "quá phổ biến" in body
    assert session.query(User).count() == 0


def test_form_without_csrf_token_is_refused(client):
    response = client.post("/login", data={"email": "x@y.vn", "password": "whatever1"})
    assert response.status_code == 400


def test_login_with_wrong_password_is_refused_and_right_one_accepted(client, factory, session):
    user = factory.user("officer")
    session.commit()
    bad = form_post(client, "/login", {"email": user.email, "password": "sai-mat-khau"})
    assert bad.status_code == 200 and "không đúng" in bad.get_data(as_text=True)
    good = login(client, user)
    assert good.headers["Location"].endswith("/officer/review")


def test_roles_are_enforced(client, factory, session):
    sme_user = factory.user("sme")
    session.commit()
    assert client.get("/officer/review").status_code == 302  # anonymous -> login page
    login(client, sme_user)
    assert client.get("/officer/review").status_code == 403
    assert client.get("/sme/").status_code == 200


def test_security_headers_and_cookie_flags(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert csrf_token(client)
