"""Payment schedules under each pricing model, and the one rounding rule (pure: no app, no database)."""

from datetime import date

import pytest

from catalog.product import Pricing
from payments.schedule import (
    ContractTerms,
    ScheduleError,
    add_months,
    build_schedule,
    revenue_share_due,
    share_of,
    split_evenly,
)


def terms(pricing: dict, start=date(2026, 1, 31), months=3, value=None, list_price=None) -> ContractTerms:
    return ContractTerms(pricing=Pricing.from_dict(pricing), start_date=start, months=months, value_vnd=value,
                         list_price_monthly_vnd=list_price)


def amounts(lines):
    return [line.amount_vnd for line in lines]


def test_subscription_spreads_the_contract_value_over_every_month_in_advance():
    lines = build_schedule(terms({"type": "subscription"}, value=1_000_000))
    assert amounts(lines) == [333_334, 333_333, 333_333]
    assert sum(amounts(lines)) == 1_000_000
    # Paid on the first day of each period; 31 January clamps to the end of February.
    assert [line.due_date for line in lines] == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]
    assert [line.seq for line in lines] == [1, 2, 3]
    assert all(line.vendor_contribution_vnd == 0 for line in lines)


def test_subscription_without_a_contract_value_uses_the_list_price():
    lines = build_schedule(terms({"type": "subscription"}, months=2, list_price=150_000))
    assert amounts(lines) == [150_000, 150_000]


def test_contract_value_wins_over_the_list_price():
    lines = build_schedule(terms({"type": "subscription"}, months=2, value=200_000, list_price=150_000))
    assert amounts(lines) == [100_000, 100_000]


def test_one_time_is_paid_once_at_start_from_its_price_terms():
    pricing = {"type": "one_time", "price_vnd": 12_000_000}
    lines = build_schedule(terms(pricing, months=None, value=15_000_000))
    assert len(lines) == 1
    assert (lines[0].due_date, lines[0].amount_vnd) == (date(2026, 1, 31), 12_000_000)


def test_one_time_without_price_terms_uses_the_contract_value():
    lines = build_schedule(terms({"type": "one_time"}, months=None, value=15_000_000))
    assert amounts(lines) == [15_000_000]


def test_use_first_pay_later_charges_nothing_in_the_free_months_then_monthly():
    lines = build_schedule(terms({"type": "use_first_pay_later", "free_months": 2}, start=date(2026, 3, 15),
                                 months=5, value=900_000))
    assert amounts(lines) == [0, 0, 300_000, 300_000, 300_000]
    assert [line.free for line in lines] == [True, True, False, False, False]
    assert lines[2].due_date == date(2026, 5, 15)


def test_co_investment_sme_pays_the_complement_of_the_vendor_share():
    pricing = {"type": "co_investment", "vendor_share_pct": 30}
    lines = build_schedule(terms(pricing, months=2, value=2_000_001))
    # Gross 1.000.001 then 1.000.000; SME pays 70 % (half up), the vendor carries the rest.
    assert amounts(lines) == [700_001, 700_000]
    assert [line.vendor_contribution_vnd for line in lines] == [300_000, 300_000]
    assert all(line.amount_vnd + line.vendor_contribution_vnd == line.gross_vnd for line in lines)


def test_co_investment_with_a_fractional_share_rounds_once_half_up():
    lines = build_schedule(terms({"type": "co_investment", "vendor_share_pct": 12.5}, months=1, value=1_001))
    # 87.5 % of 1.001 = 875.875 -> 876; the vendor's part is the remaining 125.
    assert (lines[0].amount_vnd, lines[0].vendor_contribution_vnd) == (876, 125)


def test_revenue_sharing_leaves_each_month_to_a_declaration_paid_at_the_period_end():
    pricing = {"type": "revenue_sharing", "revenue_share_pct": 5}
    lines = build_schedule(terms(pricing, start=date(2026, 1, 10)))
    assert amounts(lines) == [None, None, None]
    assert [(line.period_start, line.due_date) for line in lines][0] == (date(2026, 1, 10), date(2026, 2, 10))


def test_revenue_share_due_is_the_share_of_declared_revenue_capped():
    assert revenue_share_due(40_000_000, 5, None) == 2_000_000
    assert revenue_share_due(40_000_000, 5, 1_500_000) == 1_500_000
    assert revenue_share_due(10_000_000, 5, 1_500_000) == 500_000
    assert revenue_share_due(0, 5, 1_500_000) == 0
    with pytest.raises(ScheduleError):
        revenue_share_due(-1, 5, None)


@pytest.mark.parametrize(("amount", "pct", "expected"), [
    (1_000, 33.3, 333),    # 333.0
    (5, 50, 3),            # 2.5 -> 3: half up, not banker's rounding
    (15, 50, 8),           # 7.5 -> 8
    (1, 0.1, 0),           # 0.001 -> 0
    (199_999, 12.5, 25_000),  # 24999.875 -> 25000
    (0, 70, 0),
    (1_000_000, 100, 1_000_000),
])
def test_share_of_rounds_half_up_to_whole_dong(amount, pct, expected):
    assert share_of(amount, pct) == expected


def test_split_evenly_sums_exactly():
    assert split_evenly(10, 3) == [4, 3, 3]
    assert sum(split_evenly(1_234_567, 12)) == 1_234_567


def test_add_months_clamps_to_the_end_of_shorter_months():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


@pytest.mark.parametrize(("pricing", "start", "months", "value", "field"), [
    ({"type": "subscription"}, None, 3, 100, "start_date"),
    ({"type": "subscription"}, date(2026, 1, 1), None, 100, "months"),
    ({"type": "subscription"}, date(2026, 1, 1), 3, None, "value_vnd"),
    ({"type": "use_first_pay_later"}, date(2026, 1, 1), 3, 100, "free_months"),
    ({"type": "use_first_pay_later", "free_months": 3}, date(2026, 1, 1), 3, 100, "free_months"),
    ({"type": "co_investment"}, date(2026, 1, 1), 3, 100, "vendor_share_pct"),
    ({"type": "revenue_sharing", "revenue_share_pct": 120}, date(2026, 1, 1), 3, None, "revenue_share_pct"),
    ({"type": "one_time"}, date(2026, 1, 1), None, None, "price_vnd"),
])
def test_missing_or_contradictory_terms_are_named(pricing, start, months, value, field):
    with pytest.raises(ScheduleError) as error:
        build_schedule(terms(pricing, start=start, months=months, value=value))
    assert field in error.value.fields
