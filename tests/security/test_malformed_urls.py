"""Malformed URLs: control characters in a path or query argument are refused before any view
runs (PostgreSQL refuses NUL in text, so they used to end in a 500)."""

from __future__ import annotations

import pytest

from tests.security.harness import Browser
from tests.security.route_matrix import ROLES

NUL_PATHS = [
    "/products/%00", "/vendors/%00", "/vendors/a%01b", "/api/v1/listings/%00", "/contracts/%00",
    "/contracts/%00/print", "/payments/contracts/%00", "/api/v1/smes/%00/matches", "/officer/review/%00",
    "/vendor/listings/%00", "/api/v1/vendor/listings/%00", "/contracts/request/%00",
]


@pytest.fixture
def browser(make_app):
    # An app without the test's app context: the clients of the roles must not share `g`.
    return Browser(make_app())


def test_a_control_character_in_a_path_is_not_found_for_everyone(browser):
    wrong = []
    for url in NUL_PATHS:
        for role in ROLES:
            response = browser.clients[role].get(url)
            json_body = response.get_json(silent=True)
            if response.status_code != 404 or url.startswith("/api/") and not json_body:
                wrong.append(f"{url} as {role}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


def test_a_state_changing_request_to_such_a_path_is_not_found_either(browser):
    response = browser.clients["sme"].post("/contracts/%00/sign", data={"csrf_token": browser.tokens["sme"]})
    assert response.status_code == 404


@pytest.mark.parametrize("query", ["sector=%00", "province=%00", "sector=a%1bb"])
def test_a_control_character_in_a_filter_is_a_bad_request(browser, query):
    page = browser.clients["officer"].get(f"/officer/dashboard?{query}")
    assert page.status_code == 400
    assert "Yêu cầu không hợp lệ." in page.get_data(as_text=True)
    api = browser.clients["officer"].get(f"/api/v1/reports/contracts?{query}")
    assert api.status_code == 422
    assert api.get_json()["error"]["code"] == "invalid_query"


def test_line_breaks_and_tabs_in_a_query_are_ordinary_input(browser):
    """A textarea in a GET form sends CR LF; a search box may hold a pasted tab."""
    assert browser.clients["anonymous"].get("/?q=h%C3%B3a%0D%0Ad%C6%A1n%09").status_code == 200


HUGE = "99999999999999999999"


@pytest.mark.parametrize("url", ["/editions/2147483648", "/editions/9223372036854775808",
                                 f"/editions/{HUGE}/diff", f"/editions/{HUGE}/export.csv",
                                 "/editions/2147483647", "/editions/0",
                                 f"/officer/reports/annual/{HUGE}.xlsx", f"/editions/1/diff?against={HUGE}",
                                 f"/editions/1/diff?against=-{HUGE}"])
def test_an_integer_beyond_the_database_range_is_not_found(browser, url):
    """Every <int:...> argument is bounded to 1..2^31-1, the range of the INTEGER id columns: beyond
    it, PostgreSQL refused the query (SQLite beyond 2^63-1)."""
    assert browser.clients["officer"].get(url).status_code == 404


@pytest.mark.parametrize(("role", "url"), [
    ("sme", f"/payments/instalments/{HUGE}/pay"), ("sme", f"/payments/instalments/{HUGE}/declare"),
    ("vendor", f"/payments/attempts/{HUGE}/refund"),
    ("officer", f"/officer/privacy-requests/{HUGE}/complete"),
])
def test_a_state_changing_request_with_such_an_integer_is_not_found(browser, role, url):
    response = browser.clients[role].post(url, data={"csrf_token": browser.tokens[role], "revenue_vnd": "0"})
    assert response.status_code == 404


def test_an_edition_number_in_the_api_query_is_checked(browser):
    client = browser.clients["anonymous"]
    assert client.get(f"/api/v1/catalog?edition={HUGE}").get_json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/catalog?edition=%C2%B2").get_json()["error"]["code"] == "bad_edition"  # "²"


def test_a_huge_page_number_shows_the_last_page(browser):
    assert browser.clients["anonymous"].get(f"/?page={HUGE}").status_code == 200


def test_a_nul_in_a_form_field_is_a_bad_request_and_changes_nothing(browser):
    """PostgreSQL refuses NUL in text: a profile saved with one used to end in a 500."""
    client = browser.clients["sme"]
    before = client.get("/sme/profile").get_data(as_text=True)
    response = client.post("/sme/profile", data={"csrf_token": browser.tokens["sme"], "name": "A\x00B"})
    assert response.status_code == 400
    assert client.get("/sme/profile").get_data(as_text=True).count("A\x00B") == before.count("A\x00B") == 0
