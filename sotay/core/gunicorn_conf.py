"""The gunicorn configuration of `sotay serve` (`--config python:sotay.core.gunicorn_conf`), tuned for a small
server (P4: two cores, a province's members on cheap phones).

- The application is loaded once in the master (`preload_app`) and the workers are forked from it: they share the
  imported code's memory and start at once. No database connection is opened before the fork (Django opens them on
  first use), and any that a start-up check opened is closed in `pre_fork`, so no two workers share a socket.
- After the load, every object then alive is moved out of the garbage collector's sight (`gc.freeze()`): the
  collector stops walking Django's hundred thousand long-lived objects on each collection, and the workers' pages
  copied from the master stay shared instead of being written to by the collector's bookkeeping.
- Workers and threads: the work of a request is Python (CPU) with short waits on the database, so one worker per
  core plus one, with a few threads each to overlap those waits and keep HTTP connections alive (gthread).
  `WEB_CONCURRENCY` and `WEB_THREADS` (or `sotay serve --workers`) override them.
"""

from __future__ import annotations

import gc
import os


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


preload_app = True
workers = int(os.environ.get("WEB_CONCURRENCY") or _cores() + 1)
threads = int(os.environ.get("WEB_THREADS") or 4)
worker_class = "gthread"
keepalive = 5  # seconds an idle HTTP connection is kept open (behind nginx, or a load generator)
graceful_timeout = 10
loglevel = "warning"


def when_ready(server) -> None:
    """Once the application is loaded in the master, before the first fork: freeze what is alive (see above)."""
    gc.collect()
    gc.freeze()


def pre_fork(server, worker) -> None:
    """No database connection is inherited by a worker."""
    from django.db import connections

    connections.close_all()


def post_fork(server, worker) -> None:
    """Collect the young generation less often: a request allocates thousands of short-lived objects that reference
    counting frees anyway; collecting every 700 allocations costs about a tenth of a cached page's time."""
    gc.set_threshold(7000, 20, 20)
