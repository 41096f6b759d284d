"""A cache of public answers (catalog pages, the catalog's and the open data's API) for anonymous readers.

Most of the traffic is people browsing and searching the catalog without logging in, and the catalog
changes a few times a day: the same page is rendered again and again. An answer is kept under a key of
(catalog version, language, path and query), in Redis when REDIS_URL is set (shared by every worker
and machine), else in this process (a bounded LRU); entries also expire after PAGE_CACHE_SECONDS.

Invalidation: the catalog version is a one-query fingerprint of the catalog tables (given by the
shell: the search index's own change detection) and a generation counter, read again at most every
PAGE_CACHE_CHECK_SECONDS and at once after this process commits a write; a commit that changed a
watched model (a listing, a revision, an edition, a vendor: a vendor's new name moves no fingerprint)
moves the counter, kept in the store (Redis: shared). So an edition published or a listing changed
here is never served stale here, and by other workers for at most the check interval.

Only GETs of anonymous readers with nothing flashed are served from or stored in the cache, and only
200 answers are kept. A page carries its reader's CSRF token (the language switch is a form): the token
is stored as a marker and the reader's own is put back, and the page's ETag covers the reader's
session token, so a 304 never hands one reader's form to another.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps

from flask import Flask, Response, current_app, g, has_app_context, make_response, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import event
from sqlalchemy.orm import Session

from core.extensions import db
from core.i18n import current_lang

MARKER = b"__csrf_token_of_the_reader__"
KEPT_HEADERS = ("Content-Type", "Cache-Control", "ETag", "Link", "X-Next-Cursor", "Content-Disposition",
                "Access-Control-Allow-Origin")


class MemoryStore:
    """This process's entries, least recently used dropped first, each until its expiry."""

    def __init__(self, entries: int):
        self.entries = entries
        self._items: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()
        self._generation = 0

    def generation(self) -> int:
        return self._generation

    def bump(self) -> None:
        with self._lock:
            self._generation += 1

    def get(self, key: str) -> bytes | None:
        with self._lock:
            found = self._items.get(key)
            if found is None or found[0] < time.monotonic():
                return None
            self._items.move_to_end(key)
            return found[1]

    def set(self, key: str, value: bytes, seconds: int) -> None:
        with self._lock:
            self._items[key] = (time.monotonic() + seconds, value)
            self._items.move_to_end(key)
            while len(self._items) > self.entries:
                self._items.popitem(last=False)


class RedisStore:
    def __init__(self, url: str):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=0.5)

    def generation(self) -> int:
        try:
            return int(self.client.get("page-generation") or 0)
        except Exception:  # unreachable: entries are misses anyway
            return -1

    def bump(self) -> None:
        try:
            self.client.incr("page-generation")
        except Exception:
            pass

    def get(self, key: str) -> bytes | None:
        try:
            return self.client.get("page:" + key)
        except Exception:  # a cache that cannot be reached is a miss, never an error page
            return None

    def set(self, key: str, value: bytes, seconds: int) -> None:
        try:
            self.client.setex("page:" + key, seconds, value)
        except Exception:
            pass


