"""Background jobs: named functions run after the commit that asked for them, inline or on a worker.

A job is a function registered with `@job("name")`, called as `fn(session, **params)` with a session of
its own (it flushes; the job's run commits once at the end, like a request). Services ask for one with
`enqueue(session, "name", key=..., **params)`: nothing happens unless their transaction commits
(core.transaction.after_commit). Then:

- without REDIS_URL (development, tests, the embedded default) the job runs inline, in this process,
  right after the commit;
- with REDIS_URL it goes to an RQ queue on Redis, and `marketplace worker` runs it. RQ because it is a
  small, well-kept queue whose only server is Redis, which production already runs for the rate limits;
  jobs are plain functions with JSON arguments, so nothing of ours is pickled but names and values.

Idempotent: a job given a `key` (e.g. "digest:2026-12-06") is recorded in `job_runs`; a second run of the
same key, from a retry, a second scheduler or a second click, finds it done (or running) and does
nothing. A failed run may be run again. Long jobs report progress (`report_progress`) into the same row,
in a session of their own so that officers see it while the job's own transaction is still open, and may
leave one file (`keep_file`: a big export) that the person who asked downloads from the jobs page.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, current_app, has_app_context
from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String, Text, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from core import transaction
from core.db import Base, sql_in, utcnow

log = logging.getLogger(__name__)

JOBS: dict[str, Callable[..., object]] = {}
RUN_STATES = ("running", "done", "failed")
# A keyed run still "running" after this long died with its worker: it may be claimed again.
STALE_AFTER = timedelta(hours=2)
QUEUE_NAME = "marketplace"
_running_key: ContextVar[str | None] = ContextVar("running_job_key", default=None)


class JobRun(Base):
    """One run of a keyed job: the claim that makes it run once, and its progress."""

    __tablename__ = "job_runs"
    __table_args__ = (CheckConstraint(sql_in("state", RUN_STATES), name="state_known"),)

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    job: Mapped[str] = mapped_column(String(64), index=True)
    state: Mapped[str] = mapped_column(String(16), default="running")
    done: Mapped[int] = mapped_column(default=0)  # progress: units of work done, of `total`
    total: Mapped[int | None]
    result: Mapped[dict | None]  # what the job returned (JSON), e.g. counts or a download link
    error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    user_id: Mapped[int | None] = mapped_column(index=True)  # who asked for it, if someone did


class JobFile(Base):
    """The file a keyed job made (an export): in the database, so every machine can serve it."""

    __tablename__ = "job_files"

    key: Mapped[str] = mapped_column(ForeignKey("job_runs.key", ondelete="CASCADE"), primary_key=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


@dataclass(frozen=True)
class Schedule:
    """A job run on a timetable (`cron`, UTC), once per `period` (a strftime pattern naming the run's
    key: two schedulers, or a restart, in the same period do the work once); no period: unkeyed, for
    jobs that are safe to run any number of times (the mail outbox's flush)."""

    job: str
    cron: str
    period: str = ""

    def key(self, at: datetime) -> str | None:
        return f"{self.job}:{at.strftime(self.period)}" if self.period else None


SCHEDULES: dict[str, Schedule] = {}


def schedule(job_name: str, cron: str, period: str = "") -> None:
    """Run `job_name` on the timetable `cron` (`marketplace scheduler` does)."""
    SCHEDULES[job_name] = Schedule(job_name, cron, period)


def run_scheduled(job_name: str):
    """A tick of a schedule: the job under this period's key (run here: in a worker, or inline by a
    scheduler without Redis)."""
    entry = SCHEDULES[job_name]
    return _in_app(run, entry.job, entry.key(utcnow()))


def job(name: str):
    """Register `fn(session, **params)` as the job `name`."""

    def register(fn):
        if JOBS.get(name, fn) is not fn:
            raise ValueError(f"two jobs named {name!r}")
        JOBS[name] = fn
        return fn

    return register


def enqueue(session: Session, name: str, *, key: str | None = None, user_id: int | None = None,
            **params) -> None:
    """Run job `name` with `params` (JSON values) once `session` commits; `key` makes it run once."""
    if name not in JOBS:
        raise KeyError(f"no job named {name!r}")
    transaction.after_commit(session, _dispatch, (name, key, user_id, json.dumps(params, sort_keys=True)))


def _dispatch(_session: Session, items: set) -> None:
    for name, key, user_id, params in sorted(items, key=lambda i: (i[0], i[1] or "", i[3])):
        submit(name, key, user_id, json.loads(params))


def submit(name: str, key: str | None = None, user_id: int | None = None, params: dict | None = None) -> None:
    """Hand a job to the queue now (REDIS_URL) or run it inline: callers outside a transaction (the
    scheduler) use this; services use `enqueue`."""
    params = params or {}
    queue = queue_for(current_app)
    if queue is None:
        run(name, key, user_id, params)
    else:
        queue.enqueue(run_queued, name, key, user_id, params, job_timeout=3600, result_ttl=3600)


def queue_for(app: Flask):
    """The RQ queue of `app` (one per app), or None to run jobs inline."""
    url = app.config.get("REDIS_URL")
    if not url or app.config.get("JOBS_INLINE"):
        return None
    if "rq_queue" not in app.extensions:
        from redis import Redis
        from rq import Queue

        app.extensions["rq_queue"] = Queue(QUEUE_NAME, connection=Redis.from_url(url))
    return app.extensions["rq_queue"]


_worker_app: Flask | None = None


def bind_worker_app(app: Flask) -> None:
    """The app a worker process runs its jobs in (set by `marketplace worker` before it forks)."""
    global _worker_app
    _worker_app = app


def run_queued(name: str, key: str | None, user_id: int | None, params: dict):
    """What RQ calls in the worker: the job, inside the worker's app."""
    return _in_app(run, name, key, user_id, params)


def _in_app(fn, *args):
    if has_app_context():
        return fn(*args)
    if _worker_app is None:
        raise RuntimeError("no app bound: start workers with `marketplace worker`")
    with _worker_app.app_context():
        return fn(*args)


def _new_session() -> Session:
    return current_app.extensions["db_sessionmaker"]()


def _claim(key: str, name: str, user_id: int | None) -> bool:
    """Record that the run of `key` starts; False when it is done already or running elsewhere."""
    with _new_session() as session:
        try:
            session.add(JobRun(key=key, job=name, user_id=user_id))
            session.commit()
            return True
        except IntegrityError:
            session.rollback()
        # Taken again only when the earlier run failed or died: one UPDATE decides between rivals.
        claimed = session.execute(
            update(JobRun).where(JobRun.key == key, (JobRun.state == "failed") | (
                (JobRun.state == "running") & (JobRun.started_at < utcnow() - STALE_AFTER)))
            .values(state="running", started_at=utcnow(), finished_at=None, error=None, done=0)
        ).rowcount
        session.commit()
        return claimed == 1


def _finish(key: str, state: str, result=None, error: str | None = None) -> None:
    with _new_session() as session:
        session.execute(update(JobRun).where(JobRun.key == key).values(
            state=state, finished_at=utcnow(), result=result, error=error))
        session.commit()


def run(name: str, key: str | None = None, user_id: int | None = None, params: dict | None = None):
    """Run job `name` now in a session of its own, committed at the end (and the work it asked to run
    after that commit, e.g. further jobs or mail). A keyed job already done or running: nothing."""
    fn = JOBS[name]
    if key is not None and not _claim(key, name, user_id):
        log.info("job %s %s: already done or running", name, key)
        return None
    session = _new_session()
    token = _running_key.set(key)
    try:
        result = fn(session, **(params or {}))
        if key is not None:  # done in the job's own transaction: the work and its record commit together
            session.execute(update(JobRun).where(JobRun.key == key).values(
                state="done", finished_at=utcnow(), result=_jsonable(result)))
        transaction.commit(session)
        return result
    except Exception as exc:
        transaction.rollback(session)
        if key is not None:
            _finish(key, "failed", error=f"{type(exc).__name__}: {exc}"[:2000])
        raise
    finally:
        _running_key.reset(token)
        session.close()


def _jsonable(result):
    return result if isinstance(result, dict) else None


def report_progress(done: int, total: int | None = None) -> None:
    """The running job's progress, visible at once to others (a session of its own); nothing for an
    unkeyed run."""
    key = _running_key.get()
    if key is None:
        return
    with _new_session() as session:
        values = {"done": done} if total is None else {"done": done, "total": total}
        session.execute(update(JobRun).where(JobRun.key == key).values(**values))
        session.commit()


def keep_file(session: Session, filename: str, content_type: str, data: bytes) -> str | None:
    """Keep the running job's file (it commits with the job); its key, or None for an unkeyed run."""
    key = _running_key.get()
    if key is not None:
        session.merge(JobFile(key=key, filename=filename, content_type=content_type, data=data))
    return key


def file_of(session: Session, key: str) -> JobFile | None:
    return session.get(JobFile, key)


def recent_runs(session: Session, jobs: tuple[str, ...], limit: int = 30) -> list[JobRun]:
    """The latest runs of `jobs`, newest first, and whether each left a file."""
    query = select(JobRun).where(JobRun.job.in_(jobs)).order_by(JobRun.started_at.desc()).limit(limit)
    return list(session.scalars(query))


def has_file(session: Session, keys: list[str]) -> set[str]:
    return set(session.scalars(select(JobFile.key).where(JobFile.key.in_(keys)))) if keys else set()
