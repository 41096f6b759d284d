"""Speed of the contract reports: fill a database with N synthetic contracts, time every dimension.

Synthetic rows carry the id prefix `rb-` (vendors, listings, SMEs, contracts), so that a second run
replaces them and never touches real data. Contracts are written in bulk (COPY on PostgreSQL, one
executemany on SQLite) with the secondary indexes dropped during the load and rebuilt after it.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from catalog.models import Listing
from contracts.counting import counted_day, month_key
from contracts.models import REPORT_COLUMNS, Contract, ContractCategory
from core.scratch import bulk_insert, foreign_rows, stamp_text
from core.vocab import CATEGORIES, PRICING_TYPES, PROVINCES, SECTORS, SIZES
from reports.aggregate import DIMENSIONS
from reports.firsts import ALL, CountedKeys, previous_days
from reports.queries import contract_report
from smes.models import Sme
from vendors.models import Vendor

PREFIX = "rb-"
CONTRACT_COLUMNS = (
    "id",
    "sme_id",
    "product_id",
    "vendor_id",
    "version",
    "status",
    "source",
    "pricing",
    "pricing_type",
    "value_vnd",
    "start_date",
    "months",
    "sme_signed_at",
    "vendor_signed_at",
    "extra",
    "created_at",
    "updated_at",
    "counted_day",
    "counted_month",
    "sector",
    "province",
    "size",
    "prev_day",
    *(prev for _, prev in REPORT_COLUMNS.values()),
)
CATEGORY_COLUMNS = ("contract_id", "category", "counted_day", "sme_id", "value_vnd", "prev_day")
START = datetime(2024, 1, 1, tzinfo=UTC)
SPAN_SECONDS = 3 * 365 * 86400  # signatures spread over three years


def synthetic_rows(n: int, dialect: str, seed: int = 7):
    """(vendors, listings, smes, contract rows, category rows) for n contracts."""
    rng = random.Random(seed)
    vendors = [f"{PREFIX}v-{i:04d}" for i in range(max(n // 2000, 5))]
    listings = [
        (
            f"{PREFIX}p-{i:05d}",
            vendors[i % len(vendors)],
            tuple(rng.sample(list(CATEGORIES), rng.randint(1, 3))),
        )
        for i in range(max(n // 500, 10))
    ]
    sectors, sizes, types = list(SECTORS), list(SIZES), list(PRICING_TYPES)
    smes = []
    for i in range(max(n // 4, 10)):
        smes.append(
            (
                f"{PREFIX}s-{i:07d}",
                rng.choice(sectors),
                None if rng.random() < 0.03 else rng.choice(PROVINCES),
                None if rng.random() < 0.05 else rng.choice(sizes),
            )
        )
    now = stamp_text(datetime.now(UTC).replace(microsecond=0), dialect)
    pricing_json = {kind: json.dumps({"type": kind}) for kind in types}
    drawn = []  # (contract id, sme, product, kind, value, first signature, second signature or None, status)
    for i in range(n):
        sme = smes[rng.randrange(len(smes))]
        product = listings[rng.randrange(len(listings))]
        first = START + timedelta(seconds=rng.randrange(SPAN_SECONDS))  # whole seconds
        unsigned = rng.random() < 0.08
        status = (
            "awaiting_signatures"
            if unsigned
            else rng.choices(("signed", "active", "completed", "terminated"), (20, 60, 17, 3))[0]
        )
        second = None if unsigned else first + timedelta(seconds=rng.randrange(14 * 86400))
        drawn.append(
            (
                f"{PREFIX}c-{i:08d}",
                sme,
                product,
                rng.choice(types),
                rng.choice((0, 1_800_000, 6_000_000, 12_000_000, 36_000_000, 120_000_000)),
                first,
                second,
                status,
            )
        )
    days = _previous_days(drawn)
    contracts, categories = [], []
    for cid, (sme_id, sector, province, size), (
        product_id,
        vendor_id,
        cats,
    ), kind, value, first, second, status in drawn:
        day = counted_day(first, second)
        previous = days.get(cid, {})
        keys = {
            "sector": sector,
            "province": province,
            "size": size,
            "pricing_model": kind,
            "vendor": vendor_id,
            "month": month_key(day) if day else None,
        }

        def prev(grouping, key, previous=previous):
            found = previous.get((grouping, key))
            return found.isoformat() if found else None

        contracts.append(
            (
                cid,
                sme_id,
                product_id,
                vendor_id,
                1,
                status,
                "import",
                pricing_json[kind],
                kind,
                value,
                first.date().isoformat(),
                12,
                stamp_text(first, dialect),
                stamp_text(second, dialect),
                "{}",
                now,
                now,
                day.isoformat() if day else None,
                keys["month"],
                sector if day else None,
                province if day else None,
                size if day else None,
                prev(ALL, None),
                *(prev(g, keys[g]) for g in REPORT_COLUMNS),
            )
        )
        if day is not None:
            categories.extend((cid, c, day.isoformat(), sme_id, value, prev("category", c)) for c in cats)
    return vendors, listings, smes, contracts, categories


def _previous_days(drawn) -> dict:
    """Previous-contract days of every counted synthetic contract, SME by SME (reports.firsts)."""
    by_sme: dict[str, list[CountedKeys]] = {}
    for cid, (sme_id, sector, province, size), (_, vendor_id, cats), kind, _, first, second, _ in drawn:
        day = counted_day(first, second)
        if day is None:
            continue
        keys = {
            "sector": (sector,),
            "province": (province,),
            "size": (size,),
            "pricing_model": (kind,),
            "vendor": (vendor_id,),
            "month": (month_key(day),),
            "category": cats,
        }
        by_sme.setdefault(sme_id, []).append(CountedKeys(cid, day, keys))
    days: dict = {}
    for counted in by_sme.values():
        days.update(previous_days(counted))
    return days


def _load_indexes():
    """Every secondary index of the two tables: dropped for the bulk load, rebuilt once after it."""
    return [*Contract.__table__.indexes, *ContractCategory.__table__.indexes]


def clear(session: Session) -> None:
    """Remove earlier synthetic contracts (and only those); synthetic parties stay for the next run."""
    like = f"{PREFIX}%"
    session.execute(delete(ContractCategory).where(ContractCategory.contract_id.like(like)))
    session.execute(delete(Contract).where(Contract.id.like(like)))


def _add_missing(session: Session, model, rows: list[dict]) -> None:
    """Insert the rows whose id is not stored yet (synthetic parties are deterministic)."""
    stored = set(session.scalars(select(model.id).where(model.id.like(f"{PREFIX}%"))))
    missing = [row for row in rows if row["id"] not in stored]
    if missing:
        session.execute(insert(model), missing)


def fill(engine: Engine, n: int) -> float:
    """Replace the synthetic rows by n contracts (and their vendors, products, SMEs); seconds taken."""
    started = time.perf_counter()
    dialect = engine.dialect.name
    vendors, listings, smes, contracts, categories = synthetic_rows(n, dialect)
    with Session(engine) as session, session.begin():
        clear(session)
        _add_missing(session, Vendor, [{"id": v, "name": f"Nhà cung cấp {v}"} for v in vendors])
        _add_missing(
            session, Listing, [{"id": p, "vendor_id": v, "status": "published"} for p, v, _ in listings]
        )
        _add_missing(
            session,
            Sme,
            [
                {"id": s, "name": f"Doanh nghiệp {s}", "sector": sector, "province": province, "size": size}
                for s, sector, province, size in smes
            ],
        )
        connection = session.connection()
        for index in _load_indexes():
            index.drop(connection)
        bulk_insert(connection, "contracts", CONTRACT_COLUMNS, contracts)
        bulk_insert(connection, "contract_categories", CATEGORY_COLUMNS, categories)
        for index in _load_indexes():
            index.create(connection)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE" if dialect == "postgresql" else "ANALYZE"))
    return time.perf_counter() - started


def synthetic_count(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(
            select(func.count()).select_from(Contract).where(Contract.id.like(f"{PREFIX}%"))
        )


def real_contracts(engine: Engine) -> int:
    """Contracts that are not this benchmark's: a database holding any is not a scratch database."""
    return foreign_rows(engine, Contract.__tablename__, PREFIX)


def time_reports(engine: Engine, date_from: date, date_to: date, repeat: int = 3) -> dict[str, dict]:
    """Seconds per dimension: the first run and the median of `repeat` runs, with the totals found."""
    timings = {}
    for by in DIMENSIONS:
        runs, report = [], None
        for _ in range(repeat):
            with Session(engine) as session:
                started = time.perf_counter()
                report = contract_report(session, date_from, date_to, by)
                runs.append(time.perf_counter() - started)
        timings[by] = {
            "first_s": round(runs[0], 3),
            "median_s": round(statistics.median(runs), 3),
            "groups": len(report.groups),
            "contracts": report.contracts,
            "smes": report.smes,
        }
    return timings
