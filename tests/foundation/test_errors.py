"""The error pages: a failed database statement still ends in the site's own 500 page."""

from __future__ import annotations

from accounts.models import User
from core.extensions import db
from tests.conftest import form_post, login
from tests.factories import Factory


def test_a_database_error_ends_in_the_site_500_page_for_a_logged_in_user(make_app):
    app = make_app()
    with app.app_context():
        user = Factory(db.session, app.extensions["passwords"]).user("sme")
        db.session.commit()

    # A route of this test only: no real route is known to fail, but any could meet a constraint.
    @app.get("/test/database-error")
    def database_error():
        db.session.add(User(email=user.email, role="officer", password_hash="x"))  # the email is taken
        db.session.commit()

    client = app.test_client()
    login(client, user)
    response = client.get("/test/database-error")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Đã xảy ra lỗi hệ thống." in page and user.email in page  # the site's page, still logged in


def test_error_messages_are_in_the_language_of_the_page(make_app):
    client = make_app().test_client()  # its own app context per request: the locale is not kept on `g`
    assert "Không tìm thấy trang hoặc dữ liệu." in client.get("/products/nope").get_data(as_text=True)
    form_post(client, "/lang/en", {"next": "/"})
    page = client.get("/products/nope")
    assert page.status_code == 404 and "Page or data not found." in page.get_data(as_text=True)
    api = client.get("/api/v1/no-such-endpoint")
    assert api.status_code == 404 and api.get_json()["error"]["message"] == "Page or data not found."
    refused = client.get("/api/v1/vendor/listings")
    assert refused.status_code == 401 and refused.get_json()["error"]["message"] == "Login required."
    expired = client.post("/login", data={"email": "a@example.vn", "password": "x"})  # no CSRF token
    assert expired.status_code == 400 and "reload the page" in expired.get_data(as_text=True)
