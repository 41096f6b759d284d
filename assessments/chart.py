"""An SME's assessment history as a line chart (pure): the template draws it as inline SVG from the
geometry computed here (the CSP forbids inline scripts; no chart library). Days run left to right in
proportion to the time between assessments; levels 0-5 bottom to top."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from assessments.tiers import Dated, order_key

LEFT, RIGHT, TOP, BOTTOM = 34, 16, 14, 34  # room for the level axis and the dates


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    level: int
    day: date


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: tuple[Point, ...]
    gridlines: tuple[tuple[int, float], ...]  # (level, y)
    bottom: float

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def history_chart(assessments: Sequence[Dated], width: int = 640, height: int = 240) -> Chart:
    ordered = sorted(assessments, key=order_key)
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM

    def y(level: int) -> float:
        return TOP + plot_h * (5 - level) / 5

    points = []
    if ordered:
        first, last = ordered[0].assessed_on, ordered[-1].assessed_on
        span = (last - first).days
        for i, a in enumerate(ordered):
            # One day or several on the same day: spread evenly instead of stacking them.
            share = (
                (a.assessed_on - first).days / span
                if span
                else (i / (len(ordered) - 1) if len(ordered) > 1 else 0.5)
            )
            points.append(Point(LEFT + plot_w * share, y(a.level), a.level, a.assessed_on))
    return Chart(width, height, tuple(points), tuple((level, y(level)) for level in range(6)), TOP + plot_h)
