"""Saved suggestions: a nightly batch ranks every SME against the published catalog and keeps each one's
best offers (`sme_suggestions`), so that the SME dashboard reads them instead of ranking at each visit.

Saved suggestions hold while nothing they were computed from has changed. Each row carries two
signatures: the published catalog's (listings, their live revisions, ratings through the listings'
updated_at, the latest edition) together with the engine's own code and data, and the SME profile's as
the engine sees it (matching.service.profile_of). The dashboard uses the saved rows when both still hold,
and ranks live otherwise (a new SME, an SME that just edited its profile, a catalog changed since the
night): the same matches with the same reasons either way, since the rows keep the facts the reasons are
written from (matching.reasons.facts_json).

The batch (`refresh`) reads SMEs a page at a time (keyset on id) and ranks them in worker processes,
forked after the parent built the offer index, so they share it. Each page's rows replace that page's
SMEs' rows in one transaction of their own: one DELETE and one bulk insert (COPY on PostgreSQL, an
executemany on SQLite), never an ORM object per row. Run again, it replaces the same rows, so it is
idempotent. The job `matching.nightly` runs it once a day (keyed by the day); `marketplace suggestions
refresh` runs it now.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import resource
import time
from collections import deque, namedtuple
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from flask import current_app
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

import catalog.stars
import core.bm25
import core.needs
import core.text
import core.vocab
import matching.affordability
import matching.engine
import matching.model
import matching.reasons
import matching.textindex
from catalog import queries
from catalog.models import Listing
from catalog.ratings import ratings
from catalog.stars import bayesian
from core import jobs
from core.db import utcnow
from core.needs import LEXICON_PATH, NeedReading
from matching.engine import Match, OfferIndex, Weights
from matching.model import Offer, Profile
from matching.models import SavedSuggestion
from matching.reasons import facts_from_json, facts_json
from matching.service import (
    TOP_DEFAULT,
    Lead,
    catalog_signature,
    indexed_catalog,
    matches_for,
    matches_for_all,
    profile_of,
)
from matching.service import leads_for_vendor as service_leads_for_vendor
from smes.models import Sme

SAVED_TOP = TOP_DEFAULT  # offers kept per SME; pages show the first few of them
PAGE = 1000  # SMEs per page: ranked by one worker, written in one transaction
# Consenting SMEs changed since the batch that a leads page ranks itself; beyond, one pass ranks them all.
LIVE_LEADS_MAX = 2000
COLUMNS = ("sme_id", "rank", "listing_id", "score", "facts", "catalog_signature", "profile_signature",
           "computed_at")
# What ranking reads besides the catalog and the profile: a change to any of these files (a deploy)
# makes every saved suggestion stale until the next batch.
ENGINE_MODULES = (matching.engine, matching.affordability, matching.model, matching.textindex,
                  matching.reasons, core.needs, core.bm25, core.text, core.vocab, catalog.stars)
# The SME columns profile_of reads (the batch reads these, not whole SME records).
PROFILE_COLUMNS = (Sme.id, Sme.name, Sme.sector, Sme.size, Sme.employees, Sme.annual_revenue_vnd,
                   Sme.province, Sme.ward, Sme.readiness_level, Sme.readiness_framework, Sme.needs,
                   Sme.problem, Sme.monthly_budget_vnd, Sme.preferred_pricing_models, Sme.current_tools,
                   Sme.tax_code)


# -- signatures -------------------------------------------------------------------------------------------
def _digest(value) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()[:32]


@lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    """The engine's code, its needs lexicon and its weights, as one digest."""
    digest = hashlib.sha256(repr(Weights()).encode())
    for path in sorted({Path(m.__file__) for m in ENGINE_MODULES}) + [LEXICON_PATH]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def catalog_signature_of(signature: tuple) -> str:
    """The stored form of matching.service's catalog signature (without the database's address), with
    the engine's fingerprint."""
    _, count, changed, revision, edition = signature
    return _digest((engine_fingerprint(), count, changed.isoformat() if changed else None, revision, edition))


_PROFILE_FIELDS = tuple(f.name for f in fields(Profile))


def profile_signature(profile: Profile) -> str:
    return _digest(tuple(getattr(profile, name) for name in _PROFILE_FIELDS))


