"""Helpers for tests that run Sổ tay as real processes (web server, task worker, shells) on a scratch database.

The scratch database is a fresh SQLite file in a temporary folder, or — when the test run itself is on PostgreSQL
(`DATABASE_URL`) — a dedicated PostgreSQL database created for the test and dropped after it.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_admin(url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


@contextlib.contextmanager
def scratch_database(tmp_path: Path, *, label: str = "live") -> Iterator[dict[str, str]]:
    """The environment for subprocesses on a fresh, migrated database of the engine the tests run on."""
    base = os.environ.get("DATABASE_URL", "")
    var = tmp_path / "var"
    var.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SOTAY_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "sotay.core.tests.live_settings",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DEBUG": "False",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    dbname = None
    if base.startswith(("postgres://", "postgresql://")):
        dbname = f"sotay_{label}_{uuid.uuid4().hex[:8]}"
        _pg_admin(base, f'CREATE DATABASE "{dbname}"')
        env["DATABASE_URL"] = urlunsplit(urlsplit(base)._replace(path=f"/{dbname}"))
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    try:
        manage(env, "migrate", "--noinput", "-v", "0")
        yield env
    finally:
        if dbname:
            _pg_admin(base, f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def manage(env: dict[str, str], *args: str, timeout: float = 120) -> str:
    """Run `manage.py ARGS` to completion; its standard output (fails the test with both outputs on error)."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


def start(env: dict[str, str], *args: str, log: Path) -> subprocess.Popen:
    """Start `manage.py ARGS` in the background, output to `log`."""
    out = log.open("w", encoding="utf-8")
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def wait_until_listening(port: int, proc: subprocess.Popen, log: Path, limit: float = 30) -> None:
    """Wait for the server to accept connections (the limit only stops a broken start from hanging the run)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the server exited ({proc.returncode}):\n{log.read_text(encoding='utf-8')}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.2)
    raise AssertionError(f"the server did not start:\n{log.read_text(encoding='utf-8')}")
