"""Page sections contributed by features above the page's own package.

A dashboard belongs to the package of the person it serves (the SME's to `smes`, the vendor's to
`vendors`), but most of what it shows comes from features that stand above that package (the
catalog's listings, matching's suggestions, contracts awaiting a signature...). Those features
cannot be imported by the page's package without a cycle, so the page declares a `Sections` and
the app shell adds each feature's part to it at start-up (marketplace/features.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import render_template
from markupsafe import Markup


@dataclass(frozen=True)
class Section:
    template: str
    context: Callable[..., dict]  # called with the page's own values (e.g. sme=...), returns the template's
    order: int


class Sections:
    """An ordered set of sections of one page."""

    def __init__(self) -> None:
        self._sections: dict[str, Section] = {}

    def add(self, template: str, context: Callable[..., dict], order: int = 50) -> None:
        self._sections[template] = Section(template, context, order)  # by template: adding twice is once

    def render(self, **page) -> list[Markup]:
        """Each section rendered with what its context gives for this page, in order."""
        parts = sorted(self._sections.values(), key=lambda s: (s.order, s.template))
        return [Markup(render_template(s.template, **s.context(**page))) for s in parts]