# -- reading --------------------------------------------------------------------------------------------
SuggestionRow = namedtuple("SuggestionRow", "rank listing_id score facts profile_signature")


def _matches(session: Session, rows: list) -> list[Match] | None:
    """The saved rows as matches (the offers as the public catalog has them now); None when one cannot be
    read: a listing gone, or facts in a form this code cannot read."""
    ids = list({row.listing_id for row in rows})
    products = {product.id: product for product in queries.public_products(session, ids)}
    rated = ratings(session, ids)
    matches = []
    try:
        for row in rows:
            facts = facts_from_json(row.facts)
            product = products[row.listing_id]
            rating = bayesian(*rated[product.id]) if product.id in rated else None
            matches.append(Match(Offer(product, official=facts.official, rating=rating), row.score, facts))
    except (KeyError, TypeError, ValueError):
        return None
    return matches


def saved_matches(session: Session, sme: Sme) -> list[Match] | None:
    """The SME's saved suggestions, best first, when still valid (computed against the catalog as it is
    and the profile as it is); None when there are none or they are stale."""
    rows = list(session.scalars(
        select(SavedSuggestion).where(SavedSuggestion.sme_id == sme.id).order_by(SavedSuggestion.rank)))
    if not rows:
        return None
    expected = (catalog_signature_of(catalog_signature(session)), profile_signature(profile_of(sme)))
    if any((row.catalog_signature, row.profile_signature) != expected for row in rows):
        return None
    return _matches(session, rows)


def suggestions_for(
    session: Session, sme: Sme, top: int = TOP_DEFAULT, reading: NeedReading | None = None
) -> list[Match]:
    """The SME's best `top` offers: the saved ones while valid, else ranked now. Either way the first
    `top` of the best SAVED_TOP, so that both give the same list."""
    if top <= SAVED_TOP:
        saved = saved_matches(session, sme)
        if saved is not None:
            return saved[:top]
    return matches_for(session, sme, max(top, SAVED_TOP), reading)[:top]


def leads_for_vendor(session: Session, vendor_id: str, top: int = TOP_DEFAULT) -> dict[str, list[Lead]]:
    """matching.service.leads_for_vendor, read from the saved suggestions: the consenting SMEs whose rows
    hold (today's catalog, computed after the SME last changed) and have one of the vendor's products
    among their `top`, plus the consenting SMEs changed since the batch, ranked now. A visit costs a few
    indexed queries and the ranking of what changed since the night, where ranking every SME took minutes
    at city scale; the same leads either way. When the saved rows cannot serve (the catalog changed since
    the night, so that most SMEs would be ranked now; or more offers asked for than were saved), every
    SME is ranked in one pass that serves every vendor (matching.service)."""
    current = catalog_signature_of(catalog_signature(session))
    held = and_(
        SavedSuggestion.catalog_signature == current,
        SavedSuggestion.computed_at >= Sme.updated_at,
        Sme.contact_consent.is_(True),
    )
    holding = select(SavedSuggestion.sme_id).join(Sme, Sme.id == SavedSuggestion.sme_id).where(
        SavedSuggestion.rank == 1, held
    )
    changed = list(session.scalars(
        select(Sme).where(Sme.contact_consent.is_(True), Sme.id.not_in(holding)).order_by(Sme.id)))
    if top > SAVED_TOP or len(changed) > LIVE_LEADS_MAX:
        return service_leads_for_vendor(session, vendor_id, top)
    listing_ids = select(Listing.id).where(Listing.vendor_id == vendor_id, Listing.status == "published")
    found: list[Lead] = []
    row_columns = (SavedSuggestion.rank, SavedSuggestion.listing_id, SavedSuggestion.score,
                   SavedSuggestion.facts, SavedSuggestion.profile_signature)
    saved = session.execute(
        select(*row_columns, Sme)  # the rows' values, not objects a session may hold from before
        .join(Sme, Sme.id == SavedSuggestion.sme_id)
        .where(held, SavedSuggestion.rank <= top, SavedSuggestion.listing_id.in_(listing_ids))
    ).all()
    for *values, sme in saved:
        row = SuggestionRow(*values)
        if row.profile_signature != profile_signature(profile_of(sme)):  # changed around the batch's clock
            changed.append(sme)
            continue
        matches = _matches(session, [row])
        if matches is None:
            return service_leads_for_vendor(session, vendor_id, top)
        found.append(Lead(sme, row.rank, matches[0]))
    for sme, matches in matches_for_all(session, changed, top):
        mine = [(rank, match) for rank, match in enumerate(matches, 1) if match.offer.vendor_id == vendor_id]
        found.extend(Lead(sme, rank, match) for rank, match in mine)
    leads: dict[str, list[Lead]] = {}
    for lead in sorted(found, key=lambda lead: (-lead.match.score, lead.sme.id)):
        leads.setdefault(lead.match.offer.id, []).append(lead)
    return leads


