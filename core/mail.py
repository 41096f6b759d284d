"""Mail: an outbox in the database, sent over SMTP (Flask-Mailman) by a job after the commit.

Why an outbox: a mail asked for in a transaction that rolls back must not go, one asked for in a
committed transaction must not be lost when the SMTP server is down, and none may go twice. So a mail is
a row (`mail_outbox`) written in the same transaction as the change it tells of; after the commit the
`mail.send` job sends it. Each send first claims the row (one UPDATE: queued and due -> sending, and
commits the claim), so two workers never send the same row; a refused or failed delivery puts it back
with the next try later (core.backoff), and the scheduler's `mail.flush` sends what is due. A worker that
dies between the SMTP server's acceptance and the row's "sent" leaves a claim that is taken again after
CLAIM_EXPIRES: the one case where a mail may go twice, and its stable Message-ID lets mail systems drop
the copy.

Mail is written in the reader's language by its caller (core.translation), as a `Letter`: its plain-text
and HTML parts are made from the same paragraphs (marketplace/templates/mail/letter.html).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app, has_request_context, render_template, request, url_for
from flask_mailman import EmailMultiAlternatives, Mail
from sqlalchemy import CheckConstraint, Index, String, Text, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from core import jobs, transaction
from core.backoff import retry_delay
from core.db import Base, sql_in, utcnow

log = logging.getLogger(__name__)

STATES = ("queued", "sending", "sent", "failed")
MAX_ATTEMPTS = 40  # at one try an hour after the first few: about a day and a half of an SMTP outage
CLAIM_EXPIRES = timedelta(minutes=10)

mailer = Mail()


class OutboxMail(Base):
    __tablename__ = "mail_outbox"
    __table_args__ = (
        CheckConstraint(sql_in("state", STATES), name="state_known"),
        Index("ix_mail_outbox_due", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    headers: Mapped[dict | None]  # e.g. List-Unsubscribe
    kind: Mapped[str] = mapped_column(String(64), default="")  # what it is about (event code), for the log
    state: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


@dataclass(frozen=True)
class Letter:
    """One mail, already in its reader's language: paragraphs, an optional button, small print."""

    subject: str
    greeting: str
    paragraphs: tuple[str, ...]
    action_label: str | None = None
    action_url: str | None = None
    footer: tuple[str, ...] = ()
    unsubscribe_url: str | None = None
    unsubscribe_label: str | None = None
    lang: str = "vi"
    headers: dict = field(default_factory=dict)

    def text(self) -> str:
        parts = [self.greeting, *self.paragraphs]
        if self.action_url:
            parts.append(f"{self.action_label}: {self.action_url}")
        parts.extend(self.footer)
        if self.unsubscribe_url:
            parts.append(f"{self.unsubscribe_label}: {self.unsubscribe_url}")
        return "\n\n".join(parts) + "\n"

    def html(self) -> str:
        return render_template("mail/letter.html", letter=self)


def absolute_url(path: str) -> str:
    """A path on this site as a link for a mail: this request's host, else BASE_URL (jobs, commands)."""
    base = request.host_url if has_request_context() else current_app.config["BASE_URL"]
    return base.rstrip("/") + path


def page_path(endpoint: str, **values) -> str:
    """The path of a page, in a request or outside one (a job, a command, a service's test)."""
    if has_request_context():
        return url_for(endpoint, **values)
    return current_app.url_map.bind("localhost").build(endpoint, values)


def page_url(endpoint: str, **values) -> str:
    """The absolute address of a page, for a mail made in a request or in a job."""
    return absolute_url(page_path(endpoint, **values))


def init_app(app) -> None:
    mailer.init_app(app)


