"""gunicorn settings of scripts/prod (and of production): workers from the environment, metrics of every
worker summed through prometheus_client's multiprocess directory, structured logs from the app."""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_WORKERS", "2"))
threads = int(os.environ.get("WEB_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = 60
graceful_timeout = 20
keepalive = 5
max_requests = 20000  # a worker is replaced now and then (memory), at a random offset so not all at once
max_requests_jitter = 2000
accesslog = None  # the app logs each request itself, with its request id (marketplace/ops.py)
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
