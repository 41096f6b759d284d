"""What an offer costs an SME per month under each pricing model it offers, and how that sits with its budget.

Every model is brought to one figure: the average out-of-pocket cost per month over a planning horizon
(setup fees and one-off prices spread over it). Free months of "use first, pay later" are not paid;
under co-investment the SME pays only what the vendor does not carry; revenue sharing has no fixed fee
(the share is paid out of the revenue the solution brings in), so it never strains a monthly budget.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from catalog.product import Pricing, Product

PRICING_ORDER = ("subscription", "one_time", "use_first_pay_later", "co_investment", "revenue_sharing")
PRICING_INDEX = {name: i for i, name in enumerate(PRICING_ORDER)}


@dataclass(frozen=True)
class CostTerms:
    """How costs are compared with a monthly budget."""

    horizon_months: int = 24  # setup fees and one-off prices are spread over this many months
    over_budget_slope: float = 1.5  # how fast the fit falls once the cost exceeds the budget
    revenue_share_fit: float = 0.85  # fit of a fee-less revenue share for an SME that did not ask for one
    non_preferred: float = 0.9  # an option in a model the SME did not list among its preferences


@dataclass(frozen=True)
class PaymentOption:
    """One way to pay for an offer, brought to an average monthly cost (None: no fixed fee)."""

    type: str
    monthly_vnd: float | None
    terms: Pricing
    list_monthly_vnd: int | None = None  # the offer's monthly list price
    setup_vnd: int | None = None  # the offer's one-off setup fee
    horizon_months: int = 24


def payment_options(product: Product, terms: CostTerms = CostTerms()) -> list[PaymentOption]:
    """The offer's pricing models, each with its average out-of-pocket cost per month."""
    horizon = terms.horizon_months
    monthly = float(product.price_monthly_vnd or 0)
    setup = float(product.setup_fee_vnd or 0) / horizon
    one_time = next(
        (p.price_vnd for p in product.pricing_models if p.type == "one_time" and p.price_vnd), None
    )
    # The cost a co-investing vendor shares: the monthly price, or else the one-off price spread out.
    base = monthly + setup if product.price_monthly_vnd else float(one_time or 0) / horizon + setup
    options = []
    for pricing in product.pricing_models:
        if pricing.type == "subscription":
            cost: float | None = monthly + setup
        elif pricing.type == "one_time":
            cost = float(pricing.price_vnd or 0) / horizon + setup
        elif pricing.type == "use_first_pay_later":
            free = min(pricing.free_months or 0, horizon)
            cost = monthly * (horizon - free) / horizon + setup
        elif pricing.type == "co_investment":
            cost = base * (1 - float(pricing.vendor_share_pct or 0) / 100)
        elif pricing.type == "revenue_sharing":
            cost = None
        else:
            continue
        options.append(
            PaymentOption(
                pricing.type, cost, pricing, product.price_monthly_vnd, product.setup_fee_vnd, horizon
            )
        )
    return options


def cost_vector(product: Product, terms: CostTerms = CostTerms()) -> np.ndarray:
    """Monthly cost per pricing model in PRICING_ORDER: inf when not offered, 0 for revenue sharing."""
    return _costs(payment_options(product, terms))


def _costs(options: list[PaymentOption]) -> np.ndarray:
    costs = np.full(len(PRICING_ORDER), np.inf)
    for option in options:
        i = PRICING_INDEX[option.type]
        costs[i] = min(costs[i], 0.0 if option.monthly_vnd is None else option.monthly_vnd)
    return costs


def budget_fit(cost_over_budget, terms: CostTerms = CostTerms()):
    """1 within budget, falling smoothly above it (0.6 at 1.5x, 0.4 at 2x with the default slope)."""
    if isinstance(cost_over_budget, float | int):  # one option: plain arithmetic is faster
        return 1.0 / (1.0 + terms.over_budget_slope * max(cost_over_budget - 1.0, 0.0))
    excess = np.maximum(np.asarray(cost_over_budget, dtype=np.float32) - 1.0, 0.0)
    return 1.0 / (1.0 + terms.over_budget_slope * excess)


