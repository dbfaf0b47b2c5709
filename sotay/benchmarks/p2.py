"""Benchmark P2: importing a generated 100,000-row workbook (preview + apply) against a raw read plus bulk insert.

The issue's goal: the import's throughput is at least a third of a raw read of the same workbook with
python-calamine plus a bulk insert of the same rows on the same machine (P2 = raw seconds / app seconds ≥ 1/3,
higher is better), and the worker's peak memory during the import stays under 400 MB.

``python -m sotay.bench`` (``make bench``) calls :func:`measure`, which runs everything in child processes of
this module (``python -m sotay.benchmarks.p2 prepare|app|raw``) so that each measured side starts from a fresh
copy of the same base database and its peak memory (``ru_maxrss``) is its own:

- ``prepare`` builds, once, the base database (the 5,000-member demo province, var/bench/p2-base-5000.sqlite3)
  and the workbook (var/bench/p2-import-100000.xlsx: 100,000 new members spread over the base province's cells,
  written with openpyxl's write-only mode); JSON markers beside them record how they were built, and they are
  rebuilt only when that changes.
- ``app`` times ``start_import`` + ``run_preview`` + ``apply_batch`` (sotay.imports.services), as the worker runs
  them, and checks that the preview found the 100,000 rows NEW and that the apply added them.
- ``raw`` times python-calamine reading the same workbook and ``Member.objects.bulk_create`` of the same rows
  (only the required fields, computed directly), in one transaction.

Both engines (issue 18): SQLite always, then PostgreSQL when its server answers (``engines.pg_answers``; otherwise
a message says it is skipped). On PostgreSQL ``prepare --engine postgresql`` builds the base database
``sotay_bench_p2_base`` the same way (same generator and seed, so the same workbook fits it; its marker is the table
``bench_marker`` inside it), and each measured run gets its own copy, ``CREATE DATABASE … TEMPLATE
sotay_bench_p2_base``, dropped after the run. ``--db`` takes a SQLite file or a ``postgres://`` address.

Each child prints one JSON line on stdout (progress goes to stderr). ``--profile FILE`` on ``app`` writes a
cProfile dump of the measured part and prints its top functions to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import random
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import time
from bisect import bisect
from collections.abc import Callable
from itertools import accumulate, islice
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent.parent
BENCH_DIR = BASE_DIR / "var" / "bench"
ROWS = 100_000
BASE_MEMBERS = 5000
SEED = 2025
RUNS = 3
GOAL = 1 / 3
GOAL_MB = 400
CHUNK = 2000
WORKBOOK_VERSION = 1  # bump when the generated rows change, so that the cached workbook is rebuilt
BASE_DB = BENCH_DIR / f"p2-base-{BASE_MEMBERS}.sqlite3"
BASE_MARKER = BENCH_DIR / f"p2-base-{BASE_MEMBERS}.json"
WORKBOOK = BENCH_DIR / f"p2-import-{ROWS}.xlsx"
WORKBOOK_MARKER = BENCH_DIR / f"p2-import-{ROWS}.json"
RUN_DIR = BENCH_DIR / "p2-run"  # the per-run copies of the base database, and the app's var dir (stored uploads)
# PostgreSQL: the base database, built like the SQLite one (its marker is the table bench_marker inside it), and
# the per-run copies, made with CREATE DATABASE … TEMPLATE and dropped after the run.
PG_BASE = "sotay_bench_p2_base"
PG_RUN = "sotay_bench_p2_run_{side}"
HEADER = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc",
    "Tôn giáo",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Số thẻ đảng viên",
    "Số CCCD",
    "Chi bộ",
]
PROBATIONARY_SHARE = 0.05
FEMALE_SHARE = 0.45


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _maxrss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# --------------------------------------------------------------------------------------------------------------
# In the child processes.


def _database_url(db: str | Path) -> str:
    """`--db`: a PostgreSQL address (postgres://…) as it is, else the path of a SQLite file."""
    text = str(db)
    return text if text.startswith(("postgres://", "postgresql://")) else f"sqlite:///{Path(text).resolve()}"


def _setup_django(db: str | Path, var_dir: Path | None = None) -> None:
    # Before django.setup(): the settings read the database from DATABASE_URL and the var dir from SOTAY_VAR_DIR.
    os.environ["DATABASE_URL"] = _database_url(db)
    if var_dir is not None:
        os.environ["SOTAY_VAR_DIR"] = str(var_dir)
        # The run's own var dir holds no var/secret_key (make setup writes the checkout's): a throwaway key, so
        # that a fresh clone's `make bench` starts (the import signs nothing that outlives the run).
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sotay.settings")
    import django

    django.setup()


def _require_migrated() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise SystemExit(f"P2: the database copy has {len(pending)} migrations to apply; run `prepare` again.")


def _checkpoint() -> None:
    """Fold the WAL into the main file, so that copying the main file alone copies the whole database."""
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def _prepare_base() -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from sotay.demo.generator import GENERATOR_VERSION

    wanted = {"members": BASE_MEMBERS, "seed": SEED, "generator": GENERATOR_VERSION}
    if connection.vendor == "postgresql":
        return _prepare_pg_base(wanted)
    marker = _read_json(BASE_MARKER)
    if marker and BASE_DB.exists() and all(marker.get(k) == v for k, v in wanted.items()):
        call_command("migrate", interactive=False, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as the generator left it, whatever table a migration rebuilt since
        _checkpoint()
        _log(f"P2: dùng lại cơ sở dữ liệu gốc {BASE_DB.name} (tạo lúc {marker['built_at']}).")
        return marker
    connection.close()
    _remove_database(BASE_DB)
    BASE_MARKER.unlink(missing_ok=True)
    _log(f"P2: tạo cơ sở dữ liệu gốc {BASE_DB} ({BASE_MEMBERS:,} đảng viên)…")
    marker = _build_base(wanted, str(BASE_DB.relative_to(BASE_DIR)))
    _checkpoint()
    _write_json(BASE_MARKER, marker)
    return marker


def _build_base(wanted: dict[str, Any], database: str) -> dict[str, Any]:
    """Migrate the empty base database, fill it with the demo province; the marker of what was built."""
    from django.core.management import call_command

    from sotay.demo.generator import generate
    from sotay.members.models import Member
    from sotay.orgs.models import CELL_KINDS, Organization

    call_command("migrate", interactive=False, verbosity=0)
    summary = generate(BASE_MEMBERS, SEED)
    return {
        **wanted,
        "built_at": _now(),
        "generation_seconds": round(summary.seconds, 1),
        "organizations": Organization.objects.count(),
        "cells": Organization.objects.filter(kind__in=CELL_KINDS, valid_to__isnull=True).count(),
        "members_in_database": Member.objects.count(),
        "database": database,
    }


def _prepare_pg_base(wanted: dict[str, Any]) -> dict[str, Any]:
    """The same base on PostgreSQL: the database PG_BASE, its marker in the table bench_marker inside it."""
    from django.core.management import call_command
    from django.db import connection

    from sotay.benchmarks import engines

    with connection.cursor() as cursor:
        marker = engines.read_marker(cursor)
    if marker is not None and engines.matches(marker, wanted):
        call_command("migrate", interactive=False, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        connection.close()  # a template must have no connection when it is copied
        _log(f"P2: dùng lại cơ sở dữ liệu gốc PostgreSQL {PG_BASE} (tạo lúc {marker['built_at']}).")
        return marker
    connection.close()
    _log(f"P2: tạo cơ sở dữ liệu gốc PostgreSQL {PG_BASE} ({BASE_MEMBERS:,} đảng viên)…")
    engines.pg_recreate(PG_BASE)
    marker = _build_base(wanted, f"PostgreSQL database {PG_BASE}")
    with connection.cursor() as cursor:
        engines.write_marker(cursor, marker)
        cursor.execute("ANALYZE")
    connection.close()
    return marker


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


class _RowMaker:
    """The workbook's rows: new members that the import's checks accept, with unique cards and citizen IDs."""

    def __init__(self, today: dt.date, cells: list[str], taken_cids: set[str], taken_cards: set[str]) -> None:
        from sotay.demo.generator import vocabulary as v
        from sotay.lib.citizen_id import PROVINCE_CODES
        from sotay.lib.dates import add_months

        self.add_months = add_months
        self.rng = random.Random(f"sotay-bench-p2:{SEED}:{ROWS}:{WORKBOOK_VERSION}")
        self.today = today
        self.cells = cells
        self.cids = set(taken_cids)
        self.cards = set(taken_cards)
        self.families = [name for name, _w in v.FAMILY_NAMES]
        self.family_cum = list(accumulate(w for _n, w in v.FAMILY_NAMES))
        self.v = v
        self.other_provinces = sorted(PROVINCE_CODES - {"033", "034"})
        # Official members joined at least 13 months ago (official 12 months after joining), at 18 or older.
        self.latest_join = add_months(today, -13)
        self.born_max = add_months(self.latest_join, -216)
        self.probation_from = today - dt.timedelta(days=330)

    def name(self, female: bool, born: dt.date) -> str:
        rng, v = self.rng, self.v
        family = self.families[bisect(self.family_cum, rng.random() * self.family_cum[-1])]
        old = born.year < 1975
        while True:
            if female:
                middle = v.THI if rng.random() < (0.75 if old else 0.38) else rng.choice(v.FEMALE_MIDDLE)
                given = rng.choice(v.FEMALE_GIVEN)
            else:
                middle = v.VAN if rng.random() < (0.55 if old else 0.22) else rng.choice(v.MALE_MIDDLE)
                given = rng.choice(v.MALE_GIVEN)
            if given != middle.split(" ")[-1]:
                return f"{family} {middle} {given}"

    def _unique(self, pool: set[str], make: Callable[[], str]) -> str:
        while True:
            value = make()
            if value not in pool:
                pool.add(value)
                return value

    def row(self, number: int) -> list[Any]:
        from sotay.lib.citizen_id import make_citizen_id

        rng, add_months = self.rng, self.add_months
        female = rng.random() < FEMALE_SHARE
        if rng.random() < PROBATIONARY_SHARE:
            joined = _date_between(rng, self.probation_from, self.today - dt.timedelta(days=1))
            born = add_months(joined, -216 - rng.randint(0, 22 * 12)) - dt.timedelta(days=rng.randint(1, 27))
            official, card = None, None
        else:
            born = _date_between(rng, dt.date(1945, 1, 1), self.born_max)
            earliest = add_months(born, 216)
            span = (self.latest_join - earliest).days
            joined = earliest + dt.timedelta(days=int(rng.triangular(0, span, min(span, 6 * 365))))
            official = add_months(joined, 12)
            card = self._unique(self.cards, lambda: str(rng.randrange(10_000_000, 100_000_000)))
        assert born < joined and add_months(born, 216) <= joined, (born, joined)
        r = rng.random()
        prefix = "033" if r < 0.45 else "034" if r < 0.9 else rng.choice(self.other_provinces)
        cid = self._unique(self.cids, lambda: make_citizen_id(prefix, born, female, rng.randrange(1_000_000)))
        cell = self.cells[rng.randrange(len(self.cells))]
        name = self.name(female, born)
        gender = "Nữ" if female else "Nam"
        return [number, name, born, gender, "Kinh", "Không", joined, official, card, cid, cell]


def _prepare_workbook(base: dict[str, Any]) -> dict[str, Any]:
    wanted = {"rows": ROWS, "seed": SEED, "version": WORKBOOK_VERSION, "base_built_at": base["built_at"]}
    marker = _read_json(WORKBOOK_MARKER)
    if marker and WORKBOOK.exists() and all(marker.get(k) == v for k, v in wanted.items()):
        _log(f"P2: dùng lại bảng tính {WORKBOOK.name} (tạo lúc {marker['built_at']}).")
        return marker
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from sotay.members.models import Member
    from sotay.orgs.models import CELL_KINDS, Organization

    _log(f"P2: tạo bảng tính {WORKBOOK} ({ROWS:,} dòng)…")
    started = time.perf_counter()
    cells = list(
        Organization.objects.filter(kind__in=CELL_KINDS, valid_to__isnull=True)
        .order_by("path")
        .values_list("code", flat=True)
    )
    cids = Member.objects.exclude(citizen_id=None).values_list("citizen_id", flat=True)
    cards = Member.objects.exclude(card_number=None).values_list("card_number", flat=True)
    taken_cids = {c for c in cids if c is not None}
    taken_cards = {c for c in cards if c is not None}
    today = dt.date.today()
    maker = _RowMaker(today, cells, taken_cids, taken_cards)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách đảng viên")
    sheet.append(HEADER)
    probationary = 0

    def day(value: dt.date | None) -> Any:
        if value is None:
            return None
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "dd/mm/yyyy"
        return cell

    for number in range(1, ROWS + 1):
        row = maker.row(number)
        probationary += row[7] is None
        for i in (2, 6, 7):
            row[i] = day(row[i])
        sheet.append(row)
    tmp = WORKBOOK.with_name(WORKBOOK.name + ".tmp")
    workbook.save(tmp)
    tmp.replace(WORKBOOK)
    marker = {
        **wanted,
        "built_at": _now(),
        "built_on": today.isoformat(),
        "generation_seconds": round(time.perf_counter() - started, 1),
        "file": str(WORKBOOK.relative_to(BASE_DIR)),
        "bytes": WORKBOOK.stat().st_size,
        "columns": HEADER,
        "cells_used": len(cells),
        "probationary": probationary,
    }
    _write_json(WORKBOOK_MARKER, marker)
    return marker


def child_prepare(engine: str = "sqlite") -> dict[str, Any]:
    """SQLite: the base file and the workbook (made from it). PostgreSQL: the base database only (created empty
    first when missing); it is filled by the same generator with the same seed, so the workbook fits it too."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if engine == "postgresql":
        from sotay.benchmarks import engines

        if not engines.pg_exists(PG_BASE):
            engines.pg_recreate(PG_BASE)
        _setup_django(engines.pg_url(PG_BASE))
        return {"base": _prepare_base()}
    _setup_django(BASE_DB)
    base = _prepare_base()
    workbook = _prepare_workbook(base)
    return {"base": base, "workbook": workbook}


def child_app(db: str | Path, profile: Path | None = None) -> dict[str, Any]:
    """The import as the worker runs it: upload, preview (parse + check + store the plan), apply."""
    _setup_django(db, RUN_DIR / "var")
    _require_migrated()
    from sotay.imports.models import ImportBatch, ImportRow
    from sotay.imports.services import apply_batch, run_preview, start_import
    from sotay.members.models import Member
    from sotay.orgs.actor import Actor
    from sotay.orgs.models import Organization

    root = Organization.objects.get_first_root_node()
    before = Member.objects.count()
    gc.collect()
    baseline = _maxrss_mb()
    profiler = None
    if profile is not None:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    batch = start_import(
        source_path=WORKBOOK, file_name=WORKBOOK.name, organization=root, actor=Actor.system("command:bench")
    )
    uploaded = time.perf_counter()
    batch = run_preview(batch, actor=Actor.system("worker:bench"))
    previewed = time.perf_counter()
    counts = dict(batch.counts)
    if batch.status != ImportBatch.Status.PREVIEWED or counts.get(ImportRow.Action.NEW) != ROWS:
        rejected = ImportRow.objects.filter(batch=batch, action=ImportRow.Action.REJECTED)[:5]
        raise SystemExit(
            f"P2: the preview did not find {ROWS} new rows: status {batch.status}, {batch.message!r}, counts "
            f"{counts}; first rejections: {[(r.row_number, r.errors) for r in rejected]}"
        )
    batch = apply_batch(batch=batch, actor=Actor.system("command:bench"))
    applied = time.perf_counter()
    if profiler is not None:
        profiler.disable()
    peak = _maxrss_mb()
    assert batch.status == ImportBatch.Status.APPLIED, batch.status
    after = Member.objects.count()
    assert after == before + ROWS, (before, after)
    Path(batch.file_path).unlink(missing_ok=True)
    if profiler is not None and profile is not None:
        import pstats

        profiler.dump_stats(str(profile))
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
    total = applied - started
    return {
        "upload_s": round(uploaded - started, 3),
        "preview_s": round(previewed - uploaded, 3),
        "apply_s": round(applied - previewed, 3),
        "total_s": round(total, 3),
        "rows_per_s": round(ROWS / total),
        "counts": counts,
        "members_added": after - before,
        "peak_mb": peak,
        "baseline_mb": baseline,
        "profiled": profiler is not None,
    }


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value or None


def _required_day(value: Any) -> dt.date:
    """A date the workbook always fills (birth, admission)."""
    day = _day(value)
    assert day is not None, value
    return day


def child_raw(db: str | Path) -> dict[str, Any]:
    """The floor: python-calamine reads the workbook, the rows become Member objects, bulk_create inserts them."""
    _setup_django(db, RUN_DIR / "var")
    _require_migrated()
    from django.db import transaction
    from python_calamine import CalamineWorkbook

    from sotay.lib.vntext import fold, name_sort_key
    from sotay.members.choices import Gender, MemberStatus, Religion
    from sotay.members.models import Member
    from sotay.orgs.models import CELL_KINDS, Organization

    genders = {"Nam": Gender.MALE.value, "Nữ": Gender.FEMALE.value}
    ethnicities = {"Kinh": "01"}
    religions = {"Không": Religion.NONE.value}
    official_status, probationary_status = MemberStatus.OFFICIAL.value, MemberStatus.PROBATIONARY.value
    before = Member.objects.count()
    gc.collect()
    baseline = _maxrss_mb()
    read = build = 0.0
    started = time.perf_counter()
    by_code = dict(Organization.objects.filter(kind__in=CELL_KINDS, valid_to__isnull=True).values_list("code", "id"))
    mark = time.perf_counter()
    rows = CalamineWorkbook.from_path(str(WORKBOOK)).get_sheet_by_index(0).iter_rows()
    next(rows)  # the header
    read += time.perf_counter() - mark
    with transaction.atomic():
        while True:
            mark = time.perf_counter()
            chunk: list[list[Any]] = list(islice(rows, CHUNK))
            read += time.perf_counter() - mark
            if not chunk:
                break
            mark = time.perf_counter()
            members = []
            for row in chunk:
                name = row[1]
                official = _day(row[7])
                members.append(
                    Member(
                        full_name=name,
                        name_folded=fold(name),
                        name_sort_key=name_sort_key(name),
                        birth_on=_required_day(row[2]),
                        gender=genders[row[3]],
                        ethnicity=ethnicities[row[4]],
                        religion=religions[row[5]],
                        joined_on=_required_day(row[6]),
                        official_on=official,
                        card_number=row[8] or None,
                        citizen_id=row[9],
                        organization_id=by_code[row[10]],
                        status=official_status if official else probationary_status,
                    )
                )
            build += time.perf_counter() - mark
            Member.objects.bulk_create(members, batch_size=CHUNK)
    total = time.perf_counter() - started
    peak = _maxrss_mb()
    after = Member.objects.count()
    assert after == before + ROWS, (before, after)
    return {
        "read_s": round(read, 3),
        "build_s": round(build, 3),
        "insert_s": round(total - read - build, 3),  # bulk_create, the commit and the one query for the cells
        "total_s": round(total, 3),
        "rows_per_s": round(ROWS / total),
        "members_added": after - before,
        "peak_mb": peak,
        "baseline_mb": baseline,
    }


def child_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sotay.benchmarks.p2", description=__doc__.split("\n")[0])
    parser.add_argument("side", choices=("prepare", "app", "raw"))
    parser.add_argument(
        "--db", help="the copy of the base database to use (app and raw): a SQLite file, or a postgres:// address"
    )
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite", help="prepare: which base")
    parser.add_argument("--profile", type=Path, help="app: write a cProfile dump of the measured part here")
    args = parser.parse_args(argv)
    if args.side == "prepare":
        result = child_prepare(args.engine)
    elif args.db is None:
        parser.error("--db is required for app and raw")
    elif args.side == "app":
        result = child_app(args.db, args.profile)
    else:
        result = child_raw(args.db)
    print(json.dumps(result, ensure_ascii=False))
    return 0


# --------------------------------------------------------------------------------------------------------------
# In the parent (python -m sotay.bench).


def _child(args: list[str]) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SOTAY_VAR_DIR")}
    proc = subprocess.run(
        [sys.executable, "-m", "sotay.benchmarks.p2", *args],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"P2: `python -m sotay.benchmarks.p2 {' '.join(args)}` failed ({proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_side(side: str, engine: str = "sqlite", *, profile: Path | None = None) -> dict[str, Any]:
    """One measured run of `side` ("app" or "raw") in a child process, on a fresh copy of the base database: a file
    copy on SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL (dropped after the run)."""
    from sotay.benchmarks import engines

    RUN_DIR.mkdir(parents=True, exist_ok=True)
    db: str
    if engine == "postgresql":
        name = PG_RUN.format(side=side)
        engines.pg_copy(PG_BASE, name)
        db = engines.pg_url(name)
    else:
        path = RUN_DIR / f"p2-{side}.sqlite3"
        _remove_database(path)
        shutil.copyfile(BASE_DB, path)
        db = str(path)
    try:
        args = [side, "--db", db]
        if profile is not None:
            args += ["--profile", str(profile)]
        return _child(args)
    finally:
        if engine == "postgresql":
            engines.pg_drop(name)
        else:
            _remove_database(path)
        shutil.rmtree(RUN_DIR / "var" / "imports", ignore_errors=True)


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return round(statistics.median(r[key] for r in runs), 3)


def measure(*, runs: int = RUNS, machine: dict[str, Any] | None = None) -> dict[str, Any]:
    """P2 on each engine that answers: SQLite always, PostgreSQL when its server does (else a message says so).

    The workbook is made once (from the SQLite base); each engine then runs app and raw `runs` times each on copies of
    its own base database, which the same generator filled with the same seed.
    """
    from sotay.benchmarks import engines

    prepared = _child(["prepare"])
    by_engine = {engines.SQLITE: measure_engine(engines.SQLITE, prepared, runs=runs, machine=machine)}
    if engines.pg_answers():
        pg_prepared = {**_child(["prepare", "--engine", "postgresql"]), "workbook": prepared["workbook"]}
        pg_machine = {**(machine or {}), "postgresql": engines.pg_server_version()}
        by_engine[engines.POSTGRESQL] = measure_engine(engines.POSTGRESQL, pg_prepared, runs=runs, machine=pg_machine)
    else:
        _log(f"P2: PostgreSQL không trả lời ({engines.PG_SERVER}): chỉ đo trên SQLite.")
    return {"engines": by_engine, "measured": _now()}


def measure_engine(
    engine: str, prepared: dict[str, Any], *, runs: int = RUNS, machine: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Run app and raw `runs` times each on `engine` (alternating which goes first) and build its P2 entry."""
    app_runs: list[dict[str, Any]] = []
    raw_runs: list[dict[str, Any]] = []
    load = os.getloadavg()[0]
    for i in range(runs):
        for side in ("app", "raw") if i % 2 == 0 else ("raw", "app"):
            _log(f"P2 ({engine}): lần {i + 1}/{runs}, {'ứng dụng' if side == 'app' else 'đọc thô + bulk insert'}…")
            result = run_side(side, engine)
            (app_runs if side == "app" else raw_runs).append(result)
            if side == "app":
                _log(
                    f"  xem trước {result['preview_s']:.1f} s + ghi {result['apply_s']:.1f} s = "
                    f"{result['total_s']:.1f} s ({result['rows_per_s']:,} dòng/s), đỉnh bộ nhớ {result['peak_mb']} MB"
                )
            else:
                _log(
                    f"  đọc {result['read_s']:.1f} s + dựng {result['build_s']:.1f} s + ghi "
                    f"{result['insert_s']:.1f} s = {result['total_s']:.1f} s ({result['rows_per_s']:,} dòng/s), "
                    f"đỉnh bộ nhớ {result['peak_mb']} MB"
                )
    app_s, raw_s = _median(app_runs, "total_s"), _median(raw_runs, "total_s")
    ratio = raw_s / app_s
    peak = max(r["peak_mb"] for r in app_runs)
    return {
        "engine": engine,
        "value": round(ratio, 3),
        "goal": round(GOAL, 3),
        "unit": "ratio",
        "load_average": [round(load, 2), round(os.getloadavg()[0], 2)],
        "detail": {
            "what": "import of a generated 100,000-row workbook through the app (start_import + run_preview + "
            "apply_batch) vs a raw python-calamine read plus Member.objects.bulk_create of the same rows, on the "
            "same engine; value = app throughput / raw throughput = median raw seconds / median app seconds",
            "direction": "higher_is_better",
            "goal_text": "≥ 1/3",
            "met": ratio >= GOAL,
            "rows": ROWS,
            "app_seconds": app_s,
            "raw_seconds": raw_s,
            "app_rows_per_s": round(ROWS / app_s),
            "raw_rows_per_s": round(ROWS / raw_s),
            "app": {
                "upload_s": _median(app_runs, "upload_s"),
                "preview_s": _median(app_runs, "preview_s"),
                "apply_s": _median(app_runs, "apply_s"),
                "total_s": app_s,
                "runs": app_runs,
            },
            "raw": {
                "read_s": _median(raw_runs, "read_s"),
                "build_s": _median(raw_runs, "build_s"),
                "insert_s": _median(raw_runs, "insert_s"),
                "total_s": raw_s,
                "runs": raw_runs,
            },
            "peak_mb": peak,
            "goal_mb": GOAL_MB,
            "memory_met": peak < GOAL_MB,
            "baseline_mb": max(r["baseline_mb"] for r in app_runs),
            "raw_peak_mb": max(r["peak_mb"] for r in raw_runs),
            "runs": runs,
            "data": prepared,
            "machine": machine or {},
        },
        "measured": _now(),
    }


if __name__ == "__main__":
    sys.exit(child_main())
