"""One commit point per request or command, and the work that must wait until the commit.

Services flush, never commit. The commit point (the app shell, at the end of each request and each
CLI command) calls `commit`, which commits and then runs what services asked to run after the commit:
refreshing the search index, and later sending mail or queueing jobs. Such work must not run when the
transaction rolls back (nothing happened), nor before the commit (a reader elsewhere would not see
the change yet). A failure of one of them is logged and does not undo the commit.

The few places that must commit on their own say why (billing records an attempt before money moves).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
_KEY = "after_commit"
Work = Callable[[Session, set], None]


def after_commit(session: Session, work: Work, *items) -> None:
    """Run `work(session, items)` once the session's transaction commits, never if it rolls back. Asked
    several times in one transaction, the work runs once, with every item asked for (e.g. every listing
    whose search document must be refreshed)."""
    pending: dict[Work, set] = session.info.setdefault(_KEY, {})
    pending.setdefault(work, set()).update(items)


def commit(session: Session) -> None:
    """Commit, then run the work that waited for it (with the session, in a new transaction)."""
    session.commit()
    pending = session.info.pop(_KEY, {})
    for work, items in pending.items():
        try:
            work(session, items)
        except Exception:  # the change is committed: report the failed follow-up, keep going
            log.exception("after-commit work failed: %r", work)


def rollback(session: Session) -> None:
    """Roll back, and forget the work that waited for a commit that will not happen."""
    session.rollback()
    session.info.pop(_KEY, None)
