"""Keeping programme_sme_months equal to what the SMEs' records say (indicators.activity).

An SME's rows are recomputed whole from its assessments, supports and counted contracts whenever one
of them, or the SME's province, sector or size, changes: the session notes the SMEs its flushes touch
(and those whose contract counted, told by contracts.events.contract_counted, an UPDATE the session
does not see as a change), and recomputes them just before it commits, in the same transaction. So
the rows are never older than the records they summarise, whichever feature wrote them. A report
first recomputes what its own session has not committed yet.

Writes that bypass the session (a benchmark's COPY, a migration) call `rebuild`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import chain

from sqlalchemy import delete, event, func, inspect, select
from sqlalchemy.orm import Session

from assessments.models import Assessment
from consultants.models import Support
from contracts.models import Contract
from core.scratch import bulk_insert
from indicators.activity import KINDS, Assessed, month_rows
from indicators.models import SmeMonth
from smes.models import Sme

STALE = "programme_stale_smes"  # session.info key: SMEs whose rows are to be recomputed
SME_FIELDS = ("province", "sector", "size")  # copied onto the rows
CHUNK = 500  # SMEs per IN (...) of a refresh
BATCH = 5000  # SMEs per step of a rebuild
COLUMNS = (
    "sme_id",
    "month",
    "month_end",
    *KINDS,
    *(f"prior_{kind}" for kind in KINDS),
    "prior_any",
    "level_before",
    "level_end",
    "level_first_counted",
    "next_month",
    *SME_FIELDS,
)


def mark(session: Session, sme_ids: Iterable[str | None]) -> None:
    session.info.setdefault(STALE, set()).update(i for i in sme_ids if i)


def _changed(obj, name: str) -> list:
    """The attribute's values before and after the flush (both, when it changed)."""
    history = inspect(obj).attrs[name].history
    return [*history.added, *history.deleted] if history.has_changes() else []


def _note_flush(session: Session, _context, _instances) -> None:
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Assessment | Support):
            mark(session, [obj.sme_id, *_changed(obj, "sme_id")])
        elif isinstance(obj, Contract):
            new_or_gone = obj in session.new or obj in session.deleted
            if (new_or_gone and obj.counted_day) or _changed(obj, "counted_day") or _changed(obj, "sme_id"):
                mark(session, [obj.sme_id, *_changed(obj, "sme_id")])
        elif isinstance(obj, Sme) and (obj in session.new or any(_changed(obj, name) for name in SME_FIELDS)):
            mark(session, [obj.id])


def flush_pending(session: Session) -> None:
    """Recompute the rows of the SMEs this session changed and has not recomputed yet."""
    session.flush()
    while stale := session.info.pop(STALE, None):
        refresh(session, stale)
        session.flush()


def _forget(session: Session, *_args) -> None:
    session.info.pop(STALE, None)


def install() -> None:
    """Keep the rows in every session (called once by the app shell; calling again changes nothing)."""
    for name, listener in (
        ("before_flush", _note_flush),
        ("before_commit", flush_pending),
        ("after_rollback", _forget),
    ):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def on_contract_counted(contract: Contract, *, session: Session, actor=None) -> None:
    mark(session, [contract.sme_id])


def _records(session: Session, where: Callable) -> dict[str, tuple[list, list, list]]:
    """sme_id -> (assessments, supports, counted days) of the SMEs `where(column)` selects."""
    found: dict[str, tuple[list, list, list]] = defaultdict(lambda: ([], [], []))
    for sme_id, day, aid, level in session.execute(
        select(Assessment.sme_id, Assessment.assessed_on, Assessment.id, Assessment.level).where(
            where(Assessment.sme_id)
        )
    ):
        found[sme_id][0].append(Assessed(day, aid, level))
    for sme_id, day, kind in session.execute(
        select(Support.sme_id, Support.on, Support.kind).where(where(Support.sme_id))
    ):
        found[sme_id][1].append((day, kind))
    for sme_id, day in session.execute(
        select(Contract.sme_id, Contract.counted_day).where(
            where(Contract.sme_id), Contract.counted_day.is_not(None)
        )
    ):
        found[sme_id][2].append(day)
    return found


def _rows(session: Session, smes: list[tuple], where: Callable) -> Iterator[tuple]:
    """The rows (as COLUMNS) of the SMEs `smes` [(id, province, sector, size)] that `where` selects."""
    records = _records(session, where)
    for sme_id, *fields in smes:
        assessments, supports, counted = records.get(sme_id, ([], [], []))
        for row in month_rows(assessments, supports, counted):
            yield (
                sme_id,
                row.month,
                row.month_end.isoformat(),
                *(row.days[kind] for kind in KINDS),
                *(_day(row.prior[kind]) for kind in (*KINDS, "any")),
                row.level_before,
                row.level_end,
                row.level_first_counted,
                row.next_month,
                *fields,
            )


def _in(ids: list[str], column):
    return column.in_(ids)


def _between(low: str, high: str, column):
    return column.between(low, high)


def _day(day) -> str | None:
    return day.isoformat() if day else None


def _write(session: Session, rows: list[tuple]) -> None:
    if rows:
        bulk_insert(session.connection(), SmeMonth.__tablename__, COLUMNS, rows)


def refresh(session: Session, sme_ids: Iterable[str]) -> None:
    """Recompute the rows of these SMEs (an SME that no longer exists keeps none)."""
    ids = sorted(set(sme_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        session.execute(delete(SmeMonth).where(SmeMonth.sme_id.in_(chunk)))
        smes = session.execute(
            select(Sme.id, *(getattr(Sme, f) for f in SME_FIELDS)).where(Sme.id.in_(chunk))
        )
        _write(session, list(_rows(session, smes.all(), partial(_in, chunk))))


def rebuild(session: Session, progress: Callable[[int, int], None] = lambda done, total: None) -> int:
    """Recompute every SME's rows, BATCH SMEs at a time in id order; the number of rows written."""
    session.execute(delete(SmeMonth))
    total = session.scalar(select(func.count()).select_from(Sme))
    written, done, after = 0, 0, None
    columns = (Sme.id, *(getattr(Sme, f) for f in SME_FIELDS))
    while True:
        query = select(*columns).order_by(Sme.id).limit(BATCH)
        smes = session.execute(query if after is None else query.where(Sme.id > after)).all()
        if not smes:
            return written
        low, high = smes[0][0], smes[-1][0]
        rows = list(_rows(session, smes, partial(_between, low, high)))
        _write(session, rows)
        written += len(rows)
        done += len(smes)
        after = high
        progress(done, total)