# -- the batch ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Refresh:
    """What a batch did and how long it took (seconds; CPU summed over the workers)."""

    smes: int
    rows: int
    workers: int
    index_seconds: float  # the offer index (read from the database and built, unless the process had it)
    rank_seconds: float  # from the start until the last SME was ranked (writes overlap with ranking)
    rank_cpu_seconds: float  # CPU time of ranking and writing the rows' values, summed over the workers
    write_seconds: float  # the main process's time in DELETE, bulk insert and commit
    main_cpu_seconds: float  # CPU time of the main process (reading SMEs, handing them out, writing)
    seconds: float  # the whole batch, to the last commit
    worker_peak_mib: float  # the largest worker's peak resident memory

    def to_dict(self) -> dict:
        return {k: round(v, 2) if isinstance(v, float) else v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class _Context:
    """What a worker ranks with: set before the workers fork, so they share it."""

    index: OfferIndex
    top: int
    catalog_signature: str
    computed_at: datetime
    dialect: str


_context: _Context | None = None
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode
# An SME as the batch reads it: the columns profile_of reads, by name.
_SmeColumns = namedtuple("_SmeColumns", [column.key for column in PROFILE_COLUMNS])


@dataclass(frozen=True)
class _Page:
    """One page of SMEs ranked (in a worker): its rows as the database takes them in bulk (PostgreSQL:
    COPY's text; SQLite: tuples), how many, the CPU seconds it took and the worker's peak MiB."""

    rows: bytes | list[tuple]
    count: int
    cpu_seconds: float
    peak_mib: float


def _rank_page(smes: list[tuple]) -> _Page:
    context = _context
    started = time.process_time()
    rows = []
    for values in smes:
        profile = profile_of(_SmeColumns(*values))
        signature = profile_signature(profile)
        for rank, match in enumerate(context.index.rank(profile, context.top), start=1):
            facts = _encode(facts_json(match.facts))
            rows.append((profile.id, rank, match.offer.id, match.score, facts, context.catalog_signature,
                         signature, context.computed_at))
    count = len(rows)
    if context.dialect == "postgresql":
        rows = "".join(_copy_line(row) for row in rows).encode()
    else:
        rows = [(*row[:-1], str(row[-1].replace(tzinfo=None))) for row in rows]  # SQLite: naive UTC text
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return _Page(rows, count, time.process_time() - started, peak)


def _copy_text(value) -> str:
    """A value in COPY's text format (no value here is NULL)."""
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def _copy_line(row: tuple) -> str:
    sme_id, rank, listing_id, score, facts, catalog, profile, computed_at = row
    return (f"{_copy_text(sme_id)}\t{rank}\t{_copy_text(listing_id)}\t{score!r}\t{_copy_text(facts)}\t"
            f"{catalog}\t{profile}\t{computed_at.isoformat()}\n")


class _Ready:
    """A page ranked in this process, with the interface of a pool's pending result."""

    def __init__(self, value) -> None:
        self.value = value

    def get(self):
        return self.value


class _Ranker:
    """Ranks pages in `workers` forked processes (at most two pages each in flight), or here with one."""

    def __init__(self, context: _Context, workers: int) -> None:
        global _context
        _context = context
        self.pool = None
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            self.pool = multiprocessing.get_context("fork").Pool(workers)
        self.capacity = 2 * workers if self.pool is not None else 1

    def submit(self, smes: list[tuple]):
        if self.pool is None:
            return _Ready(_rank_page(smes))
        return self.pool.apply_async(_rank_page, (smes,))

    def close(self, failed: bool) -> None:
        global _context
        if self.pool is not None:
            if failed:
                self.pool.terminate()
            else:
                self.pool.close()
            self.pool.join()
        _context = None


def _sme_pages(session: Session, size: int) -> Iterator[list[tuple]]:
    """Every SME's columns that profile_of reads, a page at a time, in the database's order of ids."""
    after = None
    while True:
        query = select(*PROFILE_COLUMNS).order_by(Sme.id).limit(size)
        if after is not None:
            query = query.where(Sme.id > after)
        rows = [tuple(row) for row in session.execute(query)]
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def _replace(session: Session, first: str, last: str, page: _Page) -> None:
    """The rows of the SMEs from `first` to `last` (a page: every SME in that range of ids, in the
    database's order) replaced by the page's, committed: one transaction per page."""
    table = SavedSuggestion.__table__
    session.execute(table.delete().where(table.c.sme_id >= first, table.c.sme_id <= last))
    raw = session.connection().connection.driver_connection
    columns = ", ".join(COLUMNS)
    if isinstance(page.rows, bytes):
        with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:
            copy.write(page.rows)
    elif page.rows:
        cursor = raw.cursor()
        marks = ", ".join("?" for _ in COLUMNS)
        cursor.executemany(f"INSERT INTO {table.name} ({columns}) VALUES ({marks})", page.rows)
        cursor.close()
    session.commit()


def refresh(
    session: Session,
    *,
    workers: int = 1,
    page: int = PAGE,
    top: int = SAVED_TOP,
    progress: Callable[[int, int], None] | None = None,
) -> Refresh:
    """Rank every SME against the published catalog and replace its saved suggestions (the best `top`).
    Commits once per page of SMEs (each page's rows replace its SMEs' rows whole, so a run stopped
    half-way and run again leaves no trace of the first); `progress(done, total)` after each page."""
    started, main_cpu = time.perf_counter(), time.process_time()
    signature, index = indexed_catalog(session)
    index_seconds = time.perf_counter() - started
    total = session.scalar(select(func.count(Sme.id))) or 0
    dialect = session.get_bind().dialect.name
    ranker = _Ranker(_Context(index, top, catalog_signature_of(signature), utcnow(), dialect), workers)
    pending: deque = deque()
    done = written = 0
    cpu = write_seconds = rank_seconds = peak = 0.0

    def write_oldest() -> None:
        nonlocal done, written, cpu, write_seconds, rank_seconds, peak
        first, last, count, result = pending.popleft()
        ranked = result.get()
        rank_seconds = time.perf_counter() - started
        cpu, peak = cpu + ranked.cpu_seconds, max(peak, ranked.peak_mib)
        began = time.perf_counter()
        _replace(session, first, last, ranked)
        write_seconds += time.perf_counter() - began
        done, written = done + count, written + ranked.count
        if progress is not None:
            progress(done, total)

    failed = True
    try:
        for smes in _sme_pages(session, page):
            pending.append((smes[0][0], smes[-1][0], len(smes), ranker.submit(smes)))
            while len(pending) >= ranker.capacity:
                write_oldest()
        while pending:
            write_oldest()
        failed = False
    finally:
        ranker.close(failed)
    return Refresh(
        smes=done, rows=written, workers=workers if ranker.pool is not None else 1,
        index_seconds=index_seconds, rank_seconds=rank_seconds, rank_cpu_seconds=cpu,
        write_seconds=write_seconds, main_cpu_seconds=time.process_time() - main_cpu,
        seconds=time.perf_counter() - started, worker_peak_mib=peak,
    )


@jobs.job("matching.nightly")
def nightly_job(session: Session, workers: int | None = None) -> dict:
    """The batch as the nightly job; its progress (SMEs done of all) in its job_runs row."""
    workers = workers or current_app.config["MATCHING_WORKERS"]
    return refresh(session, workers=workers, progress=jobs.report_progress).to_dict()


# 19:00 UTC is 02:00 in Vietnam: the night's quietest hour, before the morning's notices and billing.
jobs.schedule("matching.nightly", "0 19 * * *", period="%Y-%m-%d")
