"""The search slot kept in app.extensions["search"]: one interface whatever the backend.

Every listing change (catalog.services) asks for `refresh_after_commit` with its listing id: after the
commit, the app's service refreshes those documents (core.transaction); `reindex` rebuilds everything
from the database; `search` answers queries.

An embedded index lives in each process, so every process also checks, at most every
`sync_seconds`, a one-query fingerprint of the catalog tables; when it moved (a change made by
another gunicorn worker, a script, or test data written straight to the database) the listings
whose signature differs are read again. A Meilisearch index is shared by every process and is
kept current by `refresh` alone; a refresh that cannot reach the server is retried on the next one.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable

from flask import current_app
from sqlalchemy.orm import Session

from catalog.search import source
from catalog.search.model import Backend, SearchRequest, SearchResult
from catalog.search.suggest import Suggestions, suggest

log = logging.getLogger(__name__)


class SearchService:
    def __init__(self, backend: Backend, sync_seconds: float = 1.0):
        self.backend = backend
        self.sync_seconds = sync_seconds
        self._lock = threading.RLock()
        self._built = False
        self._checked_at = float("-inf")
        self._fingerprint: tuple | None = None
        self._signatures: dict[str, tuple] = {}
        self._pending: set[str] = set()  # listings a failed refresh could not send

    @property
    def name(self) -> str:
        return self.backend.name

    def refresh(self, session: Session, listing_ids: Iterable[str]) -> None:
        """Bring the given listings' documents up to date (call after the change is committed)."""
        ids = set(listing_ids) | self._pending
        if not ids or (self.backend.follows_database and not self._built):
            return  # the first search reads everything anyway
        with self._lock:
            try:
                self.backend.upsert(ids, list(source.documents(session, ids)))
            except Exception:  # noqa: BLE001 - the change is committed; the index catches up later
                log.exception("search index refresh failed for %d listings; will retry", len(ids))
                self._pending = ids
                return
            self._pending = set()
            if self.backend.follows_database:
                self._signatures.update(source.signatures(session, ids))
                for gone in ids - self._signatures.keys():
                    self._signatures.pop(gone, None)

    def reindex(self, session: Session, progress: Callable[[int], None] | None = None) -> int:
        """Rebuild the index from the database; returns the number of documents."""
        with self._lock:
            fingerprint = source.fingerprint(session)
            signatures = source.signatures(session)
            count = self.backend.replace_all(source.documents(session), progress)
            self._fingerprint, self._signatures = fingerprint, signatures
            self._built, self._checked_at, self._pending = True, time.monotonic(), set()
            return count

    def search(self, session: Session | None, request: SearchRequest) -> SearchResult:
        """Answer a query (`session` lets an embedded index catch up with the database first)."""
        if session is not None and self.backend.follows_database:
            self._follow(session)
        return self.backend.search(request)

    def suggest(self, session: Session | None, request: SearchRequest) -> Suggestions:
        """What to offer when `request` found nothing (catalog.search.suggest)."""
        return suggest(lambda r: self.search(session, r), self.backend.spell, request)

    def _follow(self, session: Session) -> None:
        with self._lock:
            if not self._built:
                self.reindex(session)
                return
            now = time.monotonic()
            if now - self._checked_at < self.sync_seconds:
                return
            self._checked_at = now
            fingerprint = source.fingerprint(session)
            if fingerprint == self._fingerprint:
                return
            signatures = source.signatures(session)
            changed = {i for i, s in signatures.items() if self._signatures.get(i) != s}
            changed |= self._signatures.keys() - signatures.keys()
            if changed:
                self.backend.upsert(changed, list(source.documents(session, changed & signatures.keys())))
            self._fingerprint, self._signatures = fingerprint, signatures


def refresh_after_commit(session: Session, listing_ids: set[str]) -> None:
    """After-commit work (core.transaction.after_commit): the app's search index catches up with the
    listings changed in the transaction just committed."""
    current_app.extensions["search"].refresh(session, sorted(listing_ids))
