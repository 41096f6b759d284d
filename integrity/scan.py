"""The scan: load the facts, run the checks, score, and keep the flags (flush only; the command or
request commits).

Flags follow the scan of the deals it covered: a newly flagged deal gets an open flag; a flag an
officer decided keeps its decision while its fingerprint (integrity.scoring) is unchanged and is opened
again, with an audit entry, when it changed; an open flag whose deal is no longer flagged goes (nobody
decided anything about it). Flags of deals outside the scanned period are left as they are.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from core.audit import record_audit
from core.db import utcnow
from integrity import facts as loader
from integrity.models import ENTITY, OPEN, IntegrityFlag
from integrity.scoring import Finding, ranked
from integrity.signals import examine

CHUNK = 5000  # rows per statement when flags are written or removed in bulk


@dataclass(frozen=True)
class ScanResult:
    findings: list[Finding]  # every deal of the period with at least one signal, highest score first
    deals: int  # deals in the period
    flagged: int
    opened: int  # flags new or opened again
    reopened: int  # decided flags whose signals changed
    removed: int  # open flags whose deal is no longer flagged


def in_period(start: date | None, end: date | None):
    """Whether a deal's day is in the period (None: every deal)."""
    if start is None or end is None:
        return None
    return lambda deal: start <= deal.day <= end


def scan(
    session: Session,
    start: date | None = None,
    end: date | None = None,
    actor: object = "scan",
    now: datetime | None = None,
    timings: dict | None = None,
) -> ScanResult:
    """Find, then bring the stored flags of the period's deals in line with what was found.
    `timings` (a benchmark's) receives the seconds each phase took: load, check, store."""
    clock = time.perf_counter()
    laps = timings if timings is not None else {}

    def lap(name: str) -> None:
        nonlocal clock
        laps[name], clock = round(time.perf_counter() - clock, 2), time.perf_counter()

    facts = loader.load(session, start, end)
    lap("load")
    wanted = in_period(start, end)
    period_ids = {deal.id for deal in (facts.deals if wanted is None else filter(wanted, facts.deals))}
    findings = ranked(examine(facts.deals, facts.vendors, facts.prices, wanted))
    lap("check")
    counts = _store(session, [f for f in findings if f.flagged], period_ids, actor, now or utcnow())
    lap("store")
    return ScanResult(findings, len(period_ids), sum(f.flagged for f in findings), *counts)


def _values(finding: Finding, now: datetime) -> dict:
    return {
        "contract_id": finding.contract_id,
        "score": finding.score,
        "signals": finding.codes,
        "reasons": [s.reason.to_json() for s in finding.signals],
        "fingerprint": finding.fingerprint,
        "scanned_at": now,
    }


def _chunks(items: list):
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def _store(session: Session, flagged: list[Finding], period_ids: set[str], actor, now: datetime):
    stored = {
        cid: (status, fingerprint)
        for cid, status, fingerprint in session.execute(
            select(IntegrityFlag.contract_id, IntegrityFlag.status, IntegrityFlag.fingerprint)
        )
        if cid in period_ids
    }
    new, changed = [], []
    reopened = 0
    for finding in flagged:
        values = _values(finding, now)
        if finding.contract_id not in stored:
            new.append({**values, "status": OPEN, "flagged_at": now})
            continue
        status, fingerprint = stored[finding.contract_id]
        if status != OPEN and fingerprint != finding.fingerprint:
            values.update(status=OPEN, flagged_at=now, decided_at=None, decided_by_id=None, note=None)
            record_audit(
                session,
                actor,
                "integrity.flag_reopened",
                ENTITY,
                finding.contract_id,
                status,
                OPEN,
                data={"before": fingerprint, "after": finding.fingerprint, "score": finding.score},
            )
            reopened += 1
        changed.append(values)
    still = {f.contract_id for f in flagged}
    gone = [cid for cid, (status, _) in stored.items() if status == OPEN and cid not in still]
    for rows in _chunks(new):
        session.execute(insert(IntegrityFlag), rows)
    for rows in _chunks(changed):
        session.execute(update(IntegrityFlag), rows)
    for ids in _chunks(gone):
        session.execute(delete(IntegrityFlag).where(IntegrityFlag.contract_id.in_(ids)))
    session.flush()
    return len(new) + reopened, reopened, len(gone)
