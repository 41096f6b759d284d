"""WTForms' own messages in the page's language: every msgid has its Vietnamese, every form asks for it."""

from __future__ import annotations

import importlib
from pathlib import Path

from babel.messages.pofile import read_po
from wtforms import Form
from wtforms.i18n import messages_path

from core.forms import WTFORMS_VI, NestedForm, PageForm
from tests.foundation.test_i18n import PLACEHOLDER, VIETNAMESE

FORM_MODULES = (
    "accounts.forms",
    "catalog.forms",
    "vendors.forms",
    "smes.forms",
    "contracts.forms",
    "payments.forms",
)


def test_every_wtforms_message_has_its_vietnamese_with_the_same_placeholders():
    with (Path(messages_path()) / "wtforms.pot").open("rb") as f:
        msgids = {m.id[0] if isinstance(m.id, tuple) else m.id for m in read_po(f) if m.id}
    assert set(WTFORMS_VI) == msgids
    for english, vietnamese in WTFORMS_VI.items():
        assert sorted(PLACEHOLDER.findall(vietnamese)) == sorted(PLACEHOLDER.findall(english)), english
        assert VIETNAMESE.search(vietnamese), english


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_form_of_the_project_takes_the_page_s_language():
    for name in FORM_MODULES:
        importlib.import_module(name)
    packages = {name.split(".")[0] for name in FORM_MODULES}
    ours = [c for c in _subclasses(Form) if c.__module__.split(".")[0] in packages]
    assert len(ours) > 15
    strays = [c for c in ours if not issubclass(c, PageForm | NestedForm)]
    assert not strays, f"derive them from core.forms.PageForm (NestedForm in a FormField): {strays}"
