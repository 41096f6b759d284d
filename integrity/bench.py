"""Speed of a full integrity scan: fill a scratch database with N contracts of the synthetic set
(integrity.synthetic, scaled up: the same ordinary business, planted abuse and near misses), then
scan everything and store the flags, as `marketplace fraud scan` does.

Synthetic rows carry the id prefix `fb-`, so that a second run replaces them and never touches real
data; a database holding other contracts is refused. Rows are written in bulk (COPY on PostgreSQL)
with the contracts' secondary indexes dropped during the load and rebuilt after it.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

from sqlalchemy import delete, func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from catalog.models import Listing, ListingRevision
from contracts.counting import counted_day
from contracts.models import Contract
from core.db import Base, make_engine
from core.scratch import bulk_insert, foreign_rows, stamp_text
from integrity import synthetic
from integrity.models import IntegrityFlag
from integrity.scan import scan
from smes.models import Sme
from vendors.models import Vendor

PREFIX = "fb-"
CONTRACTS_PER_SME = 1.4  # the synthetic set's ordinary SMEs sign about this many contracts each


class NotScratch(Exception):
    """The database holds contracts that are not this benchmark's."""


def _url(url: str) -> str:
    return (
        "postgresql+psycopg://" + url.removeprefix("postgresql://")
        if url.startswith("postgresql://")
        else url
    )


def run(url: str, n: int, reuse: bool = False) -> dict:
    """Fill (unless `reuse` finds the same N), scan twice (flags new, then flags kept); the figures,
    with the CPU seconds this process spent on the first scan (the database server's are apart)."""
    engine = make_engine(_url(url))
    try:
        if foreign_rows(engine, Contract.__tablename__, PREFIX):
            raise NotScratch(f"{url} có hợp đồng thật: hãy dùng một cơ sở dữ liệu nháp cho phép đo.")
        Base.metadata.create_all(engine)  # the app has loaded every model
        fill_seconds = None
        if not (reuse and synthetic_count(engine) == n):
            fill_seconds = round(fill(engine, n), 1)
        with Session(engine) as session, session.begin():  # the first scan writes every flag anew
            session.execute(delete(IntegrityFlag).where(IntegrityFlag.contract_id.like(f"{PREFIX}%")))
        runs = [_timed_scan(engine) for _ in range(2)]
    finally:
        engine.dispose()
    first, again = runs
    return {
        "database": engine.dialect.name,
        "contracts": n,
        "fill_seconds": fill_seconds,
        "scan_seconds": first["seconds"],
        "scan_cpu_seconds": first["cpu"],
        "load_seconds": first["load"],
        "check_seconds": first["check"],
        "store_seconds": first["store"],
        "rescan_seconds": again["seconds"],
        "findings": first["findings"],
        "flagged": first["flagged"],
    }


def _timed_scan(engine: Engine) -> dict:
    timings: dict = {}
    with Session(engine) as session:
        started, cpu = time.perf_counter(), time.process_time()
        result = scan(session, actor="bench", timings=timings)
        session.commit()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        **timings,
        "seconds": round(seconds, 2),
        "cpu": round(cpu, 2),
        "findings": len(result.findings),
        "flagged": result.flagged,
    }


