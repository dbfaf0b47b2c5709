"""Health of a running installation, for /healthz and monitoring: the database, the migrations, the worker.

Nothing here reads personal data: only whether the database answers, whether migrations are pending and when a
task worker last wrote its heartbeat (`WorkerHeartbeat`, every minute from `sotay worker`).
"""

from __future__ import annotations

import logging
import socket
import threading

from django.conf import settings
from django.db import DatabaseError, IntegrityError, close_old_connections, connection
from django.utils import timezone

log = logging.getLogger(__name__)
_migrations_done = False  # once nothing is pending, it stays so until the code changes, i.e. a restart


def beat(name: str | None = None) -> None:
    """Record that this worker is alive now."""
    from .models import WorkerHeartbeat

    # Single statements, each its own short write: no read-then-write transaction that SQLite would refuse
    # (database is locked) while the worker's other threads write.
    name = name or f"worker@{socket.gethostname()}"
    now = timezone.now()
    if WorkerHeartbeat.objects.filter(name=name).update(beat_at=now):
        return
    try:
        WorkerHeartbeat.objects.create(name=name, beat_at=now)
    except IntegrityError:  # another worker of the same name just wrote it
        WorkerHeartbeat.objects.filter(name=name).update(beat_at=now)


def heartbeat_loop(stop: threading.Event, every: float | None = None, wait_first: bool = False) -> None:
    """Beat until `stop` is set (the worker runs this in a thread)."""
    every = every or settings.WORKER_HEARTBEAT_SECONDS
    if wait_first:
        stop.wait(every)
    while not stop.is_set():
        close_old_connections()
        try:
            beat()
        except DatabaseError:  # the database is down or locked: /healthz will say so; try again next time
            log.warning("Could not write the worker heartbeat", exc_info=True)
        finally:
            connection.close()
        stop.wait(every)


def pending_migrations() -> list[str]:
    global _migrations_done
    if _migrations_done:
        return []
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    pending = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
    _migrations_done = not pending
    return pending


def check() -> tuple[bool, dict]:
    """(healthy, details): details are small, fixed keys, safe to show to anyone."""
    details: dict = {"database": "ok", "migrations": "ok", "worker": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        log.exception("Health check: the database does not answer")
        details.update(database="down", migrations="unknown", worker="unknown")
        return False, details
    try:
        pending = pending_migrations()
    except DatabaseError:
        log.exception("Health check: could not read the applied migrations")
        pending = ["?"]
    if pending:
        details["migrations"] = "pending"
        details["pending_migrations"] = len(pending)
    from .models import WorkerHeartbeat

    last = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    if last is None:
        details["worker"] = "never seen"
    else:
        age = (timezone.now() - last).total_seconds()
        details["worker_last_seen_seconds"] = max(0, int(age))
        if age > settings.HEALTHZ_WORKER_MAX_AGE:
            details["worker"] = "stale"
    healthy = details["migrations"] == "ok" and details["worker"] == "ok"
    return healthy, details
