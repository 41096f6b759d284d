"""Background jobs (core.jobs): after the commit only, a keyed job run twice does its work once, a failed
run may run again, and the same jobs through Redis and `marketplace worker` (RQ)."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest
from sqlalchemy import func, select

from core import jobs, transaction
from core.audit import AuditEntry, record_audit
from core.jobs import JobRun
from tests.mailbox import free_port


@jobs.job("test.note")
def _note(session, word: str, fail: bool = False):
    """A job whose work is visible: an audit entry per run that did the work."""
    record_audit(session, "job", "test.noted", "word", word)
    session.flush()
    if fail:
        raise RuntimeError("the job failed on purpose")
    return {"word": word}


def _notes(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(AuditEntry)
                          .where(AuditEntry.action == "test.noted"))


def test_a_job_waits_for_the_commit_and_never_runs_on_rollback(session):
    jobs.enqueue(session, "test.note", key="note:rolled-back", word="a")
    transaction.rollback(session)
    transaction.commit(session)
    assert _notes(session) == 0
    jobs.enqueue(session, "test.note", key="note:committed", word="b")
    assert _notes(session) == 0
    transaction.commit(session)
    assert _notes(session) == 1


def test_a_keyed_job_run_twice_does_the_work_once(session):
    first = jobs.run("test.note", "note:2026-12-06", None, {"word": "x"})
    second = jobs.run("test.note", "note:2026-12-06", None, {"word": "x"})
    assert (first, second) == ({"word": "x"}, None)
    assert _notes(session) == 1
    run = session.get(JobRun, "note:2026-12-06")
    assert (run.state, run.result) == ("done", {"word": "x"}) and run.finished_at is not None


def test_a_failed_run_records_why_and_may_run_again(session):
    with pytest.raises(RuntimeError):
        jobs.run("test.note", "note:failing", None, {"word": "y", "fail": True})
    assert _notes(session) == 0  # its work rolled back with it
    session.expire_all()
    run = session.get(JobRun, "note:failing")
    assert run.state == "failed" and "on purpose" in run.error
    jobs.run("test.note", "note:failing", None, {"word": "y"})
    assert _notes(session) == 1
    session.expire_all()
    assert session.get(JobRun, "note:failing").state == "done"


@jobs.job("test.long")
def _long(session, steps: int):
    """A job that reports its progress and reads it back from another session, as an officer's page would."""
    from core.extensions import db

    seen = []
    for step in range(1, steps + 1):
        jobs.report_progress(step, steps)
        with db.engine.connect() as other:
            seen.append(other.execute(select(JobRun.done, JobRun.total)
                                      .where(JobRun.key == "long:1")).one()._tuple())
    jobs.keep_file(session, "bao-cao.txt", "text/plain", b"xong")
    return {"seen": [list(row) for row in seen]}


def test_progress_is_visible_while_the_job_runs_and_its_file_is_kept(session):
    result = jobs.run("test.long", "long:1", None, {"steps": 3})
    assert result["seen"] == [[1, 3], [2, 3], [3, 3]]  # seen by others while the job was still open
    kept = jobs.file_of(session, "long:1")
    assert (kept.filename, kept.data) == ("bao-cao.txt", b"xong")
    assert jobs.run("test.long", None, None, {"steps": 1})["seen"] == [[3, 3]]  # unkeyed: nothing reported
    assert jobs.has_file(session, ["long:1", "note:x"]) == {"long:1"}


@pytest.fixture
def redis_url():
    """A real Redis server of this test's own, on a free port."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is missing: install Debian's redis-server (scripts/test does it)")
    port = free_port()
    process = subprocess.Popen([server, "--port", str(port), "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL)
    try:
        from redis import Redis

        client = Redis(port=port)
        for _ in range(100):
            try:
                client.ping()
                break
            except Exception:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


def test_with_redis_jobs_wait_in_the_queue_for_the_worker(make_app, redis_url):
    from marketplace.workers import worker

    app = make_app(REDIS_URL=redis_url)
    with app.app_context():
        from core.extensions import db

        session = db.session
        jobs.enqueue(session, "test.note", key="note:queued", word="q")
        jobs.enqueue(session, "test.note", key="note:queued", word="q")  # asked twice: once
        transaction.commit(session)
        assert _notes(session) == 0  # queued, not run
        assert jobs.queue_for(app).count == 1

        result = app.test_cli_runner().invoke(worker, ["--burst"])
        assert result.exit_code == 0, result.output
        assert _notes(session) == 1
        assert jobs.queue_for(app).count == 0

        jobs.submit("test.note", "note:queued", None, {"word": "q"})  # a duplicate later: no work
        app.test_cli_runner().invoke(worker, ["--burst"])
        assert _notes(session) == 1
    app.extensions["db_engine"].dispose()


def test_with_redis_the_cron_scheduler_queues_each_schedule_and_a_worker_runs_it_once(make_app, redis_url):
    """`marketplace scheduler` with Redis: RQ's cron scheduler knows every schedule; a due tick queued
    twice (two schedulers) is run by the worker, and the day's keyed run does its work once."""
    from marketplace.workers import cron_scheduler, worker

    app = make_app(REDIS_URL=redis_url)
    with app.app_context():
        from core.extensions import db

        queue = jobs.queue_for(app)
        cron = cron_scheduler(queue)
        by_name = {job.name: job for job in cron.get_jobs()}
        assert set(by_name) == set(jobs.SCHEDULES)
        assert by_name["vouchers.expire"].cron == "5 17 * * *"
        for _ in range(2):  # what the scheduler does when the time comes (here: now, twice)
            by_name["vouchers.expire"].enqueue(queue.connection)
        assert queue.count == 2
        result = app.test_cli_runner().invoke(worker, ["--burst"])
        assert result.exit_code == 0, result.output
        runs = db.session.scalars(select(JobRun).where(JobRun.job == "vouchers.expire")).all()
        assert [(r.state, r.result) for r in runs] == [("done", {"expired": 0, "reminded": 0})]
        assert queue.count == 0
    app.extensions["db_engine"].dispose()
