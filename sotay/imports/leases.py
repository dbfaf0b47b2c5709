"""Leases of the worker that parses or applies a batch, so a batch whose worker died can be retried.

A task takes the lease when it starts (`take`): the batch records the worker process (host, pid and the process's
start time, so a reused pid is not mistaken for it), the task result's id, and a lease running for
``SOTAY_IMPORT_LEASE_SECONDS``; `beat` renews it after each chunk of work. `recover_stalled` hands a batch back
when its worker is gone:

- PARSING → FAILED, with a message and a "read again" button (the partial preview rows are deleted);
- APPLYING → PREVIEWED (the apply is one transaction, so a dead worker wrote nothing) and can be confirmed again.

A worker on this host (same host name and process-id namespace) is gone when its process no longer exists; a
worker elsewhere when its lease ran out. While applying, the worker cannot renew its lease (the write is one long
transaction); it is known alive because it holds the batch's row lock (PostgreSQL; recovery skips locked rows) or
because its process exists (SQLite, one host). Recovery runs lazily when a batch's page is read and hourly as a
periodic task.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import uuid
from functools import cache

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.orgs.actor import Actor

from .models import ImportBatch, ImportRow

logger = logging.getLogger(__name__)
HELD = (ImportBatch.Status.PARSING, ImportBatch.Status.APPLYING)


class LeaseLost(Exception):
    """Another worker took the batch over (this one was thought dead): stop without writing."""


def lease_seconds() -> int:
    return getattr(settings, "SOTAY_IMPORT_LEASE_SECONDS", 300)


def _start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux), or "" where /proc is not available."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
    except OSError:
        return ""
    return stat.rsplit(b")", 1)[-1].split()[19].decode()


@cache
def _host() -> str:
    """This host, and its process-id namespace where known (containers sharing a host name do not share pids)."""
    try:
        namespace = "".join(c for c in os.readlink("/proc/self/ns/pid") if c.isdigit())
    except OSError:
        namespace = ""
    return f"{socket.gethostname()}@{namespace}"


@cache
def this_worker() -> str:
    pid = os.getpid()
    return f"{_host()}:{pid}:{_start_time(pid)}"


def _on_this_host(worker: str) -> bool:
    return worker.partition(":")[0] == _host()


def _on_this_host_and_dead(worker: str) -> bool:
    host, _sep, rest = worker.partition(":")
    pid_text, _sep, started = rest.partition(":")
    if host != _host() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # exists, owned by another user
    return bool(started) and _start_time(pid) not in (started, "")  # the pid now belongs to another process


def take(batch: ImportBatch, status: str, *, task_id: str = "", allowed: tuple[str, ...] = (), **fields) -> bool:
    """Move the batch to `status` (PARSING or APPLYING) under this worker's lease; False if it is not in `allowed`."""
    now = timezone.now()
    query = ImportBatch.objects.filter(pk=batch.pk)
    if allowed:
        query = query.filter(status__in=allowed)
    taken = query.update(
        status=status,
        worker=this_worker(),
        task_id=task_id,
        heartbeat_at=now,
        lease_expires_at=now + dt.timedelta(seconds=lease_seconds()),
        **fields,
    )
    batch.refresh_from_db()
    return bool(taken)


def beat(batch: ImportBatch, **fields) -> None:
    """Renew the lease (and set `fields`, e.g. progress); raises LeaseLost if the batch was handed to another."""
    now = timezone.now()
    renewed = ImportBatch.objects.filter(pk=batch.pk, worker=this_worker(), status__in=HELD).update(
        heartbeat_at=now, lease_expires_at=now + dt.timedelta(seconds=lease_seconds()), **fields
    )
    if not renewed:
        raise LeaseLost(batch.pk)


def finish(batch: ImportBatch, **fields) -> bool:
    """Leave the lease with the batch's final fields; False (nothing written) if this worker no longer holds it."""
    return bool(
        ImportBatch.objects.filter(pk=batch.pk, worker=this_worker(), status__in=HELD).update(
            worker="", lease_expires_at=None, **fields
        )
    )


def _stalled(batch: ImportBatch, now) -> bool:
    if not batch.worker:
        return False  # queued, not started: the task runs when a worker is up
    if _on_this_host(batch.worker):  # its process can be looked at: alive (even if slow) or dead
        return _on_this_host_and_dead(batch.worker)
    return batch.lease_expires_at is not None and batch.lease_expires_at < now


def recover_stalled(queryset=None) -> list[int]:
    """Hand back the batches whose worker died (see the module's docstring); returns their ids."""
    now = timezone.now()
    candidates = (queryset if queryset is not None else ImportBatch.objects.all()).filter(status__in=HELD)
    recovered = []
    for batch in candidates.exclude(worker="").only("pk", "status", "worker", "lease_expires_at"):
        if not _stalled(batch, now):
            continue
        try:
            if _recover(batch.pk, now):
                recovered.append(batch.pk)
        except DatabaseError:  # busy (SQLite's one writer): the next page view or hourly run tries again
            logger.warning("Could not recover import batch %s now", batch.pk, exc_info=True)
    return recovered


@transaction.atomic
def _recover(pk: int, now) -> bool:
    # A row locked by a running apply is skipped: its worker is alive (PostgreSQL; SQLite ignores the lock).
    batch = ImportBatch.objects.select_for_update(skip_locked=True).filter(pk=pk, status__in=HELD).first()
    if batch is None or not _stalled(batch, now):
        return False
    when = f"{timezone.localtime(batch.heartbeat_at or now):%H:%M %d/%m/%Y}"
    if batch.status == ImportBatch.Status.PARSING:
        ImportRow.objects.filter(batch=batch).delete()
        batch.status = ImportBatch.Status.FAILED
        batch.counts = {}
        batch.message = _(
            "Tiến trình xử lý nền đã dừng khi đang đọc tệp (lần cuối còn hoạt động lúc %(t)s). Chưa có gì được "
            "ghi. Bấm “Đọc lại tệp” để thử lại."
        ) % {"t": when}
    else:
        batch.status = ImportBatch.Status.PREVIEWED
        batch.message = _(
            "Tiến trình ghi đã dừng giữa chừng (lần cuối còn hoạt động lúc %(t)s). Lần ghi là một giao dịch nên "
            "chưa có gì được ghi; bấm “Xác nhận và ghi” để thử lại."
        ) % {"t": when}
    dead, task_id = batch.worker, batch.task_id
    batch.worker = ""
    batch.lease_expires_at = None
    batch.progress = 0
    batch.save(update_fields=["status", "message", "counts", "worker", "lease_expires_at", "progress"])
    _fail_task_result(task_id, now)
    log(
        AuditAction.UPDATE,
        batch,
        by=Actor.system("worker"),
        organization=batch.organization,
        data={"recovered": batch.status, "worker": dead},
    )
    return True


def _fail_task_result(task_id: str, now) -> None:
    """The dead worker's task result stays RUNNING in the database queue: mark it failed."""
    if not task_id:
        return
    try:
        from django_tasks import TaskResultStatus
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another task backend
        return
    try:
        uuid.UUID(task_id)
    except ValueError:
        return
    DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path="sotay.imports.leases.WorkerDied",
        traceback="The worker process stopped while running this task; the batch was handed back.",
    )
