"""Mail tests: a real SMTP server in-process, and an app that sends to it."""

from __future__ import annotations

import pytest

from core.db import utcnow
from core.translation import N_
from notifications import events
from tests.factories import Factory
from tests.mailbox import Mailbox

# An event of the tests' own (features define theirs beside the code that raises them).
HELLO = events.define("test.hello", name=N_("Lời chào thử"), title=N_("Chào %(who)s"),
                      body=N_("Đây là thông báo thử cho %(who)s."), action=N_("Xem chi tiết"))


@pytest.fixture
def mailbox():
    box = Mailbox().start()
    yield box
    box.stop()


@pytest.fixture
def mail_app(make_app, mailbox):
    """An app whose mail goes to `mailbox`, with its context pushed."""
    app = make_app(MAIL_PORT=mailbox.port, BASE_URL="http://marketplace.test")
    with app.app_context():
        yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture
def mail_session(mail_app):
    from core.extensions import db

    return db.session


@pytest.fixture
def people(mail_session, mail_app):
    """make(role, **over) -> a user with a verified address."""
    factory = Factory(mail_session, mail_app.extensions["passwords"])

    def make(role: str = "sme", **over):
        return factory.user(role, **{"email_verified_at": utcnow(), **over})

    return make


@pytest.fixture
def people_factory():
    """people_factory(session, app, role="sme") -> a user with a verified address, for tests with own apps."""

    def make(session, app, role: str = "sme", **over):
        factory = Factory(session, app.extensions["passwords"])
        return factory.user(role, **{"email_verified_at": utcnow(), **over})

    return make
