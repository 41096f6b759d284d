"""The nightly batch at scale: N synthetic products and M synthetic SMEs (matching.benchmark's, seeded) put
in a scratch database, then the batch itself (matching.suggestions.refresh) reads them, ranks every SME
and writes the suggestions there, timed, with the rows written and the peak memory.

The speed of one ranking is measured in memory as before (p95 of single SMEs against an index built
beforehand). The synthetic data is made, measured and loaded in a child process, so that the peak memory
printed is the batch's own (its process, and its largest worker).

Synthetic rows carry the id prefixes `bv-` (vendors), `bp-` (listings) and `bs-` (SMEs), so that a second
run replaces them and never touches real data; a database holding other SMEs, listings or vendors is
refused.
"""

from __future__ import annotations

import json
import multiprocessing
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, datetime

import numpy as np
from sqlalchemy import delete, func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from catalog.models import LIVE, CatalogEdition, EditionEntry, Listing, ListingRevision
from catalog.product import Product
from core.db import Base, make_engine
from core.scratch import bulk_insert, foreign_rows, stamp_text
from matching.benchmark import synthetic_offers, synthetic_profiles
from matching.engine import OfferIndex
from matching.model import Offer, Profile
from matching.models import SavedSuggestion
from matching.suggestions import refresh
from smes.models import Sme
from vendors.models import Vendor

PREFIXES = {"vendors": "bv-", "listings": "bp-", "smes": "bs-"}
DECISION = "bench-match"  # the decision number of the benchmark's catalog edition
ONE_SAMPLES = 200


class NotScratch(Exception):
    """The database holds records that are not this benchmark's."""


def _url(url: str) -> str:
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def run(url: str, products: int, smes: int, workers: int = 2, again: bool = False, progress=None) -> dict:
    """Load the synthetic data into the scratch database `url` (in a child process), run the batch on it
    (and, with `again`, a second time: replacing the rows, as every night after the first); the figures."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as child:
        prepared = child.submit(_prepare, url, products, smes).result()
    engine = make_engine(_url(url))
    try:
        batches = []
        for _ in range(2 if again else 1):
            with Session(engine) as session:
                batches.append(refresh(session, workers=workers, progress=progress).to_dict())
        with engine.connect() as connection:
            stored = connection.scalar(select(func.count()).select_from(SavedSuggestion).where(
                SavedSuggestion.sme_id.like(f"{PREFIXES['smes']}%")))
    finally:
        engine.dispose()
    first = batches[0]
    result = {
        "database": engine.dialect.name,
        "products": products,
        "smes": smes,
        "workers": first["workers"],
        **prepared,
        "all_seconds": first["rank_seconds"],
        "index_seconds": first["index_seconds"],
        "rank_cpu_ms_per_sme": round(first["rank_cpu_seconds"] * 1000 / max(smes, 1), 3),
        "write_seconds": first["write_seconds"],
        "main_cpu_seconds": first["main_cpu_seconds"],
        "total_seconds": first["seconds"],
        "rows": first["rows"],
        "rows_in_database": stored,
        "rows_per_s": round(first["rows"] / first["seconds"]) if first["seconds"] else None,
        "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "worker_peak_mib": first["worker_peak_mib"],
    }
    if again:
        result["again"] = {k: batches[1][k] for k in ("seconds", "rank_seconds", "write_seconds", "rows")}
    return result


def _prepare(url: str, products: int, smes: int) -> dict:
    """In the child: the synthetic data, the in-memory p95 of one ranking, and the scratch database
    filled with it."""
    offers = synthetic_offers(products)
    profiles = synthetic_profiles(max(smes, ONE_SAMPLES))
    index = OfferIndex(offers)
    timings = []
    for profile in profiles[:ONE_SAMPLES]:
        started = time.perf_counter()
        index.rank(profile, 10)
        timings.append((time.perf_counter() - started) * 1000)
    del index
    engine = make_engine(_url(url))
    try:
        for table, prefix in PREFIXES.items():
            if foreign_rows(engine, table, prefix):
                raise NotScratch(
                    f"{url} có dữ liệu thật ({table}): hãy dùng một cơ sở dữ liệu nháp cho phép đo.")
        Base.metadata.create_all(engine)  # the app has loaded every model
        fill_seconds = fill(engine, offers, profiles[:smes])
    finally:
        engine.dispose()
    return {"one_p95_ms": round(float(np.percentile(timings, 95)), 2), "fill_seconds": round(fill_seconds, 1)}


def clear(session: Session) -> None:
    """Remove an earlier run's rows (and only those)."""
    listings, smes = f"{PREFIXES['listings']}%", f"{PREFIXES['smes']}%"
    session.execute(delete(SavedSuggestion).where(SavedSuggestion.sme_id.like(smes)))
    session.execute(delete(EditionEntry).where(EditionEntry.listing_id.like(listings)))
    session.execute(delete(CatalogEdition).where(CatalogEdition.decision_number == DECISION))
    session.execute(delete(ListingRevision).where(ListingRevision.listing_id.like(listings)))
    session.execute(delete(Listing).where(Listing.id.like(listings)))
    session.execute(delete(Sme).where(Sme.id.like(smes)))
    session.execute(delete(Vendor).where(Vendor.id.like(f"{PREFIXES['vendors']}%")))


