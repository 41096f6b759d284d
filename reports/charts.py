"""The dashboard's bar charts (pure): column charts drawn by the template as inline SVG from the
geometry computed here; horizontal bars as HTML rows with a <progress> bar each, so their labels
keep the page's font size and wrap on a phone.

The CSP forbids inline styles and scripts, so charts are plain elements with classes and
coordinates or values computed here: no chart library, nothing to load, readable when printed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    value_text: str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Row:
    label: str
    value: int
    value_text: str


@dataclass(frozen=True)
class Rows:
    """Horizontal bars: each row's value against the largest (`top`)."""

    rows: tuple[Row, ...]
    top: int


def horizontal(items: list[tuple[str, int, str]]) -> Rows:
    """One bar per (label, value, value text), in the order given; bars scaled to the largest value."""
    rows = tuple(Row(label, value, text) for label, value, text in items)
    return Rows(rows, max((r.value for r in rows), default=0) or 1)


def columns(
    items: list[tuple[str, int, str]],
    width: int = 640,
    height: int = 220,
    label_room: int = 36,
    value_room: int = 18,
) -> Chart:
    """One column per (label, value, value text), e.g. months left to right."""
    top = max((value for _, value, _ in items), default=0) or 1
    slot = width / max(len(items), 1)
    room = height - label_room - value_room
    bars = []
    for i, (label, value, text) in enumerate(items):
        h = room * value / top
        bars.append(Bar(label, value, text, i * slot + slot * 0.15, value_room + room - h, slot * 0.7, h))
    return Chart(width, height, tuple(bars))
