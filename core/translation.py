"""The one translation path: the project's gettext catalog (core/translations), for code without Flask.

Texts are written in Vietnamese, marked with N_ (core.domain) so that scripts/i18n extracts them, with
%(name)s placeholders; English comes from the same catalog that Flask-Babel serves the pages from.
Pages translate with Flask-Babel's gettext; plain-Python code (vocabulary labels, match reasons, the
size explanation, exports) that is handed the reader's language calls `translate`.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

TRANSLATIONS_DIR = Path(__file__).with_name("translations")
SOURCE_LANGUAGE = "vi"


def N_(text: str) -> str:
    """Marks a Vietnamese text for extraction; translated later, where the reader's language is known."""
    return text


class InContext(str):
    """A Vietnamese text that means different things in different places ("Tạm ngừng": the action
    "Suspend", the status "Suspended"): it carries the context that tells its translations apart."""

    context: str

    def __new__(cls, context: str, text: str) -> InContext:
        made = super().__new__(cls, text)
        made.context = context
        return made


def NP_(context: str, text: str) -> InContext:
    """Marks a text with its context for extraction (msgctxt); translated later like N_."""
    return InContext(context, text)


@cache
def catalog(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of `lang` (Vietnamese is the source: its texts are the message ids)."""
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation("messages", TRANSLATIONS_DIR, languages=[lang], fallback=True)


def translate(message: str, lang: str = SOURCE_LANGUAGE, /, **params) -> str:
    """`message` (a Vietnamese msgid) in `lang`, its %(name)s placeholders filled with `params`."""
    found = catalog(lang)
    if isinstance(message, InContext):
        text = found.pgettext(message.context, message)
    else:
        text = found.gettext(message)
    return text % params if params else text


def translate_plural(singular: str, plural: str, n: int, lang: str = SOURCE_LANGUAGE, /, **params) -> str:
    """The singular or plural form for `n` in `lang` (Vietnamese has one form: `singular`)."""
    text = catalog(lang).ngettext(singular, plural, n)
    return text % {"n": n, **params}
