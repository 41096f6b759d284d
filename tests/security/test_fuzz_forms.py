"""Every form under hostile input: no answer is a server error.

For each POST route of the authorisation matrix, as a role allowed to use it, Hypothesis fills the
form's fields (read from its page, or the matrix's data) with text carrying lone surrogates, NUL,
control and right-to-left characters, digits Python reads as numbers ("²", "١٢٣"), huge numbers,
deep bracket nesting and long strings, and posts them as a browser would (URL-encoded bytes: a lone
surrogate arrives as the invalid UTF-8 it becomes). Bounded and derandomized: the same cases each run.
"""

from __future__ import annotations

import re
from urllib.parse import quote_from_bytes

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from wtforms.fields.core import UnboundField

from tests.conftest import csrf_token
from tests.security.harness import Browser, checks_of
from tests.security.route_matrix import ALLOWED, ROUTES

EXAMPLES = 6  # per form
FIELD = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', re.I)
FORM = re.compile(r'<form\b([^>]*)>(.*?)</form>', re.I | re.S)
ACTION = re.compile(r'\baction="([^"]*)"')
SKIPPED_FIELDS = {"csrf_token"}

HOSTILE_WORDS = [
    "\ud800", "a\udfffb", "\x00", "x\x00y", "\x01\x1b[31m\x7f", "\u202eabc\u202d",
    "\u200f\u0645\u0631\u062d\u0628\u0627",
    "²", "١٢٣", "٠١٠٩٣٢٦٨٦٧", "０１２３４５６７８９", "9" * 400, "-1", "-9" * 30, "1e309", "NaN", "0x10",
    "[" * 2000 + "]" * 2000, '{"a":' * 500 + "1" + "}" * 500, "x" * 20_000, "=HYPERLINK(\"http://e.x\")",
    "<script>alert(1)</script>", "../../etc/passwd", "2026-02-30", "31/12/9999", "", " ",
]
hostile = st.one_of(
    st.sampled_from(HOSTILE_WORDS),
    st.text(st.characters(codec=None, categories=("Cc", "Cs", "Cf", "Nd", "No", "Lo", "Zs")), max_size=40),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
)


def _encoded(value: str) -> str:
    # As a browser would send it; a lone surrogate cannot be UTF-8, so it goes as its raw bytes.
    return quote_from_bytes(value.encode("utf-8", "surrogatepass"))


def _form_class_fields(form_class) -> set[str]:
    return {name for klass in form_class.__mro__ for name, value in vars(klass).items()
            if isinstance(value, UnboundField)}


def _unseen_forms() -> dict[str, set[str]]:
    """Forms no page of the world shows (the world's contracts are signed already): their classes."""
    from contracts.forms import AcceptForm, SignForm, TermsForm

    return {"contracts.accept": _form_class_fields(AcceptForm),
            "contracts.sign": _form_class_fields(SignForm),
            "contracts.offer": _form_class_fields(TermsForm)}


def _fields_by_action(browser: Browser) -> dict[tuple[str, str], set[str]]:
    """(role, form action path) -> the names of that form's fields, from every page each role sees."""
    found: dict[tuple[str, str], set[str]] = {}
    for endpoint, entry in sorted(ROUTES.items()):
        for method, check in checks_of(entry):
            if method != "GET" or endpoint.startswith("api."):
                continue
            for role, expected in check.expect.items():
                if expected != 200:
                    continue
                page = browser.clients[role].get(browser.url(endpoint, check, method))
                if not page.content_type.startswith("text/html"):
                    continue
                for attributes, body in FORM.findall(page.get_data(as_text=True)):
                    action = ACTION.search(attributes)
                    path = action.group(1).split("?")[0] if action and action.group(1) else None
                    if path:
                        found.setdefault((role, path), set()).update(FIELD.findall(body))
    return found


def _forms(browser: Browser):
    """(endpoint, url, role, field names) for every POST form route a role may use: its fields read from
    its own page, from the pages whose forms post to it, and the matrix's data."""
    by_action = _fields_by_action(browser)
    for endpoint, entry in sorted(ROUTES.items()):
        for method, check in checks_of(entry):
            if method != "POST" or check.json is not None or check.resets_session:
                continue
            role = next((r for r, e in check.expect.items() if e in (ALLOWED, 200, 302, 422)
                         and r != "anonymous"), "anonymous")
            url = browser.url(endpoint, check, method)
            page = browser.clients[role].get(url)
            names = set(FIELD.findall(page.get_data(as_text=True))) if page.status_code == 200 else set()
            names |= by_action.get((role, url.split("?")[0]), set()) | set(check.data or {})
            names |= _unseen_forms().get(endpoint, set())
            yield endpoint, url, role, sorted(names - SKIPPED_FIELDS)


def _fuzz(client, token: str, url: str, names: list[str]) -> list[str]:
    """Post EXAMPLES hostile fillings of the form; what answered with a server error."""
    errors = []

    def post(values):
        fields = [f"csrf_token={token}"] + [f"{quote_from_bytes(n.encode())}={_encoded(v)}"
                                            for n, v in values.items()]
        answer = client.post(url, data="&".join(fields), content_type="application/x-www-form-urlencoded")
        if answer.status_code >= 500:
            errors.append(f"{answer.status_code} with { {k: v[:40] for k, v in values.items()} !r}")

    # Each hostile word in every field at once (explicit examples), then generated mixes.
    for word in HOSTILE_WORDS:
        post = example(values=dict.fromkeys(names, word))(post)
    settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
             suppress_health_check=list(HealthCheck))(
        given(values=st.fixed_dictionaries({name: hostile for name in names}))(post))()
    return errors


def test_every_form_answers_hostile_input_without_a_server_error(sqlite_app):
    browser = Browser(sqlite_app)
    forms = list(_forms(browser))
    assert len(forms) >= 30  # every POST route of the matrix (a new one is fuzzed once it has an entry)
    failures = [f"{endpoint} POST {url} as {role}: {error}"
                for endpoint, url, role, names in forms
                for error in _fuzz(browser.clients[role], browser.tokens[role], url, names)]
    assert not failures, "\n".join(failures[:20])


@pytest.mark.parametrize("value", ["\ud800", "\x00", "²", "9" * 400, "[" * 5000])
def test_a_login_form_with_hostile_values_is_a_4xx(sqlite_app, value):
    client = sqlite_app.test_client()
    token = csrf_token(client, "/login")
    body = f"csrf_token={token}&email={_encoded(value)}&password={_encoded(value)}"
    answer = client.post("/login", data=body, content_type="application/x-www-form-urlencoded")
    assert 400 <= answer.status_code < 500
