"""Monthly cost of each pricing model, and how it sits with a budget and preferred models."""

import random

import numpy as np
import pytest

from catalog.product import Product
from matching.affordability import (
    PRICING_ORDER,
    CostTerms,
    assess,
    best_fit,
    cost_vector,
    option_fits,
    payment_options,
)

TERMS = CostTerms(horizon_months=24)


def product(pricing, monthly=120_000, setup=0):
    return Product.from_dict(
        {
            "id": "p",
            "vendor_id": "v",
            "name": "P",
            "summary": "S",
            "categories": ["crm"],
            "sectors": ["*"],
            "readiness_min": 0,
            "readiness_max": 5,
            "pricing_models": pricing,
            "price_monthly_vnd": monthly,
            "setup_fee_vnd": setup,
        }
    )


def cost(pricing, **kw) -> float | None:
    (option,) = payment_options(product([pricing], **kw), TERMS)
    return option.monthly_vnd


def test_subscription_pays_the_list_price_plus_the_setup_fee_spread_out():
    assert cost({"type": "subscription"}, monthly=100_000, setup=2_400_000) == pytest.approx(200_000)


def test_one_time_price_is_spread_over_the_horizon():
    assert cost({"type": "one_time", "price_vnd": 4_800_000}, monthly=None) == pytest.approx(200_000)


def test_use_first_pay_later_does_not_pay_the_free_months():
    assert cost({"type": "use_first_pay_later", "free_months": 6}, monthly=240_000) == pytest.approx(180_000)


def test_co_investment_pays_only_the_part_the_vendor_does_not_carry():
    assert cost({"type": "co_investment", "vendor_share_pct": 30}, monthly=1_000_000, setup=2_400_000) == (
        pytest.approx(770_000)
    )
    # Without a monthly price the vendor shares the one-off price.
    both = product(
        [{"type": "one_time", "price_vnd": 2_400_000}, {"type": "co_investment", "vendor_share_pct": 50}],
        monthly=None,
    )
    assert [o.monthly_vnd for o in payment_options(both, TERMS)] == [
        pytest.approx(100_000),
        pytest.approx(50_000),
    ]


def test_revenue_sharing_has_no_fixed_fee():
    assert cost({"type": "revenue_sharing", "revenue_share_pct": 8}, monthly=0) is None
    fits = option_fits(
        cost_vector(product([{"type": "revenue_sharing", "revenue_share_pct": 8}]))[:, None], 100_000, ()
    )[:, 0]
    assert fits[PRICING_ORDER.index("revenue_sharing")] == pytest.approx(CostTerms().revenue_share_fit)


def test_fit_is_full_within_budget_and_falls_above_it():
    offer = product([{"type": "subscription"}], monthly=1_000_000)
    within = assess(offer, 1_000_000, ())
    over = assess(offer, 500_000, ())
    far_over = assess(offer, 250_000, ())
    assert within.fit == pytest.approx(1.0) and within.ratio == pytest.approx(1.0)
    assert 0 < far_over.fit < over.fit < 1.0
    assert assess(offer, None, ()).ratio is None


def test_free_months_and_vendor_share_make_an_offer_affordable():
    pricey = [{"type": "subscription"}, {"type": "co_investment", "vendor_share_pct": 50}]
    result = assess(product(pricey, monthly=1_600_000), 1_000_000, ())
    assert result.option.type == "co_investment" and result.fit == pytest.approx(1.0)


def test_preferred_model_wins_over_an_equally_affordable_one():
    offer = product(
        [{"type": "subscription"}, {"type": "use_first_pay_later", "free_months": 1}], monthly=100_000
    )
    assert assess(offer, 1_000_000, ("use_first_pay_later",)).option.type == "use_first_pay_later"
    assert assess(offer, 1_000_000, ("use_first_pay_later",)).preferred


def test_best_fit_is_the_best_option_fit():
    rng = random.Random(7)
    models = [
        {"type": "subscription"},
        {"type": "one_time", "price_vnd": 9_000_000},
        {"type": "use_first_pay_later", "free_months": 3},
        {"type": "co_investment", "vendor_share_pct": 40},
        {"type": "revenue_sharing", "revenue_share_pct": 5},
    ]
    products = [
        product(
            rng.sample(models, rng.randint(1, 4)),
            monthly=rng.choice([0, 90_000, 2_000_000]),
            setup=rng.choice([0, 12_000_000]),
        )
        for _ in range(60)
    ]
    costs = np.stack([cost_vector(p) for p in products], axis=1).astype(np.float32)
    for budget in (None, 0, 300_000, 5_000_000):
        for preferred in ((), ("co_investment",), ("revenue_sharing", "one_time")):
            expected = option_fits(costs, budget, preferred).max(axis=0)
            assert np.allclose(best_fit(costs, budget, preferred), expected)
            one_by_one = [assess(p, budget, preferred).fit for p in products]
            assert np.allclose(one_by_one, expected)
