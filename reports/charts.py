"""Geometry of the dashboard's bar charts, drawn by the template as inline SVG (pure).

The CSP forbids inline styles and scripts, so charts are plain SVG elements with classes and
coordinates computed here: no chart library, nothing to load, readable when printed.
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
    label_width: int = 0  # horizontal charts: room for the labels left of the bars


def horizontal(
    items: list[tuple[str, int, str]],
    width: int = 640,
    label_width: int = 210,
    bar_height: int = 22,
    gap: int = 8,
    value_room: int = 90,
) -> Chart:
    """One bar per (label, value, value text), longest first as given; bars scaled to the largest value."""
    top = max((value for _, value, _ in items), default=0) or 1
    room = width - label_width - value_room
    bars = tuple(
        Bar(
            label,
            value,
            text,
            label_width,
            i * (bar_height + gap),
            max(room * value / top, 1 if value else 0),
            bar_height,
        )
        for i, (label, value, text) in enumerate(items)
    )
    return Chart(width, max(len(items) * (bar_height + gap) - gap, bar_height), bars, label_width)


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
