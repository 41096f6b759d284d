"""A local HTTP receiver standing in for the national portal: it checks each push's signature and
timestamp, keeps the first push of each idempotency key (a second one is acknowledged, not redone),
and fails on purpose while told to."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from opendata import signing


class Receiver:
    def __init__(self, secret: str):
        self.secret = secret
        self.fail_next = 0  # answer 503 to this many pushes, then accept
        self.received: list[dict] = []  # every push that reached it: headers, body, verdict
        self.done: dict[str, dict] = {}  # idempotency key -> the push's body, first one only
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                headers = {k: v for k, v in self.headers.items()}
                valid = signing.verify(receiver.secret, headers, body, int(time.time()))
                receiver.received.append({"headers": headers, "body": body, "valid": valid})
                if not valid:
                    status = 401
                elif receiver.fail_next > 0:
                    receiver.fail_next -= 1
                    status = 503
                else:
                    receiver.done.setdefault(headers[signing.IDEMPOTENCY_HEADER], json.loads(body))
                    status = 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sync"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
