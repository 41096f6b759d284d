"""The events a person can be told of (pure): each one's texts and who may receive it.

Each feature defines its own events where it raises them (e.g. contracts/notices.py), with `define`,
at import time; the shell imports every feature at start-up, so the registry is complete before the
first page. Texts are Vietnamese message ids (N_) with %(name)s placeholders filled from the context
given to `notify`; the reader's language is chosen when they are shown or mailed (core.translation).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from core.translation import N_, translate

MODES = ("immediate", "digest", "off")  # how a person wants an event's mail: at once, daily, never
MODE_LABELS = {"immediate": N_("Gửi email ngay"), "digest": N_("Gộp vào email hằng ngày"),
               "off": N_("Không gửi email")}
EVERYONE = ("sme", "vendor", "officer", "admin")
# A context value {"label": <Vietnamese text>} is itself translated (e.g. a status name).
LABEL = "label"


@dataclass(frozen=True)
class Event:
    code: str
    name: str  # what the preferences page calls it
    title: str  # the notification's one line, and the mail's subject
    body: str  # the mail's paragraph, and the line under the title in the centre
    action: str  # the label of the link to where the person acts
    roles: tuple[str, ...]  # who may receive it: the preferences page offers it to them
    default_mode: str = "immediate"


EVENTS: dict[str, Event] = {}


def define(code: str, *, name: str, title: str, body: str, action: str = N_("Xem chi tiết"),
           roles: tuple[str, ...] = EVERYONE, default_mode: str = "immediate") -> Event:
    """Add an event (features call this at import); defining the same event twice keeps one."""
    if default_mode not in MODES:
        raise ValueError(f"unknown mode {default_mode!r}")
    event = Event(code, name, title, body, action, tuple(roles), default_mode)
    if EVENTS.get(code, event) != event:
        raise ValueError(f"event {code!r} defined twice, differently")
    EVENTS[code] = event
    return event


def get(code: str) -> Event:
    try:
        return EVENTS[code]
    except KeyError:
        raise KeyError(f"no notification event {code!r}: define it (notifications.events.define)") from None


def for_role(role: str) -> list[Event]:
    return sorted((e for e in EVENTS.values() if role in e.roles), key=lambda e: e.code)


def label(text: str) -> dict:
    """A context value translated for the reader (a status, a kind), not shown as written."""
    return {LABEL: text}


def _params(context: Mapping[str, object], lang: str) -> dict:
    return {key: translate(value[LABEL], lang) if isinstance(value, dict) and LABEL in value else value
            for key, value in context.items()}


class _Lenient(dict):
    """A missing placeholder shows as empty instead of failing the page (an old row, a renamed key)."""

    def __missing__(self, key):
        return ""


def text(template: str, context: Mapping[str, object], lang: str) -> str:
    return translate(template, lang) % _Lenient(_params(context, lang))


def title_of(code: str, context: Mapping[str, object], lang: str) -> str:
    event = EVENTS.get(code)
    return text(event.title, context, lang) if event else code


def body_of(code: str, context: Mapping[str, object], lang: str) -> str:
    event = EVENTS.get(code)
    return text(event.body, context, lang) if event else ""
