"""`sotay worker`: runs queued background tasks (django-tasks database worker) and queues periodic ones.

Each task's progress is logged at INFO, which the settings send to var/log/worker.log; the terminal (or the
journal) gets warnings and errors only.
"""

from __future__ import annotations

import logging
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

log = logging.getLogger(__name__)
PERIODIC_CHECK_SECONDS = 300


def _periodic_loop(stop: threading.Event) -> None:
    from sotay.core.periodic import run_due

    while not stop.is_set():
        close_old_connections()
        try:
            run_due()
        except Exception:  # a bad check must not stop the worker; it is retried at the next tick
            log.exception("Periodic task check failed")
        finally:
            connection.close()
        stop.wait(PERIODIC_CHECK_SECONDS)


class Command(BaseCommand):
    help = "Chạy tiến trình xử lý tác vụ nền (django-tasks, hàng đợi trong cơ sở dữ liệu)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Xử lý hết hàng đợi rồi dừng.")
        parser.add_argument("--no-periodic", action="store_true", help="Không tự đưa các tác vụ định kỳ vào hàng đợi.")

    def handle(self, *args, batch: bool = False, no_periodic: bool = False, **options):
        from sotay.core.health import beat, heartbeat_loop

        stop = threading.Event()
        # The heartbeat /healthz reads: once now, before the other threads start writing (SQLite refuses a
        # deferred transaction that another connection wrote under), then every minute while the worker runs.
        beat()
        if not batch:
            threading.Thread(target=heartbeat_loop, args=(stop, None, True), daemon=True, name="heartbeat").start()
        if not no_periodic:
            if batch:
                from sotay.core.periodic import run_due

                run_due()
            else:
                threading.Thread(target=_periodic_loop, args=(stop,), daemon=True, name="periodic").start()
        try:
            call_command("db_worker", *(["--batch"] if batch else []))
        finally:
            stop.set()