def queue_letter(session: Session, recipient: str, letter: Letter, kind: str = "") -> OutboxMail:
    """Queue `letter` for `recipient`; it is sent after the session commits (never if it rolls back)."""
    headers = dict(letter.headers)
    if letter.unsubscribe_url:
        # RFC 8058: mail programs offer their own unsubscribe button, which POSTs to this address.
        headers["List-Unsubscribe"] = f"<{letter.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    row = OutboxMail(recipient=recipient, subject=letter.subject[:300], text=letter.text(),
                     html=letter.html(), headers=headers or None, kind=kind[:64])
    session.add(row)
    session.flush()
    transaction.after_commit(session, _send_after_commit, row.id)
    return row


def _send_after_commit(_session: Session, ids: set) -> None:
    jobs.submit("mail.send", params={"ids": sorted(ids)})


def _claim(session: Session, mail_id: int) -> bool:
    now = utcnow()
    claimed = session.execute(
        update(OutboxMail)
        .where(OutboxMail.id == mail_id,
               ((OutboxMail.state == "queued") & (OutboxMail.next_attempt_at <= now))
               | ((OutboxMail.state == "sending") & (OutboxMail.claimed_at < now - CLAIM_EXPIRES)))
        .values(state="sending", claimed_at=now, attempts=OutboxMail.attempts + 1)
    ).rowcount
    session.commit()  # the claim is seen by every other worker before the mail leaves
    return claimed == 1


def _message(row: OutboxMail, connection) -> EmailMultiAlternatives:
    domain = current_app.config["MAIL_MESSAGE_ID_DOMAIN"]
    message_id = f"<outbox-{row.id}-{row.created_at:%Y%m%d%H%M%S}@{domain}>"
    headers = {**(row.headers or {}), "Message-ID": message_id}
    message = EmailMultiAlternatives(row.subject, row.text, current_app.config["MAIL_DEFAULT_SENDER"],
                                     [row.recipient], headers=headers, connection=connection)
    if row.html:
        message.attach_alternative(row.html, "text/html")
    return message


def send(session: Session, ids) -> dict:
    """Send the outbox rows `ids` that are due and not taken; each one's outcome is committed on its own
    (these commits are the outbox's: a job's single commit would lose what was sent before a failure)."""
    sent = failed = 0
    connection = None
    for mail_id in ids:
        if not _claim(session, mail_id):
            continue
        row = session.get(OutboxMail, mail_id)
        try:
            if connection is None:
                connection = mailer.get_connection(fail_silently=False)
                connection.open()
            _message(row, connection).send()
        except Exception as exc:  # SMTP down, refused, timed out: try again later
            failed += 1
            give_up = row.attempts >= MAX_ATTEMPTS
            row.state = "failed" if give_up else "queued"
            row.next_attempt_at = utcnow() + retry_delay(row.attempts)
            row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            log.warning("mail %s to %s not sent (try %s): %s", row.id, row.recipient, row.attempts, exc)
            connection = _close(connection)
        else:
            sent += 1
            row.state, row.sent_at, row.last_error = "sent", utcnow(), None
        session.commit()
    _close(connection)
    return {"sent": sent, "failed": failed}


def _close(connection) -> None:
    if connection is not None:
        try:
            connection.close()
        except Exception:  # a connection that broke mid-send: nothing more to close
            log.debug("closing a broken SMTP connection", exc_info=True)
    return None


def due_ids(session: Session, limit: int = 500) -> list[int]:
    now = utcnow()
    return list(session.scalars(
        select(OutboxMail.id)
        .where(((OutboxMail.state == "queued") & (OutboxMail.next_attempt_at <= now))
               | ((OutboxMail.state == "sending") & (OutboxMail.claimed_at < now - CLAIM_EXPIRES)))
        .order_by(OutboxMail.id).limit(limit)))


@jobs.job("mail.send")
def send_job(session: Session, ids: list[int]) -> dict:
    return send(session, ids)


@jobs.job("mail.flush")
def flush_job(session: Session) -> dict:
    """What the scheduler runs every minute: every mail that is due (first tries that found no worker,
    retries after a failure, claims of workers that died)."""
    return send(session, due_ids(session))


jobs.schedule("mail.flush", "* * * * *")
