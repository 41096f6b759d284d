"""The daily digest, the notification centre, preferences, and unsubscribing without logging in."""

from __future__ import annotations

import re

from sqlalchemy import select

from core import jobs, transaction
from notifications import notify
from notifications.delivery import set_mode
from notifications.models import Notification, NotificationPreference
from tests.conftest import csrf_token, form_post, login


def test_the_digest_gathers_the_day_in_one_mail_and_runs_once(mail_session, people, mailbox):
    anh, binh = people(full_name="Anh"), people(full_name="Bình")
    set_mode(mail_session, anh.id, "test.hello", "digest")
    notify(mail_session, [anh.id, binh.id], "test.hello", link="/notifications", who="Một")
    notify(mail_session, anh.id, "test.hello", who="Hai")
    transaction.commit(mail_session)
    assert len(mailbox.for_(binh.email)) == 1 and mailbox.for_(anh.email) == []  # Anh waits for the digest

    jobs.run_scheduled("notifications.digest")
    jobs.run_scheduled("notifications.digest")  # the same day again (a second scheduler): nothing more
    [digest] = mailbox.for_(anh.email)
    assert mailbox.subject(digest) == "Tóm tắt thông báo trong ngày: 2 việc mới"
    body = mailbox.text(digest)
    assert "Chào Một" in body and "Chào Hai" in body and "http://marketplace.test/notifications" in body
    assert len(mailbox.for_(binh.email)) == 1

    notify(mail_session, anh.id, "test.hello", who="Ba")  # tomorrow's digest has only what is new
    transaction.commit(mail_session)
    jobs.run("notifications.digest", "notifications.digest:tomorrow")
    assert "Chào Hai" not in mailbox.text(mailbox.for_(anh.email)[-1])
    assert "Chào Ba" in mailbox.text(mailbox.for_(anh.email)[-1])


def _unsubscribe_link(message) -> str:
    return re.search(r"http://marketplace\.test(/notifications/unsubscribe/\S+)", message["List-Unsubscribe"]
                     .replace("\n", "").replace(" ", "")).group(1).rstrip(">")


def test_unsubscribe_needs_no_login_and_stops_that_event(mail_session, mail_app, people, mailbox):
    anh = people()
    notify(mail_session, anh.id, "test.hello", who="Anh")
    transaction.commit(mail_session)
    link = _unsubscribe_link(mailbox.for_(anh.email)[0])
    assert link in mailbox.text(mailbox.for_(anh.email)[0])

    client = mail_app.test_client()  # nobody logged in
    page = client.get(link)
    assert page.status_code == 200 and "Lời chào thử" in page.get_data(as_text=True)
    assert mail_session.get(NotificationPreference, (anh.id, "test.hello")) is None  # looking changes nothing
    done = client.post(link)  # the button, or the mail program's own (RFC 8058): no CSRF token, no login
    assert done.status_code == 200
    mail_session.expire_all()
    assert mail_session.get(NotificationPreference, (anh.id, "test.hello")).mode == "off"

    notify(mail_session, anh.id, "test.hello", who="Anh")
    transaction.commit(mail_session)
    assert len(mailbox.for_(anh.email)) == 1  # no second mail; the row is still in the centre
    assert len(mail_session.scalars(select(Notification).where(Notification.user_id == anh.id)).all()) == 2

    assert client.post(link[:-3] + "xyz").status_code == 404  # a forged token
    assert client.get("/notifications/unsubscribe/not-a-token").status_code == 404


def test_the_centre_shows_the_badge_lists_and_marks_read(session, client, factory):
    anh, other = factory.user("sme"), factory.user("sme")
    notify(session, anh.id, "test.hello", link="/privacy", who="Anh")
    notify(session, anh.id, "test.hello", who="Hai")
    notify(session, other.id, "test.hello", who="Người khác")
    transaction.commit(session)
    login(client, anh)

    page = client.get("/notifications").get_data(as_text=True)
    assert "Chào Anh" in page and "Chào Hai" in page and "Người khác" not in page
    assert re.search(r'class="nav-count">2<', page)  # the header's badge

    mine = session.scalars(select(Notification).where(Notification.user_id == anh.id)
                           .order_by(Notification.id)).first()
    theirs = session.scalars(select(Notification).where(Notification.user_id == other.id)).first()
    opened = form_post(client, f"/notifications/{mine.id}/open", page="/notifications")
    assert opened.status_code == 302 and opened.headers["Location"] == "/privacy"
    assert form_post(client, f"/notifications/{theirs.id}/open", page="/notifications").status_code == 404
    assert re.search(r'class="nav-count">1<', client.get("/notifications").get_data(as_text=True))

    form_post(client, "/notifications/read", page="/notifications")
    assert "nav-count" not in client.get("/notifications").get_data(as_text=True)
    session.expire_all()
    assert session.get(Notification, theirs.id).read_at is None


def test_preferences_are_saved_per_event_and_bad_values_change_nothing(session, client, factory):
    anh = factory.user("vendor")
    transaction.commit(session)
    login(client, anh)
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert "Lời chào thử" in page

    bad = client.post("/notifications/preferences",
                      data={"csrf_token": csrf_token(client, "/notifications/preferences"),
                            "test.hello": "hourly"})
    assert bad.status_code == 422 and "Lời chào thử" in bad.get_data(as_text=True)
    assert session.get(NotificationPreference, (anh.id, "test.hello")) is None

    saved = form_post(client, "/notifications/preferences", {"test.hello": "digest"},
                      page="/notifications/preferences")
    assert saved.status_code == 302
    session.expire_all()
    assert session.get(NotificationPreference, (anh.id, "test.hello")).mode == "digest"
    assert 'value="digest" checked' in client.get("/notifications/preferences").get_data(as_text=True)
