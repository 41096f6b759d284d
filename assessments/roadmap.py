"""The transformation roadmap of a readiness tier (pure): the next steps as catalog categories, in the
order a firm of that tier usually takes them, each ticked off once the SME has signed a contract for a
product of that category.

The order follows the plans' own sequence: first the legal and daily basics every firm needs (electronic
invoices and accounting, then sales and cashless payment, skills), then management and reaching
customers (CRM, HR, inventory, e-commerce, marketing, e-contracts, security), then the integrated,
data-driven firm (ERP, production, cloud, analytics, automation, AI). A tier's roadmap keeps the steps
of the tiers below that are still open, first: a firm moved up without invoicing electronically has
that to do before anything else."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from types import MappingProxyType

from assessments.tiers import KHOI_DONG, NANG_CAO, TIERS, TOAN_DIEN, UNASSESSED

STEPS = MappingProxyType(
    {
        KHOI_DONG: ("e_invoice", "accounting", "sales_pos", "cashless_payment", "digital_skills_training"),
        NANG_CAO: (
            "crm",
            "hrm",
            "inventory_logistics",
            "ecommerce",
            "digital_marketing",
            "e_contract",
            "cybersecurity",
        ),
        TOAN_DIEN: (
            "digital_management",
            "production_management",
            "cloud_infrastructure",
            "data_analytics",
            "iot_automation",
            "ai",
        ),
    }
)


@dataclass(frozen=True)
class Step:
    category: str
    tier: str  # the tier the step belongs to
    done: bool


def roadmap(tier: str, done: Iterable[str]) -> list[Step]:
    """The steps for an SME of `tier` (unassessed: the first tier's), given the categories of its signed
    contracts: open steps of lower tiers first, then the tier's own, done or not, in order."""
    done = set(done)
    own = KHOI_DONG if tier == UNASSESSED else tier
    steps = []
    for level in TIERS[: TIERS.index(own)]:
        steps += [Step(c, level, False) for c in STEPS[level] if c not in done]
    steps += [Step(c, own, c in done) for c in STEPS[own]]
    return steps


def next_step(steps: list[Step]) -> Step | None:
    return next((s for s in steps if not s.done), None)
