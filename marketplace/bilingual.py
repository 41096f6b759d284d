"""Texts written by plain-Python domain modules (which cannot use Flask-Babel) in Vietnamese or English.

Each text is a (Vietnamese, English) pair; Vietnamese is the default and the interchange language.
"""

from __future__ import annotations

Pair = tuple[str, str]


def pick(pair: Pair, lang: str = "vi") -> str:
    """The text in `lang`: 'vi', anything else English (as catalog.vocab.label)."""
    return pair[0] if lang == "vi" else pair[1]


def say(template: Pair, lang: str = "vi", **values) -> str:
    """The template in `lang`, its {placeholders} filled in."""
    return pick(template, lang).format(**values)