def synthetic_count(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(
            select(func.count()).select_from(Contract).where(Contract.id.like(f"{PREFIX}%"))
        )


def clear(session: Session) -> None:
    """Remove earlier synthetic rows (and only those)."""
    like = f"{PREFIX}%"
    session.execute(delete(IntegrityFlag).where(IntegrityFlag.contract_id.like(like)))
    session.execute(delete(Contract).where(Contract.id.like(like)))
    session.execute(delete(ListingRevision).where(ListingRevision.listing_id.like(like)))
    for model in (Listing, Sme, Vendor):
        session.execute(delete(model).where(model.id.like(like)))


def _stamp_of(text_value: str | None, dialect: str) -> str | None:
    return stamp_text(datetime.fromisoformat(text_value).astimezone(UTC), dialect) if text_value else None


def rows(n: int, dialect: str) -> dict[str, tuple[tuple[str, ...], list[tuple]]]:
    """table -> (columns, rows) of the synthetic set scaled to n contracts."""
    document = synthetic.generate(
        scale=max(1, n // 1600), background=int(n / CONTRACTS_PER_SME) + 10, prefix=PREFIX
    )
    now = stamp_text(datetime.now(UTC).replace(microsecond=0), dialect)
    vendors = [
        (
            v["id"],
            v["name"],
            v.get("tax_code"),
            v.get("province"),
            v.get("phone"),
            v.get("contact_email"),
            v.get("address"),
            "{}",
            now,
        )
        for v in document["vendors"]
    ]
    listings = [(p["id"], p["vendor_id"], "published", now, now, now) for p in document["products"]]
    revisions = [
        (
            p["id"],
            1,
            "approved",
            p["name"],
            p["summary"],
            json.dumps(p["categories"]),
            json.dumps(p["sectors"]),
            0,
            5,
            "[]",
            '["*"]',
            p["price_monthly_vnd"],
            p.get("setup_fee_vnd"),
            json.dumps(p["pricing_models"]),
            "[]",
            "[]",
            "{}",
            now,
            now,
        )
        for p in document["products"]
    ]
    smes = [
        (
            s["id"],
            s["name"],
            s.get("tax_code"),
            s["sector"],
            s.get("employees"),
            s.get("province"),
            s.get("phone"),
            s.get("contact_email"),
            s.get("address"),
            s.get("joined_on"),
            "[]",
            "[]",
            "[]",
            False,
            "{}",
            now,
            now,
        )
        for s in document["smes"]
    ]
    products = {p["id"]: p["vendor_id"] for p in document["products"]}
    contracts = []
    for c in document["contracts"][:n]:
        day = counted_day(
            datetime.fromisoformat(c["sme_signed_at"]), datetime.fromisoformat(c["vendor_signed_at"])
        )
        contracts.append(
            (
                c["id"],
                c["sme_id"],
                c["product_id"],
                products[c["product_id"]],
                1,
                c["status"],
                "import",
                json.dumps(c["pricing"]),
                c["pricing"]["type"],
                c.get("value_vnd"),
                c.get("start_date"),
                c.get("months"),
                _stamp_of(c["sme_signed_at"], dialect),
                _stamp_of(c["vendor_signed_at"], dialect),
                _stamp_of(c.get("ended_at"), dialect),
                "{}",
                now,
                now,
                day.isoformat(),
            )
        )
    return {
        "vendors": (
            (
                "id",
                "name",
                "tax_code",
                "province",
                "phone",
                "contact_email",
                "address",
                "extra",
                "created_at",
            ),
            vendors,
        ),
        "listings": (("id", "vendor_id", "status", "created_at", "updated_at", "published_at"), listings),
        "listing_revisions": (
            (
                "listing_id",
                "number",
                "status",
                "name",
                "summary",
                "categories",
                "sectors",
                "readiness_min",
                "readiness_max",
                "company_sizes",
                "regions",
                "price_monthly_vnd",
                "setup_fee_vnd",
                "pricing_models",
                "languages",
                "integrations",
                "extra",
                "created_at",
                "reviewed_at",
            ),
            revisions,
        ),
        "smes": (
            (
                "id",
                "name",
                "tax_code",
                "sector",
                "employees",
                "province",
                "phone",
                "contact_email",
                "address",
                "joined_on",
                "needs",
                "preferred_pricing_models",
                "current_tools",
                "contact_consent",
                "extra",
                "created_at",
                "updated_at",
            ),
            smes,
        ),
        "contracts": (
            (
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
                "ended_at",
                "extra",
                "created_at",
                "updated_at",
                "counted_day",
            ),
            contracts,
        ),
    }


def fill(engine: Engine, n: int) -> float:
    """Replace the synthetic rows by n contracts (and their vendors, products, SMEs); seconds taken."""
    started = time.perf_counter()
    tables = rows(n, engine.dialect.name)
    with Session(engine) as session, session.begin():
        clear(session)
        connection = session.connection()
        indexes = list(Contract.__table__.indexes)
        for index in indexes:
            index.drop(connection)
        for table, (columns, values) in tables.items():
            bulk_insert(connection, table, columns, values)
        for index in indexes:
            index.create(connection)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
    return time.perf_counter() - started
