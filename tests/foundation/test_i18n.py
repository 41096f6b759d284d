"""The English catalog: complete, in step with the code, compiled, and served when a visitor picks English."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from accounts.models import User
from core.extensions import db
from tests.conftest import form_post, login
from tests.factories import Factory

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "core" / "translations"
POT = TRANSLATIONS / "messages.pot"
PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
# Python %-format conversions, named or not, and the literal %%.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrs%]")
# Letters English never uses; the language switch itself names Vietnamese in Vietnamese.
VIETNAMESE = re.compile(r"[À-ỹĐđ]")


def _read(path: Path, reader):
    with path.open("rb") as f:
        return reader(f)


def _forms(value) -> tuple:
    """A message id or string as a tuple of its plural forms (a .mo gives lists, a .po tuples)."""
    return tuple(value) if isinstance(value, list | tuple) else (value,)


def _entries(catalog) -> dict:
    """(context, message id) -> its strings: a text may mean different things in two contexts."""
    return {(m.context, _forms(m.id)): _forms(m.string) for m in catalog if m.id}


def _ids(catalog) -> set:
    return {m.id for m in catalog if m.id}


def test_every_english_entry_is_translated_and_keeps_its_placeholders():
    problems = []
    for message in _read(PO, read_po):
        if not message.id:
            continue
        ids, strings = _forms(message.id), _forms(message.string)
        if message.fuzzy or not all(strings):
            problems.append(f"not translated: {ids[0]!r}")
            continue
        for form, text in enumerate(strings):
            source = ids[min(form, len(ids) - 1)]
            if Counter(PLACEHOLDER.findall(text)) != Counter(PLACEHOLDER.findall(source)):
                problems.append(f"placeholders differ: {source!r} -> {text!r}")
    assert not problems, "\n".join(problems)


def test_the_template_lists_exactly_the_strings_of_the_code(tmp_path):
    fresh = tmp_path / "messages.pot"
    # The options of scripts/i18n.
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "-k", "N_", "-k", "ngettext:1,2", "-k", "translate_plural:1,2",
         "-k", "NP_:1c,2", "--no-location",
         "--sort-by-file", "-o", str(fresh), "."],
        cwd=ROOT, check=True,
    )
    in_code, in_pot = _ids(_read(fresh, read_po)), _ids(_read(POT, read_po))
    assert in_code == in_pot, (
        "core/translations/messages.pot is out of date: run ./scripts/i18n and translate the new "
        f"entries of the English messages.po.\nnew: {sorted(map(str, in_code - in_pot))}\n"
        f"gone: {sorted(map(str, in_pot - in_code))}"
    )
    assert _ids(_read(PO, read_po)) == in_pot, "messages.po lags messages.pot: run ./scripts/i18n"


def test_the_compiled_catalog_matches_the_translations():
    compiled, written = _entries(_read(MO, read_mo)), _entries(_read(PO, read_po))
    assert compiled == written, "messages.mo is stale: run ./scripts/i18n"


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_pages_are_vietnamese_by_default_and_english_once_chosen(make_app):
    # A fresh app pushes no context of its own, so each request gets one as in production (Flask-Babel
    # keeps the locale on `g`; in the `app` fixture's shared context the first request's would stick).
    client = make_app().test_client()
    home = client.get("/").get_data(as_text=True)
    assert '<html lang="vi">' in home
    assert "Danh mục giải pháp" in home and "Đăng nhập" in home and "Log in" not in home

    switched = form_post(client, "/lang/en", {"next": "/"}, page="/")
    assert switched.status_code == 302

    home = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in home
    for english, vietnamese in [("Solution catalog", "Danh mục giải pháp"), ("Log in", "Đăng nhập"),
                                ("Register", "Đăng ký"), ("Find solutions", "Tìm giải pháp")]:
        assert english in home and vietnamese not in home
    text = re.sub(r"<[^>]+>", " ", home).replace("Tiếng Việt", "")
    assert not VIETNAMESE.search(text), [s.strip() for s in text.splitlines() if VIETNAMESE.search(s)]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_english_chosen_before_logging_in_stays_and_becomes_the_accounts(make_app):
    app = make_app()
    with app.app_context():
        user = Factory(db.session, app.extensions["passwords"]).user("sme")
        db.session.commit()
        user_id = user.id
    client = app.test_client()
    form_post(client, "/lang/en", {"next": "/"}, page="/")

    login(client, user)  # login starts a new session: the choice must survive it
    dashboard = client.get("/sme/").get_data(as_text=True)
    assert "My business" in dashboard and "Doanh nghiệp của tôi" not in dashboard
    with app.app_context():
        assert db.session.get(User, user_id).locale == "en"

    form_post(client, "/logout", page="/sme/")
    home = client.get("/").get_data(as_text=True)
    assert "You have logged out." in home and "Log in" in home and "Đăng nhập" not in home
