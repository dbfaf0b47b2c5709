"""The 200,000-member database that P1 and the busy pages of `python -m sotay.bench` read: built once with the demo
generator, on SQLite (var/bench/) or PostgreSQL, and reused while its marker matches (moved out of sotay/bench.py)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent.parent
BENCH_DIR = BASE_DIR / "var" / "bench"
MEMBERS = 200_000
SEED = 2025
DB_PATH = BENCH_DIR / f"bench-{MEMBERS}.sqlite3"
MARKER_PATH = BENCH_DIR / f"bench-{MEMBERS}.json"
# The PostgreSQL database of P1 and the busy pages (its marker is inside it); BENCH_PG_DATABASE names another one,
# e.g. for a second checkout measuring on the same server.
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "sotay_bench")


def _wanted_marker() -> dict[str, Any]:
    from sotay.demo.generator import GENERATOR_VERSION

    return {"members": MEMBERS, "seed": SEED, "generator": GENERATOR_VERSION}


def _read_marker() -> dict[str, Any] | None:
    try:
        return json.loads(MARKER_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


# The tables the measured queries read, whose planner statistics must be present.
ANALYZED_TABLES = ("orgs_organization", "members_member", "members_memberperiod")


def _analyze_if_stale(force: tuple[str, ...] = ()) -> None:
    """Refresh the planner's statistics of a table a migration created or rebuilt in the cached database.

    SQLite rebuilds a table to alter it and drops its sqlite_stat1 rows, and a table created by a migration has none;
    the demo generator runs ANALYZE, so a freshly built database has them, and a migrated cached one must get them
    back to measure the same plans. Tables in `force` (just filled) are analysed again even if they have rows.
    """
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
        if cursor.fetchone():
            cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
            analyzed = {tbl for (tbl,) in cursor.fetchall()}
        else:
            analyzed = set()
        stale = [t for t in ANALYZED_TABLES if t not in analyzed or t in force]
        if not stale:
            return
        print(f"Cập nhật thống kê của SQLite (ANALYZE {', '.join(stale)}) sau khi chuyển đổi cấu trúc…")
        for table in stale:
            cursor.execute(f'ANALYZE "{table}"')


def _ensure_member_periods() -> tuple[str, ...]:
    """Backfill the member periods of a cached database built before them (migration members 0004 normally has).

    Idempotent: `backfill` only writes periods for members that have none. Returns the tables to analyse again.
    """
    from sotay.members.models import Member
    from sotay.members.periods import backfill

    if not Member.objects.filter(periods__isnull=True).exists():
        return ()
    print("Bổ sung giai đoạn sinh hoạt cho đảng viên chưa có…")
    print(f"  {backfill():,} giai đoạn".replace(",", "."))
    return ("members_memberperiod",)


def _refresh_snapshots() -> None:
    """What the daily task does in a deployment: build the statistics snapshots a migration left to it."""
    from sotay.members.snapshots import refresh

    if built := refresh()["built"]:
        print(f"Dựng {built} ảnh chụp thống kê còn thiếu (như tác vụ hằng ngày)")


def _checkpoint() -> None:
    """Fold the write-ahead log into the database file before timing: a freshly generated database leaves a WAL
    as large as itself, and every read then consults it (measured: three to four times slower on both sides)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _prepare_database() -> dict[str, Any]:
    """Reuse the cached demo database when it was built with the same size, seed and generator; else rebuild."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return _prepare_postgresql()
    from django.core.management import call_command

    wanted = _wanted_marker()
    marker = _read_marker()
    if marker and DB_PATH.exists() and all(marker.get(k) == v for k, v in wanted.items()):
        call_command("migrate", interactive=False, verbosity=0)
        _refresh_snapshots()
        _analyze_if_stale(force=_ensure_member_periods())
        _checkpoint()
        print(f"Dùng lại cơ sở dữ liệu đã tạo ngày {marker.get('built_on')}: {DB_PATH}")
        return marker
    connection.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB_PATH}{suffix}").unlink(missing_ok=True)
    MARKER_PATH.unlink(missing_ok=True)
    print(f"Tạo cơ sở dữ liệu đo hiệu năng: {DB_PATH}")
    marker = _build(wanted)
    MARKER_PATH.write_text(json.dumps(marker, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    _checkpoint()
    return marker


def _build(wanted: dict[str, Any]) -> dict[str, Any]:
    """Migrate the empty database and fill it with the demo province; the marker of what was built."""
    from django.core.management import call_command

    from sotay.demo.generator import generate

    call_command("migrate", interactive=False, verbosity=0)
    summary = generate(MEMBERS, SEED, progress=print)
    print(f"Đã tạo {MEMBERS:,} đảng viên trong {summary.seconds:.1f} giây.".replace(",", "."))
    return {
        **wanted,
        "built_on": dt.date.today().isoformat(),
        "generation_seconds": round(summary.seconds, 1),
        "organizations": summary.organizations,
    }


def _prepare_postgresql() -> dict[str, Any]:
    """The same on PostgreSQL: the database sotay_bench-like name of DB_PATH, its marker in a table of its own."""
    from django.core.management import call_command
    from django.db import connection

    from sotay.benchmarks import engines

    wanted = _wanted_marker()
    name = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        marker = engines.read_marker(cursor)
    if engines.matches(marker, wanted):
        call_command("migrate", interactive=False, verbosity=0)
        _refresh_snapshots()
        _vacuum()
        print(f"Dùng lại cơ sở dữ liệu PostgreSQL {name} đã tạo ngày {marker.get('built_on')}")  # type: ignore[union-attr]
        return marker  # type: ignore[return-value]
    connection.close()
    print(f"Tạo cơ sở dữ liệu đo hiệu năng PostgreSQL: {name}")
    engines.pg_recreate(name)
    marker = _build(wanted)
    with connection.cursor() as cursor:
        engines.write_marker(cursor, marker)
    _vacuum()
    return marker


def _vacuum() -> None:
    """VACUUM ANALYZE before timing: the generator's count rebuild and a migration that rewrites counts leave dead
    rows that a deployment's autovacuum clears, but the server may run without it (a test server often does): read
    through 1.6 million dead count rows, the commune's statistics page took 50 ms instead of 36."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
