"""A worker killed (kill -9) while previewing or applying: the batch is handed back and a retry completes once.

The cast and the batch are built here, then a real task worker (`manage.py db_worker`, database queue) runs in a
subprocess against the same database: on SQLite a file copy of the test database, on PostgreSQL the test database
itself. The worker is killed at a point seen in the database (preview progress; the apply's open write
transaction), never after a delay.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from sotay.imports import services
from sotay.imports.tests.workbooks import member_row, write
from sotay.members.models import Member
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[3]
ROWS = 5_000
PATIENCE = 600  # seconds before giving up on a state that never comes (a failure, not a measurement)


class Worker:
    def __init__(self, tmp_path: Path):
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "sotay.settings",
            "SOTAY_VAR_DIR": str(tmp_path / "var"),
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "SOTAY_IMPORT_LEASE_SECONDS": "3600",  # only the dead process can hand the batch back here
        }
        settings = connection.settings_dict
        if connection.vendor == "sqlite":
            self.file = tmp_path / "db.sqlite3"
            target = sqlite3.connect(self.file)
            connection.ensure_connection()
            connection.connection.backup(target)
            target.close()
            self.env["DATABASE_URL"] = f"sqlite:///{self.file}"
        else:
            self.file = None
            self.env["DATABASE_URL"] = (
                f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST'] or '127.0.0.1'}:"
                f"{settings['PORT'] or 5432}/{settings['NAME']}"
            )
        self.log = (tmp_path / "worker.log").open("ab")

    def steps(self, batch_id: int, *steps: str) -> list[dict]:
        done = subprocess.run(
            [sys.executable, "-m", "sotay.imports.tests.killable", str(batch_id), *steps],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]

    def start(self, *, batch: bool = False) -> subprocess.Popen:
        command = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2"]
        return subprocess.Popen(
            [*command, *(["--batch"] if batch else [])], env=self.env, cwd=ROOT, stdout=self.log, stderr=self.log
        )

    def query(self, sql: str, params=()) -> list[tuple]:
        if self.file is not None:
            with sqlite3.connect(self.file, timeout=60) as db:
                return db.execute(sql.replace("%s", "?"), params).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def state(self, batch_id: int) -> tuple[str, int, str]:
        return self.query("SELECT status, progress, worker FROM imports_importbatch WHERE id = %s", (batch_id,))[0]

    def writing(self) -> bool:
        """True while another connection holds an open write transaction (the apply)."""
        if self.file is not None:
            probe = sqlite3.connect(self.file, timeout=0, isolation_level=None)
            try:
                probe.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                return "locked" in str(exc)
            else:
                probe.execute("ROLLBACK")
                return False
            finally:
                probe.close()
        rows = self.query(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON l.relation = c.oid "
            "WHERE c.relname = 'members_member' AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()"
        )
        return rows[0][0] > 0


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        assert time.monotonic() < deadline, f"never saw: {what}"
        time.sleep(0.05)


def kill(process: subprocess.Popen) -> None:
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL


def test_killed_worker_while_previewing_then_applying_is_recovered_and_the_retry_writes_once(tmp_path, settings):
    from conftest import build_cast

    settings.VAR_DIR = tmp_path / "var"
    cast = build_cast()
    before = Member.objects.count()
    path = write(tmp_path / "big.xlsx", [member_row(n) for n in range(1, ROWS + 1)])
    batch = services.start_import(
        source_path=path,
        file_name="big.xlsx",
        organization=cast.province,
        actor=Actor.for_user(cast.provincial_officer),
    )
    worker = Worker(tmp_path)
    worker.steps(batch.pk, "preview")

    # 1. Killed in the middle of the preview: PARSING for ever, until recovered.
    process = worker.start()
    wait_for(lambda: worker.state(batch.pk)[0] == "PARSING" and worker.state(batch.pk)[1] >= 20, "preview at 20%")
    kill(process)
    assert worker.state(batch.pk)[0] == "PARSING"
    recovered, report = worker.steps(batch.pk, "recover", "report")
    assert recovered == {"recovered": [batch.pk]}
    assert report["status"] == "FAILED" and report["rows"] == 0
    assert "Tiến trình xử lý nền đã dừng khi đang đọc tệp" in report["message"]
    assert report["tasks"] == ["FAILED"]  # the dead worker's task no longer shows as running

    # 2. Read again from the page's button: the preview completes, each row once.
    worker.steps(batch.pk, "retry")
    assert worker.start(batch=True).wait() == 0
    (report,) = worker.steps(batch.pk, "report")
    assert report["status"] == "PREVIEWED" and report["counts"]["NEW"] == ROWS
    assert report["rows"] == report["distinct_rows"] == ROWS

    # 3. Killed while applying (its write transaction open): nothing written, back to PREVIEWED.
    worker.steps(batch.pk, "apply")
    process = worker.start()
    wait_for(lambda: worker.state(batch.pk)[2] != "", "the apply's lease")
    wait_for(worker.writing, "the apply writing")
    kill(process)
    (report,) = worker.steps(batch.pk, "report")
    assert report["status"] == "APPLYING" and report["members"] == before
    recovered, report = worker.steps(batch.pk, "recover", "report")
    assert recovered == {"recovered": [batch.pk]}
    assert report["status"] == "PREVIEWED" and "chưa có gì được ghi" in report["message"]

    # 4. Confirmed again: applied once, no duplicate members.
    worker.steps(batch.pk, "apply")
    assert worker.start(batch=True).wait() == 0
    (report,) = worker.steps(batch.pk, "report")
    assert report["status"] == "APPLIED"
    assert report["members"] == before + ROWS == report["distinct_citizen_ids"]
