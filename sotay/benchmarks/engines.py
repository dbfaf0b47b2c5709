"""The database engines the benchmarks run on: SQLite always, PostgreSQL when a server answers.

Each engine keeps its own benchmark database between runs: a SQLite file under var/bench/, or a PostgreSQL
database (``sotay_bench`` on the server of ``BENCH_PG_URL``, default ``postgres://postgres@127.0.0.1:5432``). A
marker records how the database was built (size, seed, generator version); on PostgreSQL it is a one-row table
``bench_marker`` inside the database itself, so a dropped or replaced database can never pass for a built one.

A Django process talks to one database, so ``python -m sotay.bench`` measures each engine in a child process
(:func:`run_child`), which sets ``DATABASE_URL`` before ``django.setup()``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent.parent
BENCH_DIR = BASE_DIR / "var" / "bench"
SQLITE = "sqlite"
POSTGRESQL = "postgresql"
ENGINES = (SQLITE, POSTGRESQL)
LABELS = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
MARKER_TABLE = "bench_marker"


def pg_url(database: str) -> str:
    return f"{PG_SERVER}/{database}"


def ordered(by_engine: dict[str, Any]) -> dict[str, Any]:
    """The same mapping, SQLite first, then PostgreSQL (the order of the report's columns and sections)."""
    return dict(sorted(by_engine.items(), key=lambda item: ENGINES.index(item[0]) if item[0] in ENGINES else 99))


def pg_answers() -> bool:
    """True when the PostgreSQL server answers (the same check as scripts/pg_ready.py, on its maintenance base)."""
    try:
        import psycopg

        psycopg.connect(pg_url("postgres"), connect_timeout=3).close()
    except Exception:  # noqa: BLE001 - any failure means "no server"
        return False
    return True


def available() -> list[str]:
    return [SQLITE, POSTGRESQL] if pg_answers() else [SQLITE]


def database_url(engine: str, name: str) -> str:
    """The DATABASE_URL of the benchmark database `name` (a file stem on SQLite, a database on PostgreSQL)."""
    if engine == SQLITE:
        return f"sqlite:///{BENCH_DIR / f'{name}.sqlite3'}"
    return pg_url(name)


# --------------------------------------------------------------------------------------------------------------
# PostgreSQL databases and their markers.


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(pg_url("postgres"), autocommit=True) as conn:
        conn.execute(sql)


def pg_exists(database: str) -> bool:
    import psycopg

    with psycopg.connect(pg_url("postgres")) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone() is not None


def pg_recreate(database: str) -> None:
    """Drop (closing its connections) and create the database `database` empty."""
    _admin(f'DROP DATABASE IF EXISTS "{_checked(database)}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{database}"')


def _checked(database: str) -> str:
    if not database.replace("_", "").isalnum():
        raise ValueError(f"Tên cơ sở dữ liệu không hợp lệ: {database!r}")
    return database


def pg_copy(template: str, database: str) -> None:
    """(Re)create `database` as a copy of `template` (``CREATE DATABASE … TEMPLATE``; the template must be idle)."""
    _admin(f'DROP DATABASE IF EXISTS "{_checked(database)}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{database}" TEMPLATE "{_checked(template)}"')


def pg_drop(database: str) -> None:
    _admin(f'DROP DATABASE IF EXISTS "{_checked(database)}" WITH (FORCE)')


def pg_server_version() -> str:
    import psycopg

    with psycopg.connect(pg_url("postgres")) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else ""


def read_marker(cursor) -> dict[str, Any] | None:
    """The marker of the connected PostgreSQL database, or None when it has none."""
    cursor.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
    if cursor.fetchone()[0] is None:
        return None
    cursor.execute(f"SELECT data FROM {MARKER_TABLE}")
    row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def write_marker(cursor, marker: dict[str, Any]) -> None:
    cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (data text NOT NULL)")
    cursor.execute(f"DELETE FROM {MARKER_TABLE}")
    cursor.execute(f"INSERT INTO {MARKER_TABLE} (data) VALUES (%s)", [json.dumps(marker, ensure_ascii=False)])


def matches(marker: dict[str, Any] | None, wanted: dict[str, Any]) -> bool:
    return bool(marker) and all(marker.get(k) == v for k, v in wanted.items())  # type: ignore[union-attr]


# --------------------------------------------------------------------------------------------------------------
# Child processes.


def run_child(module: str, args: list[str], *, nice: bool = False) -> dict[str, Any]:
    """Run ``python -m module *args --out FILE`` and return the JSON it wrote to FILE (its output goes through)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        command = [sys.executable, "-m", module, *args, "--out", str(out)]
        if nice:
            command = ["nice", *command]
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        subprocess.run(command, check=True, cwd=BASE_DIR, env=env)
        return json.loads(out.read_text(encoding="utf-8"))


def machine_lines(machine: dict[str, Any], postgresql: str | None) -> list[str]:
    """The "Machine" section of a benchmark's report (PostgreSQL's version when it was measured)."""
    return [
        "### Machine",
        "",
        f"- CPU: {machine['cpu']}, {machine['cores']} cores; RAM {machine['ram_gb']} GB",
        f"- OS: {machine['os']}",
        f"- Python {machine['python']}, SQLite {machine['sqlite']}, Django {machine['django']}"
        + (f", PostgreSQL {postgresql}" if postgresql else ""),
    ]
