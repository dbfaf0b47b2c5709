"""Staff-edited configuration cached in each process, and one truth across processes.

Rules and the working-day calendar are read in loops (imports, statistics, deadlines), so every process keeps them
in memory. A change made in one gunicorn worker must take effect in the others and in the task worker at once, so:

- the code that changes them calls `bump()` in the same transaction: the single `ConfigVersion` row goes up by one
  (committed with the change, or rolled back with it);
- a cache registers its clear function with `register()` and calls `ensure_fresh()` before it is read. That reads
  the version (one indexed single-row query) at most once per request or task — `request_started` and the tasks'
  `task_started` mark the process stale — and at most every `CHECK_SECONDS` in a long loop or a shell, and clears
  every registered cache when the version moved.

The version is read before a cache reloads, so a change committed in between is seen at the next check (a cache
is at worst cleared once more, never kept stale).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.signals import request_started
from django.db import connection, transaction
from django.db.models import F

CHECK_SECONDS = 2.0

_clearers: list[Callable[[], None]] = []
_lock = threading.Lock()
_state: dict[str, Any] = {"seen": None, "checked_at": float("-inf"), "stale": True, "pending": None}


def register(clear: Callable[[], None]) -> Callable[[], None]:
    if clear not in _clearers:
        _clearers.append(clear)
    return clear


def mark_stale(**kwargs) -> None:
    """The next read checks the version (a new request or task begins)."""
    _state["stale"] = True


def current_version() -> int:
    from .models import ConfigVersion

    return ConfigVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0


def bump() -> None:
    """Tell every process that cached configuration changed; call it in the transaction that changes it."""
    from .models import ConfigVersion

    if not ConfigVersion.objects.filter(pk=1).update(version=F("version") + 1):
        ConfigVersion.objects.get_or_create(pk=1, defaults={"version": 1})
    _clear_all()  # this process at once (also before the commit, for the rest of the changing request)

    # If the change rolls back, what this process cached meanwhile is wrong and the version did not move: the
    # callback below is then dropped by Django, and the next read notices (ensure_fresh).
    def committed() -> None:
        if _state["pending"] is committed:
            _state["pending"] = None

    _state["pending"] = committed
    transaction.on_commit(committed)


def _clear_all() -> None:
    for clear in _clearers:
        clear()


def ensure_fresh() -> None:
    """Clear the registered caches if another process changed the configuration since this one last looked."""
    state = _state
    pending = state["pending"]
    if pending is not None and not any(item[1] is pending for item in connection.run_on_commit):
        state["pending"] = None  # the changing transaction rolled back (its commit callback is gone)
        _clear_all()
    if not state["stale"] and time.monotonic() - state["checked_at"] < CHECK_SECONDS:
        return
    with _lock:
        version = current_version()
        state["stale"], state["checked_at"] = False, time.monotonic()
        if version != state["seen"]:
            state["seen"] = version
            _clear_all()


def forget() -> None:
    """Check again at the next read, whatever was seen (tests: a rolled-back change)."""
    _state.update(seen=None, stale=True, pending=None)


request_started.connect(mark_stale, dispatch_uid="sotay.core.config.request_started")


def _connect_task_signal() -> None:
    try:
        from django.tasks.signals import task_started  # Django 6
    except ImportError:
        from django_tasks.signals import task_started

    task_started.connect(mark_stale, dispatch_uid="sotay.core.config.task_started")


_connect_task_signal()