def option_fits(
    costs: np.ndarray, budget: int | None, preferred: tuple[str, ...], terms: CostTerms = CostTerms()
) -> np.ndarray:
    """Fit 0-1 of each pricing model (rows, PRICING_ORDER) of each offer (columns); -1 where not offered."""
    costs = np.asarray(costs, dtype=np.float32)
    # inf (not offered) gives fit 0 and the -1 below; a known budget of 0 makes any fee "over budget".
    fits = (
        budget_fit(costs / np.float32(max(budget, 1)), terms) if budget is not None else np.ones_like(costs)
    )
    for i, name in enumerate(PRICING_ORDER):
        factor = model_factor(name, preferred, terms)
        if factor != 1.0:
            fits[i] *= factor
    fits[np.isinf(costs)] = -1.0
    return fits


def model_factor(name: str, preferred: tuple[str, ...], terms: CostTerms = CostTerms()) -> float:
    """What a pricing model itself weighs: less when the SME prefers others; a fee-less revenue share
    less, unless asked for (its cost is uncertain)."""
    factor = terms.revenue_share_fit if name == "revenue_sharing" and name not in preferred else 1.0
    if preferred and name not in preferred:
        factor *= terms.non_preferred
    return factor


def best_fit(
    costs: np.ndarray,
    budget: int | None,
    preferred: tuple[str, ...],
    terms: CostTerms = CostTerms(),
    cheapest_cache: dict | None = None,
) -> np.ndarray:
    """max(option_fits(...)) over the pricing models, computed per group of models: the fit falls with
    the cost, so within a group only the cheapest model counts (0 for an offer without pricing).
    `cheapest_cache` keeps each group's cheapest costs between calls on the same `costs`."""
    fixed = [i for i, name in enumerate(PRICING_ORDER) if name != "revenue_sharing"]
    liked = [i for i in fixed if not preferred or PRICING_ORDER[i] in preferred]
    others = [i for i in fixed if i not in liked]
    result = np.zeros(costs.shape[1], dtype=np.float32)
    for rows in (liked, others):
        if rows:
            factor = model_factor(PRICING_ORDER[rows[0]], preferred, terms)
            key = tuple(rows)
            cheapest = None if cheapest_cache is None else cheapest_cache.get(key)
            if cheapest is None:
                cheapest = costs[rows].min(axis=0)
                if cheapest_cache is not None:
                    cheapest_cache[key] = cheapest
            if budget is None:
                fit = np.isfinite(cheapest).astype(np.float32)
            else:
                fit = budget_fit(cheapest / np.float32(max(budget, 1)), terms)
            np.maximum(result, fit * factor, out=result)
    share = PRICING_INDEX["revenue_sharing"]
    factor = model_factor("revenue_sharing", preferred, terms)
    np.maximum(result, np.isfinite(costs[share]) * np.float32(factor), out=result)
    return result


@dataclass(frozen=True)
class Affordability:
    """The best way for one SME to pay for one offer."""

    option: PaymentOption
    fit: float
    ratio: float | None  # monthly cost / budget; None when the budget is unknown or there is no fixed fee
    preferred: bool


def assess(
    product: Product, budget: int | None, preferred: tuple[str, ...], terms: CostTerms = CostTerms()
) -> Affordability | None:
    """How the offer's best payment option fits the SME's budget and preferences (None: no pricing)."""
    return best_option(payment_options(product, terms), budget, preferred, terms)


def best_option(
    options: list[PaymentOption],
    budget: int | None,
    preferred: tuple[str, ...],
    terms: CostTerms = CostTerms(),
) -> Affordability | None:
    """assess() for an offer's payment options computed beforehand (plain Python: a handful of options)."""
    if not options:
        return None

    def fit(option: PaymentOption) -> float:
        within = 1.0
        if budget is not None and option.monthly_vnd is not None:
            within = float(budget_fit(option.monthly_vnd / max(budget, 1), terms))
        return within * model_factor(option.type, preferred, terms)

    scored = [(fit(o), -(o.monthly_vnd or 0), -PRICING_INDEX[o.type], o) for o in options]
    value, _, _, best = max(scored, key=lambda item: item[:3])
    ratio = best.monthly_vnd / max(budget, 1) if budget is not None and best.monthly_vnd is not None else None
    return Affordability(best, value, ratio, best.type in preferred)
