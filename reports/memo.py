"""Contract reports kept in this process between two changes to the contracts.

The officers' dashboard computes eight reports (about thirty aggregate queries) on every visit, and
the contracts change a few times a day. A report is kept under the contracts' fingerprint (their
number and latest `updated_at`: counting, terminating, any edit of a contract moves it; counting sets
`updated_at` through the column's onupdate, Core UPDATEs included), so a change made by any worker or
machine is seen on the next visit, at the price of one query. Reports are frozen dataclasses, safe to
share between requests.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from contracts.models import Contract

T = TypeVar("T")
ENTRIES = 512  # a dashboard visit keeps about ten; officers look at a few periods and filters


class ReportMemo:
    def __init__(self, entries: int = ENTRIES):
        self.entries = entries
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def fingerprint(session: Session) -> tuple:
        """The database (a process may serve several: tests, scratch databases) and its contracts' state."""
        count, latest = session.execute(select(func.count(), func.max(Contract.updated_at))).one()
        return (session.get_bind().url.render_as_string(hide_password=True), count, latest)

    def remember(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value kept under `key` (which holds a fingerprint), computed once."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]  # type: ignore[return-value]
        value = compute()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.entries:
                self._items.popitem(last=False)
        return value


MEMO = ReportMemo()
