"""Routing a problem to the vendors whose products fit it (pure: no Flask, no SQLAlchemy).

A posted problem is read the way the matching engine reads an SME: the problem's words are the
problem text, its categories are stated needs, its budget spread over its term is the monthly budget,
its preferred pricing models are the SME's; the poster's profile (sector, province, size, readiness)
supplies the hard constraints. A city problem has no poster's profile: its sector and province stand
in, and no size or readiness rules anything out. The engine then ranks every published offer exactly
as it ranks them for an SME (matching.engine.OfferIndex.rank), reasons included.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from core.needs import NeedLexicon, default_lexicon
from matching.engine import Match, OfferIndex
from matching.model import Profile

INVITE_TOP = 10  # the best products whose vendors are invited
SUGGESTED_CATEGORIES = 3  # categories offered from the text, strongest first
DEFAULT_MONTHS = 12  # a budget with no term is read as a year's


@dataclass(frozen=True)
class Brief:
    """What routing reads of a problem."""

    id: str
    title: str
    description: str
    categories: tuple[str, ...] = ()
    sector: str | None = None
    province: str | None = None
    budget_max_vnd: int | None = None
    months: int | None = None
    preferred_pricing_models: tuple[str, ...] = ()


def suggest_categories(
    text: str, lexicon: NeedLexicon | None = None, n: int = SUGGESTED_CATEGORIES
) -> list[str]:
    """The categories the matching engine's needs reading finds in `text`, strongest first."""
    return (lexicon or default_lexicon()).read(text).top(n)


def monthly_budget(budget_max_vnd: int | None, months: int | None) -> int | None:
    if budget_max_vnd is None:
        return None
    return budget_max_vnd // max(1, months or DEFAULT_MONTHS)


def problem_profile(brief: Brief, poster: Profile | None = None) -> Profile:
    """The engine's profile of a problem: the poster's firm (when an SME posted it) with the problem's
    text, categories, budget and pricing preferences in place of the profile's own."""
    base = poster or Profile(id=brief.id, name=brief.title, sector=brief.sector or "")
    return replace(
        base,
        id=brief.id,
        sector=brief.sector or base.sector,
        province=brief.province or base.province,
        needs=tuple(brief.categories),
        problem=f"{brief.title}. {brief.description}".strip(". ") if brief.title else brief.description,
        monthly_budget_vnd=monthly_budget(brief.budget_max_vnd, brief.months),
        preferred_pricing_models=tuple(brief.preferred_pricing_models),
        current_tools=(),
    )


def route(
    index: OfferIndex, brief: Brief, poster: Profile | None = None, top: int = INVITE_TOP
) -> list[Match]:
    """The best `top` published offers for the problem that meet at least one of its needs, best first,
    each with its reasons: an offer that only passed the hard constraints is no reason to invite its
    vendor (in a small catalog every eligible offer makes the top ten)."""
    return [m for m in index.rank(problem_profile(brief, poster), top) if m.facts.needs]
