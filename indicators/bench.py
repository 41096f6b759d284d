"""Speed of the programme reports: fill a scratch database with N synthetic SMEs, 3N assessments, 5N
supports, N/2 contracts and a network of consultants, then time every report of `report programme`
(the whole workbook of breakdowns too, which is four of them).

Synthetic rows carry the id prefix `pb-`, so that a second run replaces them and never touches real
data. They are generated and written a chunk at a time (COPY on PostgreSQL), with the secondary indexes
of the big tables dropped during the load and rebuilt after it: five million supports are never held
in memory at once. The monthly rows the reports read are then rebuilt from them (indicators.rollup),
as the COPY bypasses the sessions that keep them.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from assessments.models import Assessment
from catalog.models import Listing
from consultants.models import Consultant, Support
from contracts.models import Contract
from core.scratch import bulk_insert, foreign_rows, stamp_text
from core.vocab import CATEGORIES, PROVINCES, SECTORS, SIZES
from indicators import rollup
from indicators.programme import (
    all_breakdowns,
    breakdown,
    month_breakdown,
    programme_report,
    readiness_by_solution,
)
from smes.models import Sme
from vendors.models import Vendor

PREFIX = "pb-"
CHUNK = 200_000
FIRST_DAY, DAYS = date(2025, 1, 1), 730  # activity over 2025-2026
PERIOD = (date(2026, 1, 1), date(2026, 12, 31))
WORKBOOK = "breakdowns_xlsx"  # the four breakdowns of the XLSX/CSV files together, not one report
BIG_TABLES = (Assessment, Support, Contract)
ASSESSMENT_COLUMNS = (
    "id",
    "sme_id",
    "framework",
    "level",
    "assessed_on",
    "consultant_id",
    "extra",
    "created_at",
)
SUPPORT_COLUMNS = ("id", "sme_id", "kind", "on_day", "consultant_id", "hours", "extra", "created_at")
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
    "extra",
    "created_at",
    "updated_at",
    "sme_signed_at",
    "vendor_signed_at",
    "counted_day",
    "counted_month",
    "province",
    "sector",
    "size",
)


def _chunks(rows: Iterator[tuple]) -> Iterator[list[tuple]]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


SME_COLUMNS = (
    "id",
    "name",
    "sector",
    "province",
    "size",
    "needs",
    "preferred_pricing_models",
    "current_tools",
    "extra",
    "contact_consent",
    "created_at",
    "updated_at",
)


def _smes(n: int, rng: random.Random, now: str) -> Iterator[tuple]:
    sectors, sizes = list(SECTORS), list(SIZES)
    for i in range(n):
        province = None if rng.random() < 0.03 else rng.choice(PROVINCES)
        yield (
            f"{PREFIX}s-{i:07d}",
            f"Doanh nghiệp {i}",
            rng.choice(sectors),
            province,
            rng.choice(sizes),
            "[]",
            "[]",
            "[]",
            "{}",
            False,
            now,
            now,
        )


def _day(rng: random.Random) -> str:
    return (FIRST_DAY + timedelta(days=rng.randrange(DAYS))).isoformat()


def _assessments(n: int, consultants: list[str], rng: random.Random, now: str) -> Iterator[tuple]:
    for i in range(3 * n):
        consultant = rng.choice(consultants) if rng.random() < 0.4 else None
        yield (
            f"{PREFIX}a-{i:08d}",
            f"{PREFIX}s-{rng.randrange(n):07d}",
            "dbi-2158-2023",
            rng.randrange(6),
            _day(rng),
            consultant,
            "{}",
            now,
        )


def _supports(n: int, consultants: list[str], rng: random.Random, now: str) -> Iterator[tuple]:
    kinds = ("consulting", "training", "application")
    for i in range(5 * n):
        consultant = rng.choice(consultants) if rng.random() < 0.6 else None
        yield (
            f"{PREFIX}u-{i:08d}",
            f"{PREFIX}s-{rng.randrange(n):07d}",
            rng.choice(kinds),
            _day(rng),
            consultant,
            rng.choice((1.0, 2.0, 4.0)),
            "{}",
            now,
        )


def _contracts(
    n: int, listings: list[tuple[str, str]], rng: random.Random, dialect: str, now: str
) -> Iterator[tuple]:
    pricing = json.dumps({"type": "subscription"})
    for i in range(n // 2):
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        signed = stamp_text(datetime(day.year, day.month, day.day, 3, tzinfo=UTC), dialect)
        product, vendor = listings[rng.randrange(len(listings))]
        yield (
            f"{PREFIX}c-{i:08d}",
            f"{PREFIX}s-{rng.randrange(n):07d}",
            product,
            vendor,
            1,
            "active",
            "import",
            pricing,
            "subscription",
            "{}",
            now,
            now,
            signed,
            signed,
            day.isoformat(),
            day.isoformat()[:7],
            None,
            None,
            None,
        )


def clear(session: Session) -> None:
    like = f"{PREFIX}%"
    for model in (Assessment, Support, Contract):
        session.execute(delete(model).where(model.id.like(like)))


def _add_missing(session: Session, model, rows: list[dict]) -> None:
    stored = set(session.scalars(select(model.id).where(model.id.like(f"{PREFIX}%"))))
    if missing := [row for row in rows if row["id"] not in stored]:
        session.execute(insert(model), missing)


def fill(engine: Engine, n: int, seed: int = 11, progress: Callable[[str], None] = lambda _: None) -> float:
    """Replace the synthetic rows by those of n SMEs; seconds taken."""
    started = time.perf_counter()
    dialect, rng = engine.dialect.name, random.Random(seed)
    now = stamp_text(datetime.now(UTC).replace(microsecond=0), dialect)
    consultants = [f"{PREFIX}cg-{i:05d}" for i in range(max(n // 1000, 20))]
    vendors = [f"{PREFIX}v-{i:04d}" for i in range(max(n // 5000, 5))]
    listings = [(f"{PREFIX}p-{i:05d}", vendors[i % len(vendors)]) for i in range(max(n // 1000, 10))]
    with Session(engine) as session, session.begin():
        clear(session)
        _add_missing(session, Vendor, [{"id": v, "name": f"Nhà cung cấp {v}"} for v in vendors])
        _add_missing(
            session, Listing, [{"id": p, "vendor_id": v, "status": "published"} for p, v in listings]
        )
        _add_missing(
            session,
            Consultant,
            [
                {
                    "id": c,
                    "name": f"Chuyên gia {c}",
                    "kind": "person",
                    "specialties": [rng.choice(list(CATEGORIES))],
                    "sectors": ["*"],
                    "provinces": rng.choice([["*"], [rng.choice(PROVINCES)]]),
                    "status": "active",
                    "certified_on": date(2025, 1, 1) + timedelta(days=rng.randrange(700)),
                    "extra": {},
                }
                for c in consultants
            ],
        )
        connection = session.connection()
        if session.scalar(select(func.count()).select_from(Sme).where(Sme.id.like(f"{PREFIX}%"))) != n:
            session.execute(delete(Sme).where(Sme.id.like(f"{PREFIX}%")))
            for chunk in _chunks(_smes(n, rng, now)):
                bulk_insert(connection, "smes", SME_COLUMNS, chunk)
            progress("smes")
        indexes = [index for model in BIG_TABLES for index in model.__table__.indexes]
        for index in indexes:
            index.drop(connection)
        for table, columns, rows in (
            ("assessments", ASSESSMENT_COLUMNS, _assessments(n, consultants, rng, now)),
            ("supports", SUPPORT_COLUMNS, _supports(n, consultants, rng, now)),
            ("contracts", CONTRACT_COLUMNS, _contracts(n, listings, rng, dialect, now)),
        ):
            for chunk in _chunks(rows):
                bulk_insert(connection, table, columns, chunk)
            progress(table)
        for index in indexes:
            index.create(connection)
        progress("indexes")

        def rollup_progress(done: int, total: int) -> None:
            if done % 100_000 == 0:
                progress(f"rollup {done}/{total}")

        rollup.rebuild(session, rollup_progress)
        progress("rollup")
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE" if dialect == "postgresql" else "ANALYZE"))
    return time.perf_counter() - started


def synthetic_count(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(Sme).where(Sme.id.like(f"{PREFIX}%")))


def real_records(engine: Engine) -> int:
    """Records that are not this benchmark's: a database holding any is not a scratch database."""
    return sum(foreign_rows(engine, table, PREFIX) for table in ("smes", "assessments", "supports"))


