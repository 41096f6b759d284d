"""Routing quality on a judged set (pure): each SME's problem text posted as a problem.

The brief of each SME is what the problem form would hold had the SME typed its problem text: the
text as the description, the categories the form suggests from it (not the SME's stated needs: a
poster who takes the suggestion), the SME's monthly budget as a year's budget, its preferred pricing
models. The invited products (routing's top 10) are scored against the SME's graded judgments with
the matching evaluation's nDCG@10.
"""

from __future__ import annotations

from core.measures import CUTOFF
from matching.engine import OfferIndex
from matching.evaluation import JudgedSet, score_rankings

from .routing import DEFAULT_MONTHS, INVITE_TOP, Brief, route, suggest_categories

TARGET_NDCG = 0.85


def brief_of(profile) -> Brief:
    text = profile.problem or ""
    budget = profile.monthly_budget_vnd * DEFAULT_MONTHS if profile.monthly_budget_vnd is not None else None
    return Brief(
        id=profile.id,
        title="",
        description=text,
        categories=tuple(suggest_categories(text)),
        budget_max_vnd=budget,
        months=DEFAULT_MONTHS,
        preferred_pricing_models=tuple(profile.preferred_pricing_models),
    )


def routing_rankings(data: JudgedSet) -> dict[str, list[str]]:
    """SME id -> the products routing invites for its problem, best first."""
    index = OfferIndex(data.offers)
    return {p.id: [m.offer.id for m in route(index, brief_of(p), p, INVITE_TOP)] for p in data.profiles}


def evaluate(data: JudgedSet, k: int = CUTOFF) -> dict[str, float]:
    """nDCG@k, MAP@k and recall@k of the invited products."""
    return score_rankings(routing_rankings(data), data.grades, k)
