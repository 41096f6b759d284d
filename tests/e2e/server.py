"""The app served over real HTTP on a free 127.0.0.1 port, by werkzeug in a background thread."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import requests
from flask import Flask
from werkzeug.serving import make_server

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


@contextmanager
def live_server(app: Flask) -> Iterator[str]:
    """Serve `app` (threaded) until the block ends; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def http_login(base_url: str, email: str, password: str) -> tuple[requests.Session, str]:
    """A requests session logged in as `email`, and its CSRF token (for X-CSRFToken headers)."""
    http = requests.Session()
    page = http.get(f"{base_url}/login", timeout=10)
    token = CSRF_META.search(page.text).group(1)
    answer = http.post(f"{base_url}/login", data={"email": email, "password": password, "csrf_token": token},
                       allow_redirects=False, timeout=10)
    assert answer.status_code == 302, f"login of {email} failed: {answer.status_code}"
    token = CSRF_META.search(http.get(f"{base_url}/login", timeout=10).text).group(1)
    return http, token
