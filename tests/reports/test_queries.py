"""SQL reports agree with the pure aggregation, per dimension, with and without filters."""

import itertools
import random
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from contracts import services
from contracts.models import Contract, ContractCategory
from reports.aggregate import DIMENSIONS
from reports.queries import contract_report
from tests.reports.reference import CountedContract, aggregate

PERIODS = [
    (date(2026, 1, 1), date(2026, 12, 31)),
    (date(2026, 3, 15), date(2026, 6, 30)),
    (date(2025, 1, 1), date(2027, 12, 31)),
    (date(2026, 5, 1), date(2026, 5, 1)),
]


@pytest.fixture
def counted(session, factory):
    """About 70 contracts of 12 SMEs, counted through the service in random order; profiles change midway."""
    rng = random.Random(11)
    vendors = [factory.vendor() for _ in range(3)]
    listings = [
        factory.listing(
            "published",
            vendor_id=rng.choice(vendors).id,
            categories=rng.sample(["crm", "booking", "e_invoice", "ai"], rng.randint(1, 3)),
            pricing_models=[{"type": "subscription"}, {"type": "one_time", "price_vnd": 1}],
        )
        for _ in range(5)
    ]
    smes = [
        factory.sme(
            sector=rng.choice(["trade", "tourism"]),
            province=rng.choice(["Hà Nội", "Huế", None]),
            size=rng.choice(["micro", "small", None]),
        )
        for _ in range(12)
    ]
    for n in range(70):
        sme, listing = rng.choice(smes), rng.choice(listings)
        moment = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(365 * 24 * 60))
        both = rng.random() > 0.1
        kind = rng.choice(["subscription", "one_time"])
        contract = Contract(
            id=f"c-q-{n:03d}",
            sme_id=sme.id,
            product_id=listing.id,
            vendor_id=listing.vendor_id,
            status="signed" if both else "awaiting_signatures",
            source="import",
            pricing={"type": kind},
            pricing_type=kind,
            value_vnd=rng.choice([None, 0, 5_000_000]),
            sme_signed_at=moment,
            vendor_signed_at=moment + timedelta(hours=30) if both else None,
            extra={},
        )
        session.add(contract)
        session.flush()
        services.count(session, contract, None)
        if rng.random() < 0.1:  # later profile changes must not move earlier contracts
            sme.sector = rng.choice(["trade", "tourism", "agriculture"])
        if rng.random() < 0.1:
            session.execute(sa.update(Contract).where(Contract.id == contract.id).values(status="terminated"))
    session.flush()
    session.expire_all()
    return session


def _snapshot(session) -> list[CountedContract]:
    categories = {}
    for contract_id, category in session.execute(
        sa.select(ContractCategory.contract_id, ContractCategory.category)
    ):
        categories.setdefault(contract_id, []).append(category)
    return [
        CountedContract(
            c.id,
            c.sme_id,
            c.counted_day,
            c.value_vnd,
            c.sector,
            c.province,
            c.size,
            c.pricing_type,
            c.vendor_id,
            tuple(categories.get(c.id, ())),
            c.status == "terminated",
        )
        for c in session.scalars(sa.select(Contract).where(Contract.counted_day.is_not(None)))
    ]


def test_sql_report_equals_the_pure_aggregation_for_every_dimension_and_period(counted):
    rows = _snapshot(counted)
    assert 50 < len(rows) < 70 and all(r.categories for r in rows)
    for by in DIMENSIONS:
        for start, end in PERIODS:
            expected = aggregate(rows, start, end, by)
            got = contract_report(counted, start, end, by, terminations=True)
            assert got.to_json() == expected.to_json(), (by, start, end)
            assert (got.terminated, [g.terminated for g in got.groups]) == (
                expected.terminated,
                [g.terminated for g in expected.groups],
            )


def test_filtered_reports_equal_the_pure_aggregation_of_the_filtered_contracts(counted):
    rows = _snapshot(counted)
    start, end = PERIODS[0]
    for by, (name, value, keep) in itertools.product(
        ["province", "category", "month"],
        [
            ("sector", "trade", lambda r: r.sector == "trade"),
            ("category", "crm", lambda r: "crm" in r.categories),
            ("province", "unknown", lambda r: r.province is None),
            ("pricing_model", "one_time", lambda r: r.pricing_type == "one_time"),
        ],
    ):
        expected = aggregate([r for r in rows if keep(r)], start, end, by)
        assert contract_report(counted, start, end, by, {name: value}).to_json() == expected.to_json()


def test_an_empty_period_reports_zeros(counted):
    report = contract_report(counted, date(2020, 1, 1), date(2020, 12, 31), "sector")
    assert report.to_json() == {
        "from": "2020-01-01",
        "to": "2020-12-31",
        "by": "sector",
        "contracts": 0,
        "smes": 0,
        "value_vnd": 0,
        "groups": [],
    }