class PageCache:
    def __init__(self, store, version: Callable[[Session], object], check_seconds: float, seconds: int):
        self.store, self._read_version = store, version
        self.check_seconds, self.seconds = check_seconds, seconds
        self._version: object = None
        self._checked_at = float("-inf")
        self._lock = threading.Lock()

    def version(self, db_session: Session) -> object:
        with self._lock:
            now = time.monotonic()
            if now - self._checked_at >= self.check_seconds:
                self._version = (self._read_version(db_session), self.store.generation())
                self._checked_at = now
            return self._version

    def written(self, watched: bool) -> None:
        """This process committed a write: read the version again; a watched change also moves it."""
        if watched:
            self.store.bump()
        with self._lock:
            self._checked_at = float("-inf")

    def key(self, db_session: Session, lang: str, path: str) -> str:
        text = json.dumps([repr(self.version(db_session)), lang, path], ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _pack(response: Response, token: str | None) -> bytes:
    body = response.get_data()
    if token:
        body = body.replace(token.encode("ascii"), MARKER)
    head = {"status": response.status_code,
            "headers": [[k, v] for k, v in response.headers.items() if k in KEPT_HEADERS]}
    return json.dumps(head).encode("utf-8") + b"\n" + body


def _unpack(packed: bytes) -> tuple[dict, bytes]:
    head, body = packed.split(b"\n", 1)
    return json.loads(head), body


def _served(head: dict, body: bytes) -> Response:
    """The stored answer for this reader: their CSRF token in a page (whose ETag then covers their
    session's token, and which no shared cache may keep), an ETag, and 304 when they already have it."""
    response = Response(body, status=head["status"], headers=head["headers"])
    if MARKER in body:
        etag = hashlib.sha256(body)
        g.pop("csrf_token", None)  # the token of this request's session, never one kept from another
        response.set_data(body.replace(MARKER, generate_csrf().encode("ascii")))
        etag.update(str(session.get("csrf_token", "")).encode("utf-8"))
        response.set_etag(etag.hexdigest()[:40])
        response.headers["Cache-Control"] = "private, no-cache"
    elif "ETag" not in response.headers:
        response.add_etag()
    return response.make_conditional(request)


def cached(view):
    """Serve the view's answer from the page cache to anonymous readers (see the module's doc)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        cache: PageCache | None = current_app.extensions.get("page_cache")
        if (cache is None or request.method != "GET" or current_user.is_authenticated
                or session.get("_flashes")):
            return view(*args, **kwargs)
        key = cache.key(db.session, current_lang(), request.full_path)
        packed = cache.store.get(key)
        if packed is None:
            response = make_response(view(*args, **kwargs))
            if response.status_code != 200 or response.direct_passthrough or session.get("_flashes"):
                return response
            packed = _pack(response, g.get("csrf_token"))
            cache.store.set(key, packed, cache.seconds)
        return _served(*_unpack(packed))

    return wrapped


def _note_writes(db_session: Session, watched: tuple[type, ...]) -> None:
    info = db_session.info
    if not info.get("page_cache_watched"):
        changed = (*db_session.new, *db_session.dirty, *db_session.deleted)
        info["page_cache_watched"] = any(isinstance(obj, watched) for obj in changed)
    info["page_cache_written"] = True


def init_app(app: Flask, version: Callable[[Session], object], watched: tuple[type, ...]) -> None:
    """Keep a page cache for `app`: `version(session)` names the catalog's state; commits of `watched`
    models (ORM changes) or of any write invalidate this process's view of it."""
    config = app.config
    store = (RedisStore(config["REDIS_URL"]) if config.get("REDIS_URL")
             else MemoryStore(config["PAGE_CACHE_ENTRIES"]))
    app.extensions["page_cache"] = PageCache(store, version, config["PAGE_CACHE_CHECK_SECONDS"],
                                             config["PAGE_CACHE_SECONDS"])
    if getattr(init_app, "listening", False):
        return
    init_app.listening = True  # the session events are global: registered once per process

    @event.listens_for(Session, "after_flush")
    def _flushed(db_session, _context):
        _note_writes(db_session, watched)

    @event.listens_for(Session, "do_orm_execute")
    def _executed(state):
        if state.is_insert or state.is_update or state.is_delete:
            state.session.info["page_cache_written"] = True

    @event.listens_for(Session, "after_commit")
    def _committed(db_session):
        written = db_session.info.pop("page_cache_written", False)
        watched_changed = db_session.info.pop("page_cache_watched", False)
        if written and has_app_context() and "page_cache" in current_app.extensions:
            current_app.extensions["page_cache"].written(watched_changed)

    @event.listens_for(Session, "after_rollback")
    def _rolled_back(db_session):
        db_session.info.pop("page_cache_written", None)
        db_session.info.pop("page_cache_watched", None)
