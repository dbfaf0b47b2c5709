"""Helpers for tests that run Sổ tay as real processes (web server, task worker, shells) on a scratch database.

The scratch database is a fresh SQLite file in a temporary folder, or — when the test run itself is on PostgreSQL
(`DATABASE_URL`) — a dedicated PostgreSQL database created for the test and dropped after it; both are copies of
one database migrated once per run (the session fixture `migrated_template`, a plugin of the root conftest).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[3]  # the checkout: manage.py and the sotay package


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


def _env(var: Path, database_url: str) -> dict[str, str]:
    var.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SOTAY_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "sotay.core.tests.live_settings",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DEBUG": "False",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        "DATABASE_URL": database_url,
    }


def _on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def _pg_url(name: str) -> str:
    return urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> Iterator[str]:
    """A migrated database the scratch databases are copied from (migrating once per run, not once per test): a
    SQLite file, or the name of a PostgreSQL database used as a template."""
    folder = tmp_path_factory.mktemp("live-template")
    if _on_postgres():
        name = f"sotay_template_{uuid.uuid4().hex[:8]}"
        _pg_admin(os.environ["DATABASE_URL"], f'CREATE DATABASE "{name}"')
        try:
            manage(_env(folder / "var", _pg_url(name)), "migrate", "--noinput", "-v", "0")
            yield name
        finally:
            _pg_admin(os.environ["DATABASE_URL"], f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = folder / "template.sqlite3"
        manage(_env(folder / "var", f"sqlite:///{path}"), "migrate", "--noinput", "-v", "0")
        yield str(path)  # the last connection closed: the WAL is folded into the file


@contextlib.contextmanager
def scratch_database(tmp_path: Path, template: str, *, label: str = "live") -> Iterator[dict[str, str]]:
    """The environment for subprocesses on a fresh copy of the migrated template, on the engine the tests run on."""
    if _on_postgres():
        name = f"sotay_{label}_{uuid.uuid4().hex[:8]}"
        _pg_admin(os.environ["DATABASE_URL"], f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        try:
            yield _env(tmp_path / "var", _pg_url(name))
        finally:
            _pg_admin(os.environ["DATABASE_URL"], f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path / "live.sqlite3"
        shutil.copyfile(template, path)
        yield _env(tmp_path / "var", f"sqlite:///{path}")


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