def time_reports(engine: Engine, repeat: int = 3) -> dict[str, dict]:
    """Seconds per report (first run and median of `repeat`), for the year 2026."""
    start, end = PERIOD
    reports = {
        "programme": lambda s: programme_report(s, start, end),
        "programme_province": lambda s: programme_report(s, start, end, "Hà Nội"),
        "programme_month": lambda s: programme_report(s, date(2026, 6, 1), date(2026, 6, 30)),
        "by_province": lambda s: breakdown(s, start, end, "province"),
        "by_sector": lambda s: breakdown(s, start, end, "sector"),
        "by_size": lambda s: breakdown(s, start, end, "size"),
        "by_month": lambda s: month_breakdown(s, start, end),
        WORKBOOK: lambda s: all_breakdowns(s, start, end),
        "readiness_by_product": lambda s: readiness_by_solution(s, start, end, "product"),
    }
    timings = {}
    for name, run in reports.items():
        runs, result = [], None
        for _ in range(repeat):
            with Session(engine) as session:
                started = time.perf_counter()
                result = run(session)
                runs.append(time.perf_counter() - started)
        timings[name] = {"first_s": round(runs[0], 3), "median_s": round(statistics.median(runs), 3)}
        if name == "programme":
            timings[name]["smes_supported"] = result["smes_supported"]
    return timings
