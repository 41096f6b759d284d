"""The outbound sync against a local receiver that checks signatures and fails on purpose."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from catalog.services import publish_edition
from core.backoff import retry_delay
from core.extensions import db
from opendata import sync
from opendata.cli import sync_group
from opendata.models import SyncAttempt, SyncDelivery
from opendata.sync import post
from tests.factories import Factory
from tests.opendata.receiver import Receiver

SECRET = "portal-shared-secret"


@pytest.fixture
def receiver():
    with Receiver(SECRET) as running:
        yield running


def now_utc() -> datetime:
    # The pushes carry the real time in their signature: the receiver checks it against its clock.
    return datetime.now(UTC).replace(microsecond=0)


def test_queueing_twice_queues_each_edition_and_finished_month_once(session, open_world):
    made = sync.queue_due(session, datetime(2026, 5, 10, tzinfo=UTC))
    assert sorted(d.idempotency_key for d in made) == ["edition-1", "edition-2", "indicators-2026-03",
                                                       "indicators-2026-04"]
    assert sync.queue_due(session, datetime(2026, 5, 10, tzinfo=UTC)) == []
    # On 1 June 2026 at 06:00 in Vietnam (still 31 May in UTC) May is over.
    june_in_vietnam = datetime(2026, 5, 31, 23, 0, tzinfo=UTC)
    assert [d.subject for d in sync.queue_due(session, june_in_vietnam)] == ["2026-05"]


def test_payloads_carry_public_fields_and_suppressed_indicators_only(session, open_world):
    made = {d.idempotency_key: d for d in sync.queue_due(session, datetime(2026, 5, 10, tzinfo=UTC))}
    edition = made["edition-1"].payload
    assert edition["edition"]["number"] == 1 and len(edition["products"]) == 5
    assert edition["vendors"] == [{"id": "v-open", "name": "Công ty Mở", "province": "Hà Nội",
                                   "website": "https://mo.vn", "description": "Phần mềm cho DNNVV",
                                   "products": 7}]
    march = made["indicators-2026-03"].payload["groups"]
    assert [(g["key"], g["smes"]) for g in march["province"]] == [("Hà Nội", 6), ("_other", 5)]
    assert made["indicators-2026-04"].payload["groups"]["province"] == []  # 2 SMEs: nothing shown


def test_a_push_is_signed_retried_with_backoff_and_done_once(session, open_world, receiver):
    queued = len(sync.queue_due(session, now_utc()))
    receiver.fail_next = 2
    start = now_utc()
    first = sync.deliver_due(session, receiver.url, SECRET, post, start)
    assert (first.delivered, first.retrying) == (queued - 2, 2)  # two failed on purpose
    failed = session.query(SyncDelivery).filter_by(status="pending").all()
    assert [d.idempotency_key for d in failed] == ["edition-1", "edition-2"]
    assert all(d.attempts == 1 and d.next_attempt_at == start + retry_delay(1) for d in failed)
    assert all(d.last_error == "HTTP 503" for d in failed)
    # Not yet due: nothing is sent.
    assert sync.deliver_due(session, receiver.url, SECRET, post, start + timedelta(seconds=30)).delivered == 0
    due = now_utc() + timedelta(minutes=1)
    assert sync.deliver_due(session, receiver.url, SECRET, post, due).delivered == 2
    assert len(receiver.received) == queued + 2 and all(r["valid"] for r in receiver.received)
    assert len(receiver.done) == queued
    retried = [r for r in receiver.received if r["headers"]["Idempotency-Key"] == "edition-1"]
    assert len(retried) == 2 and retried[0]["body"] == retried[1]["body"]
    for record in receiver.received:  # the body names its idempotency key too
        assert json.loads(record["body"])["idempotency_key"] == record["headers"]["Idempotency-Key"]
    codes = [a.status_code for a in session.query(SyncAttempt)]
    assert len(codes) == queued + 2 and codes.count(503) == 2


def test_a_wrong_secret_is_refused_by_the_receiver_and_logged(session, open_world, receiver):
    sync.queue_due(session, now_utc())
    outcome = sync.deliver_due(session, receiver.url, "not-the-secret", post, now_utc())
    assert outcome.delivered == 0 and receiver.done == {}
    assert {r["valid"] for r in receiver.received} == {False}
    assert {d.last_error for d in session.query(SyncDelivery)} == {"HTTP 401"}


def test_an_unreachable_portal_is_retried_and_finally_left_to_an_officer(session, open_world, factory):
    publish_edition(session, factory.user("officer"), "3/QĐ", datetime(2026, 7, 1).date())
    sync.queue_due(session, now_utc())
    moment = now_utc()
    for _ in range(sync.MAX_ATTEMPTS):
        sync.deliver_due(session, "http://127.0.0.1:9/closed", SECRET, post, moment)
        moment += sync.LONGEST_WAIT
    stuck = session.query(SyncDelivery).all()
    assert {d.status for d in stuck} == {"failed"} and {d.attempts for d in stuck} == {sync.MAX_ATTEMPTS}
    assert all(d.last_error.startswith("ConnectionError") for d in stuck)


def test_a_replay_sends_the_same_push_and_the_portal_keeps_one(session, open_world, receiver, factory):
    officer = factory.user("officer")
    sync.queue_due(session, now_utc())
    sync.deliver_due(session, receiver.url, SECRET, post, now_utc())
    delivery = session.query(SyncDelivery).filter_by(idempotency_key="edition-2").one()
    assert delivery.status == "delivered"
    sync.replay(session, officer, delivery.id, now_utc())
    assert sync.deliver_due(session, receiver.url, SECRET, post, now_utc()).delivered == 1
    pushes = [r for r in receiver.received if r["headers"]["Idempotency-Key"] == "edition-2"]
    assert len(pushes) == 2 and pushes[0]["body"] == pushes[1]["body"]
    assert list(receiver.done).count("edition-2") == 1


def test_the_command_queues_and_pushes(make_app, receiver):
    app = make_app(SYNC_URL=receiver.url, SYNC_SECRET=SECRET)
    with app.app_context():
        factory = Factory(db.session, app.extensions["passwords"])
        factory.listing("published")
        publish_edition(db.session, factory.user("officer"), "1/QĐ", datetime(2026, 3, 1).date())
        db.session.commit()
    result = app.test_cli_runner().invoke(sync_group, ["run", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"queued": 1, "delivered": 1, "retrying": 0, "gave_up": 0}
    again = app.test_cli_runner().invoke(sync_group, ["run", "--json"])
    assert json.loads(again.output)["queued"] == 0 and list(receiver.done) == ["edition-1"]
    unset = make_app().test_cli_runner().invoke(sync_group, ["run"])
    assert unset.exit_code != 0 and "SYNC_URL" in unset.output


def test_the_scheduler_runs_the_same_work_as_a_job(make_app, receiver):
    from core import jobs

    assert jobs.SCHEDULES["opendata.sync"].cron == "*/5 * * * *"
    app = make_app(SYNC_URL=receiver.url, SYNC_SECRET=SECRET)
    with app.app_context():
        factory = Factory(db.session, app.extensions["passwords"])
        factory.listing("published")
        publish_edition(db.session, factory.user("officer"), "1/QĐ", datetime(2026, 3, 1).date())
        db.session.commit()
        assert jobs.run("opendata.sync") == {"queued": 1, "delivered": 1, "retrying": 0, "gave_up": 0}
        assert jobs.run("opendata.sync")["queued"] == 0
    assert list(receiver.done) == ["edition-1"]
    with make_app().app_context():
        assert jobs.run("opendata.sync") == {"skipped": "SYNC_URL and SYNC_SECRET are not set"}