def fill(engine: Engine, offers: list[Offer], profiles: list[Profile]) -> float:
    """Replace the synthetic rows by these offers (published; the official ones in an edition of their
    own, the latest) and SMEs; seconds taken."""
    started = time.perf_counter()
    dialect = engine.dialect.name
    now = stamp_text(datetime.now(UTC).replace(microsecond=0), dialect)
    with Session(engine) as session, session.begin():
        clear(session)
        connection = session.connection()
        vendor_ids = sorted({offer.vendor_id for offer in offers})
        bulk_insert(connection, "vendors", ("id", "name", "extra", "created_at"),
                    [(v, f"Nhà cung cấp thử nghiệm {v}", "{}", now) for v in vendor_ids])
        bulk_insert(connection, "listings",
                    ("id", "vendor_id", "status", "created_at", "updated_at", "published_at"),
                    [(o.id, o.vendor_id, "published", now, now, now) for o in offers])
        columns = ("listing_id", "number", "status", *ListingRevision.CONTENT_FIELDS, "extra", "created_at",
                   "reviewed_at")
        bulk_insert(connection, "listing_revisions", columns,
                    [(o.id, 1, LIVE, *_content(o.product), "{}", now, now) for o in offers])
        edition = CatalogEdition(number=_next_edition(session), decision_number=DECISION,
                                 decision_date=date.today())
        session.add(edition)
        session.flush()
        revisions = dict(session.execute(select(ListingRevision.listing_id, ListingRevision.id).where(
            ListingRevision.listing_id.like(f"{PREFIXES['listings']}%"))).all())
        bulk_insert(connection, "catalog_edition_entries", ("edition_id", "listing_id", "revision_id"),
                    [(edition.id, o.id, revisions[o.id]) for o in offers if o.official])
        bulk_insert(connection, "smes", SME_COLUMNS, [(*_sme(p), "{}", False, now, now) for p in profiles])
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE" if dialect == "postgresql" else "ANALYZE"))
    return time.perf_counter() - started


SME_COLUMNS = ("id", "name", "sector", "size", "province", "readiness_level", "needs", "problem",
               "monthly_budget_vnd", "preferred_pricing_models", "current_tools", "extra", "contact_consent",
               "created_at", "updated_at")


def _next_edition(session: Session) -> int:
    return (session.scalar(select(func.max(CatalogEdition.number))) or 0) + 1


def _content(product: Product) -> tuple:
    """A product's revision columns (ListingRevision.CONTENT_FIELDS), JSON as text."""
    data = product.to_dict(extra=False)
    values = []
    for name in ListingRevision.CONTENT_FIELDS:
        value = data.get(name, [] if name in Product.LIST_FIELDS else None)
        if name == "regions" and not value:
            value = ["*"]
        values.append(json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value)
    return tuple(values)


def _sme(profile: Profile) -> tuple:
    return (profile.id, profile.name, profile.sector, profile.size, profile.province, profile.readiness_level,
            json.dumps(list(profile.needs)), profile.problem, profile.monthly_budget_vnd,
            json.dumps(list(profile.preferred_pricing_models)), json.dumps(list(profile.current_tools)))
