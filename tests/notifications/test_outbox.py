"""The mail outbox: SMTP down then up (the mail goes once), claims (never twice), retries with backoff."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from core import jobs, mail, transaction
from core.db import utcnow
from core.mail import OutboxMail
from notifications import notify
from tests.mailbox import Mailbox, free_port


def _rows(session):
    session.expire_all()
    return list(session.scalars(select(OutboxMail).order_by(OutboxMail.id)))


def _time_passes(session, minutes: int = 120) -> None:
    """Move every pending retry into the past: as if the backoff had elapsed."""
    session.execute(update(OutboxMail).values(next_attempt_at=utcnow() - timedelta(minutes=minutes)))
    session.commit()


def test_smtp_down_then_up_the_mail_goes_out_once(make_app, people_factory):
    port = free_port()  # nobody listens yet: the SMTP server is down
    app = make_app(MAIL_PORT=port)
    with app.app_context():
        from core.extensions import db

        session = db.session
        anh = people_factory(session, app)
        notify(session, anh.id, "test.hello", who="Anh")
        transaction.commit(session)  # the send after the commit fails: the mail waits in the outbox
        [row] = _rows(session)
        assert (row.state, row.attempts) == ("queued", 1)
        assert row.last_error and row.next_attempt_at > utcnow()

        jobs.run_scheduled("mail.flush")  # not due yet: nothing is tried
        assert _rows(session)[0].attempts == 1

        _time_passes(session)
        jobs.run_scheduled("mail.flush")  # still down: a second failure, a longer wait
        [row] = _rows(session)
        assert (row.state, row.attempts) == ("queued", 2)
        assert row.next_attempt_at - utcnow() > timedelta(minutes=1, seconds=50)

        box = Mailbox(port).start()  # the server is back
        try:
            _time_passes(session)
            jobs.run_scheduled("mail.flush")
            jobs.run_scheduled("mail.flush")  # a second tick (or a second scheduler) sends nothing more
            assert len(box.for_(anh.email)) == 1
            [row] = _rows(session)
            assert (row.state, row.attempts, row.last_error) == ("sent", 3, None)
        finally:
            box.stop()
        app.extensions["db_engine"].dispose()


def test_a_claimed_mail_is_not_sent_by_a_second_worker(mail_session, people, mailbox):
    anh = people()
    mail.queue_letter(mail_session, anh.email, mail.Letter("Chủ đề", "Chào,", ("Nội dung.",)))
    mail_session.info.pop("after_commit")  # keep the automatic send out of this test
    mail_session.commit()
    [row] = _rows(mail_session)
    first = mail.send(mail_session, [row.id])
    second = mail.send(mail_session, [row.id])  # e.g. a retried job, or the flush, after the first
    assert (first, second) == ({"sent": 1, "failed": 0}, {"sent": 0, "failed": 0})
    assert len(mailbox.for_(anh.email)) == 1


def test_a_worker_that_died_mid_send_leaves_a_claim_taken_again_later(mail_session, people, mailbox):
    anh = people()
    mail.queue_letter(mail_session, anh.email, mail.Letter("Chủ đề", "Chào,", ("Nội dung.",)))
    mail_session.info.pop("after_commit")
    mail_session.commit()
    [row] = _rows(mail_session)
    mail_session.execute(update(OutboxMail).values(state="sending", claimed_at=utcnow(), attempts=1))
    mail_session.commit()
    assert mail.due_ids(mail_session) == []  # a fresh claim is someone else's
    mail_session.execute(update(OutboxMail).values(claimed_at=utcnow() - mail.CLAIM_EXPIRES - timedelta(1)))
    mail_session.commit()
    jobs.run_scheduled("mail.flush")
    assert len(mailbox.for_(anh.email)) == 1
    assert _rows(mail_session)[0].state == "sent"


def test_a_mail_is_given_up_after_the_last_attempt(mail_session, people, mailbox):
    anh = people()
    mail.queue_letter(mail_session, anh.email, mail.Letter("Chủ đề", "Chào,", ("Nội dung.",)))
    mail_session.info.pop("after_commit")
    mail_session.commit()
    mail_session.execute(update(OutboxMail).values(attempts=mail.MAX_ATTEMPTS - 1))
    mail_session.commit()
    mailbox.stop()  # the server went away for good
    mail.send(mail_session, [r.id for r in _rows(mail_session)])
    assert _rows(mail_session)[0].state == "failed"
