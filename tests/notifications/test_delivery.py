"""notify(): the in-app rows, the mail after the commit (never before, never on rollback), preferences."""

from __future__ import annotations

from sqlalchemy import func, select

from core import transaction
from core.mail import OutboxMail
from notifications import notify
from notifications.delivery import set_mode
from notifications.models import Notification


def _count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_notify_writes_a_row_each_and_mails_after_the_commit(mail_session, people, mailbox):
    anh, binh = people("sme", full_name="Anh"), people("vendor", full_name="Bình")
    notify(mail_session, [anh.id, binh.id, anh.id], "test.hello", link="/notifications", who="Anh")
    assert _count(mail_session, Notification) == 2
    assert mailbox.messages == []  # not before the commit
    transaction.commit(mail_session)

    [to_anh] = mailbox.for_(anh.email)
    assert mailbox.subject(to_anh) == "Chào Anh"
    assert "Đây là thông báo thử cho Anh." in mailbox.text(to_anh)
    assert "http://marketplace.test/notifications" in mailbox.text(to_anh)  # the link, absolute
    assert 'href="http://marketplace.test/notifications"' in mailbox.html(to_anh)
    assert to_anh["List-Unsubscribe"].strip().startswith("<http://marketplace.test/notifications/unsubscribe/")
    assert to_anh["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert len(mailbox.for_(binh.email)) == 1
    assert {r.state for r in mail_session.scalars(select(OutboxMail))} == {"sent"}


def test_a_rolled_back_change_tells_no_one(mail_session, people, mailbox):
    anh = people()
    notify(mail_session, anh.id, "test.hello", who="Anh")
    transaction.rollback(mail_session)
    transaction.commit(mail_session)
    assert mailbox.messages == []
    assert _count(mail_session, Notification) == 0 and _count(mail_session, OutboxMail) == 0


def test_unverified_or_inactive_addresses_get_the_row_but_no_mail(mail_session, people, mailbox):
    unverified = people(email_verified_at=None)
    inactive = people(active=False)
    notify(mail_session, [unverified.id, inactive.id], "test.hello", who="X")
    transaction.commit(mail_session)
    assert mailbox.messages == []
    assert _count(mail_session, Notification, Notification.user_id == unverified.id) == 1
    assert _count(mail_session, Notification, Notification.user_id == inactive.id) == 0


def test_mode_off_keeps_the_row_and_sends_no_mail(mail_session, people, mailbox):
    anh = people()
    set_mode(mail_session, anh.id, "test.hello", "off")
    notify(mail_session, anh.id, "test.hello", who="Anh")
    transaction.commit(mail_session)
    assert mailbox.messages == []
    assert _count(mail_session, Notification, Notification.user_id == anh.id) == 1


def test_an_unknown_event_is_refused(mail_session, people):
    import pytest

    with pytest.raises(KeyError, match="no notification event"):
        notify(mail_session, people().id, "test.nobody-defined-this")
