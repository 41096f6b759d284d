"""A local HTTP server speaking enough of Meilisearch's documented API to test the adapter.

It records every request (method, path, JSON body, headers) and answers in Meilisearch's shapes:
task objects for writes, `GET /tasks/{uid}` as succeeded, `POST /multi-search` with hits and a
facetDistribution computed from the documents it holds that match the query's words the way
matchingStrategy says ("all": every word, otherwise any word; in the searchable attributes of the
last settings sent, folded; no typos, synonyms or ranking). Filters and sort are not evaluated:
tests check the expressions the adapter sends.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

from core.text import folded_words

NOW = "2026-11-22T08:00:00.000000Z"


class FakeMeilisearch(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[dict] = []
        self.documents: dict[str, dict] = {}
        self.indexes: set[str] = set()
        self.settings: dict = {}
        self.tasks = 0
        self.fail_with: int | None = None  # answer every request with this status
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()

    def sent(self, method: str, path: str) -> list[dict]:
        """The requests sent with this method to this path (a trailing '*' matches any rest)."""
        if path.endswith("*"):
            return [r for r in self.requests if r["method"] == method and r["path"].startswith(path[:-1])]
        return [r for r in self.requests if r["method"] == method and r["path"] == path]

    def task(self, index: str, kind: str) -> dict:
        self.tasks += 1
        return {
            "taskUid": self.tasks,
            "indexUid": index,
            "status": "enqueued",
            "type": kind,
            "enqueuedAt": NOW,
        }


class _Handler(BaseHTTPRequestHandler):
    server: FakeMeilisearch

    def log_message(self, *args):  # keep test output quiet
        pass

    def _reply(self, status: int, body) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _handle(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw and raw != b"null" else None
        url = urlparse(self.path)
        server = self.server
        server.requests.append(
            {
                "method": method,
                "path": url.path,
                "query": url.query,
                "body": body,
                "authorization": self.headers.get("Authorization"),
            }
        )
        if server.fail_with:
            return self._reply(
                server.fail_with,
                {
                    "message": "boom",
                    "code": "internal",
                    "type": "internal",
                    "link": "https://docs.meilisearch.com/errors#internal",
                },
            )
        parts = url.path.strip("/").split("/")
        if parts[0] == "tasks" and method == "GET":
            return self._reply(
                200,
                {
                    "uid": int(parts[1]),
                    "indexUid": "x",
                    "status": "succeeded",
                    "type": "documentAdditionOrUpdate",
                    "enqueuedAt": NOW,
                    "startedAt": NOW,
                    "finishedAt": NOW,
                    "duration": "PT0.001S",
                    "details": {},
                    "error": None,
                },
            )
        if parts == ["indexes"] and method == "POST":
            server.indexes.add(body["uid"])
            return self._reply(202, server.task(body["uid"], "indexCreation"))
        if parts[0] == "indexes" and len(parts) == 2 and method == "GET":
            if parts[1] not in server.indexes:
                return self._reply(
                    404,
                    {
                        "message": f"Index `{parts[1]}` not found.",
                        "code": "index_not_found",
                        "type": "invalid_request",
                        "link": "https://docs.meilisearch.com/errors#index_not_found",
                    },
                )
            return self._reply(200, {"uid": parts[1], "primaryKey": "id", "createdAt": NOW, "updatedAt": NOW})
        if parts[0] == "indexes" and parts[2:] == ["settings"] and method == "PATCH":
            server.settings = body
            return self._reply(202, server.task(parts[1], "settingsUpdate"))
        if parts[0] == "indexes" and parts[2:] == ["documents"]:
            if method == "DELETE":
                server.documents.clear()
                return self._reply(202, server.task(parts[1], "documentDeletion"))
            for document in body:
                server.documents[document["id"]] = document
            return self._reply(202, server.task(parts[1], "documentAdditionOrUpdate"))
        if parts[0] == "indexes" and parts[2:] == ["documents", "delete"] and method == "POST":
            return self._reply(202, server.task(parts[1], "documentDeletion"))
        if parts == ["multi-search"] and method == "POST":
            return self._reply(200, {"results": [self._search(q) for q in body["queries"]]})
        return self._reply(
            404,
            {
                "message": "unknown route",
                "code": "not_found",
                "type": "invalid_request",
                "link": "https://docs.meilisearch.com/errors",
            },
        )

    def _matches(self, document: dict, words: list[str], strategy: str) -> bool:
        held = set()
        for name in self.server.settings.get("searchableAttributes", []):
            value = document.get(name) or ""
            held.update(folded_words(" ".join(value) if isinstance(value, list) else str(value)))
        found = [w in held for w in words]
        return all(found) if strategy == "all" else any(found)

    def _search(self, query: dict) -> dict:
        words = folded_words(query.get("q") or "")
        strategy = query.get("matchingStrategy", "last")
        docs = [d for d in self.server.documents.values() if not words or self._matches(d, words, strategy)]
        hits = [
            {**{k: d[k] for k in query.get("attributesToRetrieve") or d}, "_rankingScore": 0.9 - i / 100}
            for i, d in enumerate(docs[query.get("offset", 0) : query.get("offset", 0) + query["limit"]])
        ]
        distribution = {}
        for facet in query.get("facets") or []:
            counts: dict[str, int] = {}
            for d in docs:
                values = d.get(facet)
                for value in values if isinstance(values, list) else [values]:
                    if value is not None:
                        counts[str(value)] = counts.get(str(value), 0) + 1
            distribution[facet] = counts
        result = {
            "indexUid": query["indexUid"],
            "hits": hits,
            "query": query.get("q", ""),
            "processingTimeMs": 1,
            "limit": query["limit"],
            "offset": query.get("offset", 0),
            "estimatedTotalHits": len(docs),
        }
        if query.get("facets"):
            result["facetDistribution"] = distribution
            result["facetStats"] = {}
        return result

    def do_GET(self):  # noqa: N802 - http.server's naming
        self._handle("GET")

    def do_POST(self):  # noqa: N802
        self._handle("POST")

    def do_PATCH(self):  # noqa: N802
        self._handle("PATCH")

    def do_PUT(self):  # noqa: N802
        self._handle("PUT")

    def do_DELETE(self):  # noqa: N802
        self._handle("DELETE")
