"""The report's rules in memory: groups, unknown keys, categories counted once each, first-of-period days."""

import random
from datetime import date, timedelta

import pytest

from core.domain import ValidationFailed
from reports.aggregate import DIMENSIONS, check_dimension, parse_period
from reports.firsts import ALL, CountedKeys, previous_days
from tests.reports.reference import CountedContract, aggregate, first_in_period


def _contract(n, sme, day, **over):
    values = dict(
        contract_id=f"c-{n}",
        sme_id=sme,
        counted_day=day,
        value_vnd=1_000_000,
        sector="tourism",
        province="Hà Nội",
        size="small",
        pricing_type="subscription",
        vendor_id="v-1",
        categories=("booking",),
    )
    values.update(over)
    return CountedContract(**values)


def test_report_json_has_exactly_the_spec_keys():
    contracts = [
        _contract(1, "s-1", date(2026, 3, 1)),
        _contract(2, "s-1", date(2026, 3, 9), sector=None),
        _contract(3, "s-2", date(2026, 4, 1), value_vnd=None),
    ]
    report = aggregate(contracts, date(2026, 1, 1), date(2026, 12, 31), "sector")
    assert report.to_json() == {
        "from": "2026-01-01",
        "to": "2026-12-31",
        "by": "sector",
        "contracts": 3,
        "smes": 2,
        "value_vnd": 2_000_000,
        "groups": [
            {"key": "tourism", "contracts": 2, "smes": 2, "value_vnd": 1_000_000},
            {"key": "unknown", "contracts": 1, "smes": 1, "value_vnd": 1_000_000},
        ],
    }


def test_a_product_in_several_categories_counts_once_in_each():
    contracts = [
        _contract(1, "s-1", date(2026, 3, 1), categories=("booking", "crm")),
        _contract(2, "s-2", date(2026, 3, 1), categories=("crm",)),
    ]
    report = aggregate(contracts, date(2026, 1, 1), date(2026, 12, 31), "category")
    assert report.contracts == 2
    assert [(g.key, g.contracts, g.smes) for g in report.groups] == [("crm", 2, 2), ("booking", 1, 1)]


def test_months_are_in_order_and_dates_inclusive():
    contracts = [
        _contract(1, "s-1", date(2026, 2, 28)),
        _contract(2, "s-1", date(2026, 1, 1)),
        _contract(3, "s-1", date(2025, 12, 31)),
    ]
    report = aggregate(contracts, date(2026, 1, 1), date(2026, 2, 28), "month")
    assert [g.key for g in report.groups] == ["2026-01", "2026-02"]
    assert (report.contracts, report.smes) == (2, 1)


def test_period_and_dimension_are_checked():
    assert parse_period("2026-01-01", "2026-12-31") == (date(2026, 1, 1), date(2026, 12, 31))
    with pytest.raises(ValidationFailed) as refused:
        parse_period("2026-13-01", "2026-01-01")
    assert "from" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        parse_period("2026-02-01", "2026-01-01")
    assert "to" in refused.value.fields
    with pytest.raises(ValidationFailed):
        check_dimension("colour")


def test_first_of_period_days_give_the_distinct_smes_of_any_period_and_group():
    rng = random.Random(3)
    contracts = []
    for n in range(400):
        day = date(2026, 1, 1) + timedelta(days=rng.randrange(120))
        contracts.append(
            _contract(
                n,
                f"s-{rng.randrange(40)}",
                day,
                sector=rng.choice(["trade", "tourism", None]),
                categories=tuple(rng.sample(["crm", "booking", "ai"], rng.randint(1, 2))),
            )
        )
    by_sme = {}
    for c in contracts:
        keys = {"sector": (c.sector,), "category": c.categories}
        by_sme.setdefault(c.sme_id, []).append(CountedKeys(c.contract_id, c.counted_day, keys))
    days = {}
    for group in by_sme.values():
        days.update(previous_days(group))
    for _ in range(30):
        start = date(2026, 1, 1) + timedelta(days=rng.randrange(120))
        end = start + timedelta(days=rng.randrange(60))
        chosen = [c for c in contracts if start <= c.counted_day <= end]
        assert sum(first_in_period(days[c.contract_id][(ALL, None)], start) for c in chosen) == len(
            {c.sme_id for c in chosen}
        )
        for by, grouping in (("sector", "sector"), ("category", "category")):
            report = aggregate(contracts, start, end, by)
            for group in report.groups:
                key = None if group.key == "unknown" else group.key
                firsts = sum(
                    first_in_period(days[c.contract_id][(grouping, key)], start)
                    for c in chosen
                    if key in (c.categories if by == "category" else (c.sector,))
                )
                assert firsts == group.smes


def test_every_dimension_is_known():
    assert DIMENSIONS == ("sector", "province", "pricing_model", "category", "vendor", "size", "month")
