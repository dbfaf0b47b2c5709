"""Benchmarks P1, P2 and P3, run with ``python -m sotay.bench`` (``make bench``): P1, then P2, then P3.

Issue 18: P1, the five busy pages (:mod:`sotay.benchmarks.pages`) and P3 run on each engine that answers — SQLite
always, PostgreSQL when its server does (:mod:`sotay.benchmarks.engines`) — P1 and the pages in one child process
per engine (``--engine``), on that engine's own 200,000-member database; each engine's figures go under
``engines`` in the JSON. ``--engines sqlite`` (or postgresql) measures one and keeps the other's figures.

P1: subtree statistics through the app against the same aggregations in hand-written SQL. It uses its own SQLite
file, var/bench/bench-200000.sqlite3, fills it once with the 200,000-member demo province (kept between runs; a
JSON marker beside it records the size, seed and generator version it was built with), then times
``sotay.members.stats.subtree_statistics`` for the province root and for the largest commune, today and as of
three past days (``as_of=``, counted from member periods: 31/12/2025, 15/06/2021 and 15/05/2003,
``sotay.benchmarks.p1.PAST_DAYS``), against the equivalent raw SQL run through
``connection.cursor()`` on the same connection. The raw side runs the same number of queries with the same filters
(members — or, as of a day, the member periods covering that day joined to their members — joined to their
organisation, the subtree as the index range ``path >= prefix AND path <= prefix || 'ZZ…'`` that
``sotay.orgs.models.subtree_filter`` builds, the same statuses and date bands) and must give the same counts.

The figure is app time / raw time (median of the measured runs, app and raw interleaved); P1 is the worst of the
eight cases.

P2: the import of a generated 100,000-row workbook (preview + apply) against a raw python-calamine read plus a
bulk insert of the same rows, on SQLite and, when its server answers, PostgreSQL (each engine against its own raw
path); it runs in child processes, see :mod:`sotay.benchmarks.p2`.

Results go to docs/benchmarks.json (other top-level keys are kept) and docs/benchmarks.md, which is rendered from
the whole JSON, so ``--only P1`` (or P2, P3) re-measures one figure and keeps the others' sections.

P3: the library search (``sotay.documents.search.search``) against the raw FTS5 query on 20,000 generated
documents in their own SQLite file; it runs in a child process, see :mod:`sotay.benchmarks.p3`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sotay.benchmarks.database import BASE_DIR, BENCH_DIR, DB_PATH, PG_DATABASE, _prepare_database

DOCS_DIR = BASE_DIR / "docs"
# The point-in-time report: the statistics as of the end of 2025 (the other past days: sotay.benchmarks.p1.PAST_DAYS).
AS_OF = dt.date(2025, 12, 31)
WARMUPS = 2
RUNS = 21
GOAL = 1.5


def _setup_django(engine: str = "sqlite") -> None:
    from sotay.benchmarks import engines

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    # Before django.setup(): the settings read the database from DATABASE_URL.
    os.environ["DATABASE_URL"] = engines.database_url(engine, DB_PATH.stem if engine == "sqlite" else PG_DATABASE)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sotay.settings")
    import django

    django.setup()


# --------------------------------------------------------------------------------------------------------------
# The hand-written SQL.


def _years_before(on: dt.date, years: int) -> str:
    try:
        day = on.replace(year=on.year - years)
    except ValueError:  # 29 February
        day = on.replace(year=on.year - years, day=28)
    return day.isoformat()


class RawStatistics:
    """The six aggregations of `subtree_statistics`, written directly in SQL (same filters, same order).

    `historical`: as `subtree_statistics(..., as_of=on)`, from the member periods covering day `on` (organisation and
    status of the period, the other fields from the member) instead of the members' current cell and status.
    """

    # The subtree as the same index range as `subtree_filter`: path between the prefix and the prefix padded with 'Z'.
    JOIN = (
        'FROM "members_member" m INNER JOIN "orgs_organization" o ON m."organization_id" = o."id" '
        'WHERE o."path" >= %s AND o."path" <= %s'
    )
    # As of a day: the periods in the subtree that cover it ([valid_from, valid_to), open when valid_to is null).
    PERIOD_WHERE = (
        'WHERE o."path" >= %s AND o."path" <= %s AND p."valid_from" <= %s '
        'AND (p."valid_to" IS NULL OR p."valid_to" > %s)'
    )
    PERIOD_JOIN = (
        'FROM "members_memberperiod" p INNER JOIN "members_member" m ON m."id" = p."member_id" '
        f'INNER JOIN "orgs_organization" o ON o."id" = p."organization_id" {PERIOD_WHERE}'
    )
    # The counts by status read no member column: periods and their organisation only.
    PERIOD_STATUS_JOIN = (
        f'FROM "members_memberperiod" p INNER JOIN "orgs_organization" o ON o."id" = p."organization_id" {PERIOD_WHERE}'
    )

    def __init__(self, on: dt.date, historical: bool = False) -> None:
        from sotay.members.choices import ACTIVE_STATUSES, AGE_BANDS, PARTY_AGE_BANDS, Gender
        from sotay.orgs.models import PATH_LENGTH, PATH_TOP

        self.on, self.historical = on, historical
        self.path_length, self.path_top = PATH_LENGTH, PATH_TOP
        self.genders = [g.value for g in Gender]
        self.active = [str(s) for s in ACTIVE_STATUSES]
        join, status_join, status = (
            (self.PERIOD_JOIN, self.PERIOD_STATUS_JOIN, 'p."status"')
            if historical
            else (self.JOIN, self.JOIN, 'm."status"')
        )
        active = f"{status} IN (" + ", ".join(["%s"] * len(self.active)) + ")"
        bands: list[str] = []
        self.band_params: list[str] = []
        party_since = 'COALESCE(m."party_age_from", m."admission_decision_on", m."joined_on")'
        for column, table in (('m."birth_on"', AGE_BANDS), (party_since, PARTY_AGE_BANDS)):
            for _label, low, high in table:
                bands.append(f"COUNT(CASE WHEN {column} > %s AND {column} <= %s THEN 1 END)")
                self.band_params += [_years_before(on, high + 1), _years_before(on, low)]
        self.age_bands, self.party_bands = len(AGE_BANDS), len(PARTY_AGE_BANDS)
        gender_sql = ['COUNT(CASE WHEN m."gender" = %s THEN 1 END)' for _g in self.genders]
        self.status_sql = f"SELECT {status}, COUNT(*) {status_join} GROUP BY {status}"
        self.totals_sql = f"SELECT COUNT(*), {', '.join(gender_sql + bands)} {join} AND {active}"
        self.group_sql = {
            column: f'SELECT m."{column}", COUNT(*) {join} AND {active} GROUP BY m."{column}"'
            for column in ("professional_education", "political_theory", "religion")
        }
        self.ethnicity_sql = (
            f'SELECT m."ethnicity", COUNT(*) {join} AND {active} GROUP BY m."ethnicity" ORDER BY 2 DESC, 1 ASC'
        )

    def subtree_bounds(self, path: str) -> list[str]:
        """The parameters of the WHERE clause: the subtree range (the path itself and the path padded to full
        length), then, as of a day, that day for the start and for the end of the period."""
        bounds = [path, path + self.path_top * (self.path_length - len(path))]
        return bounds + [self.on.isoformat()] * 2 if self.historical else bounds

    def run(self, cursor, path: str) -> dict[str, list[tuple]]:
        subtree = self.subtree_bounds(path)
        active = subtree + self.active
        cursor.execute(self.status_sql, subtree)
        status = cursor.fetchall()
        cursor.execute(self.totals_sql, self.genders + self.band_params + active)
        totals = cursor.fetchall()
        cursor.execute(self.group_sql["professional_education"], active)
        professional = cursor.fetchall()
        cursor.execute(self.group_sql["political_theory"], active)
        theory = cursor.fetchall()
        cursor.execute(self.group_sql["religion"], active)
        religion = cursor.fetchall()
        cursor.execute(self.ethnicity_sql, active)
        ethnicity = cursor.fetchall()
        return {
            "status": status,
            "totals": totals,
            "professional_education": professional,
            "political_theory": theory,
            "religion": religion,
            "ethnicity": ethnicity,
        }

    def counts(self, raw: dict[str, list[tuple]]) -> dict[str, Any]:
        """The raw rows in the comparable form of :func:`app_counts`."""
        totals = list(raw["totals"][0])
        genders = len(self.genders)
        ages = totals[1 + genders : 1 + genders + self.age_bands]
        return {
            "status": {k: n for k, n in raw["status"] if n},
            "total": totals[0],
            "gender": {g: n for g, n in zip(self.genders, totals[1 : 1 + genders], strict=True) if n},
            "age": ages,
            "party_age": totals[1 + genders + self.age_bands :],
            "ethnicity": [(k, n) for k, n in raw["ethnicity"]],
            "professional_education": {k: n for k, n in raw["professional_education"] if n},
            "political_theory": {k: n for k, n in raw["political_theory"] if n},
            "religion": {k: n for k, n in raw["religion"] if n},
        }


def app_counts(result: dict[str, list]) -> dict[str, Any]:
    def nonzero(section: str) -> dict[str, int]:
        return {row.key: row.count for row in result[section] if row.count}

    return {
        "status": nonzero("status"),
        "total": result["total"][0].count,
        "gender": nonzero("gender"),
        "age": [row.count for row in result["age"]],
        "party_age": [row.count for row in result["party_age"]],
        "ethnicity": [(row.key, row.count) for row in result["ethnicity"]],
        "professional_education": nonzero("professional_education"),
        "political_theory": nonzero("political_theory"),
        "religion": nonzero("religion"),
    }


# --------------------------------------------------------------------------------------------------------------
# Measuring.


def _time(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def measure_case(name: str, org, on: dt.date, as_of: dt.date | None = None) -> dict[str, Any]:
    """Time one case; with `as_of`, the point-in-time statistics of that day (from member periods)."""
    from django.db import connection

    from sotay.members.stats import subtree_statistics

    raw = RawStatistics(as_of or on, historical=as_of is not None)
    with connection.cursor() as cursor:
        app_result = app_counts(subtree_statistics(org, on=on, as_of=as_of))
        raw_result = raw.counts(raw.run(cursor, org.path))
        assert app_result == raw_result, f"{name}: app and raw SQL disagree:\n{app_result}\n{raw_result}"

        def run_app() -> None:
            subtree_statistics(org, on=on, as_of=as_of)

        def run_raw() -> None:
            raw.run(cursor, org.path)

        app_times: list[float] = []
        raw_times: list[float] = []
        for i in range(WARMUPS + RUNS):
            gc.collect()
            # Alternate which side goes first, so that neither always finds the cache warmed by the other.
            if i % 2:
                raw_time, app_time = _time(run_raw), _time(run_app)
            else:
                app_time, raw_time = _time(run_app), _time(run_raw)
            if i >= WARMUPS:
                app_times.append(app_time)
                raw_times.append(raw_time)
    app_ms = statistics.median(app_times) * 1000
    raw_ms = statistics.median(raw_times) * 1000
    return {
        "organization": org.name,
        "path": org.path,
        "as_of": as_of.isoformat() if as_of else None,
        "members": app_result["total"],
        "app_ms": round(app_ms, 2),
        "raw_ms": round(raw_ms, 2),
        "ratio": round(app_ms / raw_ms, 3),
        "app_min_ms": round(min(app_times) * 1000, 2),
        "raw_min_ms": round(min(raw_times) * 1000, 2),
        "runs": RUNS,
        "warmups": WARMUPS,
        "queries": 6,
    }


# --------------------------------------------------------------------------------------------------------------
# Reporting.


def _machine() -> dict[str, Any]:
    import django

    cpu = platform.processor() or platform.machine()
    ram_gb = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    except OSError:
        pass
    os_name = platform.platform()
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = f"{line.split('=', 1)[1].strip(chr(34))} ({platform.system()} {platform.release()})"
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": ram_gb,
        "os": os_name,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "django": django.get_version(),
    }


def _write_json(results: dict[str, Any]) -> tuple[Path, dict[str, Any]]:
    """Merge `results` (P1 and/or P2) into docs/benchmarks.json; the whole merged data is returned."""
    path = DOCS_DIR / "benchmarks.json"
    data: dict[str, Any] = {}
    if path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            data = {}
    data.update(results)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path, data


def _write_markdown(results: dict[str, Any]) -> Path:
    """docs/benchmarks.md from the whole JSON data: one section per benchmark present."""
    from sotay.benchmarks import engines, p2_report

    for value in results.values():
        if isinstance(value, dict) and isinstance(value.get("engines"), dict):
            value["engines"] = engines.ordered(value["engines"])
    lines = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (`python -m sotay.bench`); do not edit by hand.",
        "",
    ]
    if "P1" in results:
        lines += _p1_markdown(results["P1"])
    if "pages" in results:
        from sotay.benchmarks import pages

        lines += pages.markdown(results["pages"])
    if "P2" in results:
        lines += p2_report.markdown(results["P2"])
    if "P3" in results:
        from sotay.benchmarks import p3

        lines += p3.markdown(results["P3"])
    if "P4" in results:
        from sotay.benchmarks import p4

        lines += p4.markdown(results["P4"])
    if "P5" in results:
        from sotay.benchmarks import p5

        lines += p5.markdown(results["P5"])
    if "national" in results:
        from sotay.benchmarks import national_report

        lines += national_report.markdown(results["national"])
    path = DOCS_DIR / "benchmarks.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _p1_markdown(p1: dict[str, Any]) -> list[str]:
    from sotay.benchmarks import engines
    from sotay.benchmarks import p1 as p1_report

    if "engines" not in p1:  # a result written before the per-engine figures
        p1 = {"engines": {"sqlite": p1}}
    first = next(iter(p1["engines"].values()))
    detail, machine = first["detail"], first["detail"]["machine"]
    data = detail["data"]
    as_of = detail.get("as_of")
    as_of_text = f"{dt.date.fromisoformat(as_of):%d/%m/%Y}" if as_of else "a past day"
    lines: list[str] = []
    lines += [
        "",
        "### What is compared",
        "",
        "- **App**: `sotay.members.stats.subtree_statistics(org, on=day)` — reads the counts kept for the members "
        "below that organisation (`members_statcount`, kind `c`: the members' current cell and status; "
        "docs/decisions/0009-statistics-counts.md) in two queries on its own rows: the counts by status, total, "
        "gender, ethnicity, religion, education and political theory, and the month and day rows of the birth dates "
        "and Party-age start dates, cut into age and Party-age bands on that day; then its own members, counted "
        "directly (none for a province or a commune; docs/decisions/0015), and the Python that turns them into rows. "
        "The member services keep these counts in the same transaction as each change.",
        f"- **App, as of a past day** ({as_of_text}, a year end; 15/06/2021, mid-year; 15/05/2003, long ago): "
        "`subtree_statistics(org, on=day, as_of=day)` — for a province, the nearest statistics snapshot "
        "(`members_statsnapshot`, kept at the last 24 month ends and at the ends of June and December back to the "
        "first member period, so any day is within 92 days of one; docs/decisions/0010-statistics-snapshots.md and "
        "0011-statistics-any-past-day.md): its rows (dates near a band boundary are kept whole, so the bands of the "
        "asked day come from the snapshot alone), then, on a day other than the snapshot's, one grouped query for "
        "the periods that began or ended between the two days. Without a snapshot (a commune): up to ten years "
        "back, the two queries on the counts of the members' open periods (kind `h`), then one grouped query for "
        "the periods that changed after that day in the subtree (open periods that began after it are taken off, "
        "closed periods that covered it are added back, with the period's status and the member's other fields); "
        "further back, one query grouped by every dimension over the subtree's periods covering that day. Bands "
        "are cut on that day.",
        "- **Raw SQL**: the same six aggregations written by hand and run through `django.db.connection.cursor()` "
        "on the same connection: members joined to `orgs_organization` on `organization_id`, "
        "the subtree as the same index range as `sotay.orgs.models.subtree_filter` "
        '(`o."path" >= %s AND o."path" <= %s` with the organisation\'s path and that path padded to 255 '
        "characters with `Z`), the same active statuses and the same date bounds, `GROUP BY` per dimension. "
        "The counts of both sides are asserted equal before timing.",
        '- **Raw SQL, as of a day**: the same, `FROM members_memberperiod p JOIN members_member m ON m."id" = '
        'p."member_id" JOIN orgs_organization o ON o."id" = p."organization_id"` with the same subtree range and '
        '`p."valid_from" <= day AND (p."valid_to" IS NULL OR p."valid_to" > day)`, the status from `p."status"` '
        "(the counts by status join only the periods and their organisation, as the app's query does), the other "
        "columns from `m`, and the bands against that day.",
        "- **Both engines**: the same app code and the same raw SQL (PostgreSQL needs no other spelling of it: "
        "double-quoted names, `%s` parameters, ISO dates, `COUNT(CASE …)`), on the same demo province from the same "
        "generator — a SQLite file, and the PostgreSQL database `sotay_bench` — each in its own child process.",
        f"- Each case: {detail['warmups']} warm-up runs, then {detail['runs']} measured runs; app and raw runs are "
        "interleaved (alternating which goes first) and timed with `time.perf_counter`; the figure is the median.",
        "",
        "### Data",
        "",
        f"- Demo province from `sotay demo --members {data['members']} --seed {data['seed']}` "
        f"(generator version {data['generator']}): {data['members']:,} members, {data['organizations']:,} "
        f"organisations, built on {data['built_on']} in {data['generation_seconds']} s"
        + (f"; {data['member_periods']:,} member periods." if data.get("member_periods") else "."),
        "- SQLite database `var/bench/bench-200000.sqlite3` and PostgreSQL database `sotay_bench`, kept between "
        "runs and rebuilt only when the size, seed or generator version changes (on PostgreSQL the marker is the "
        "table `bench_marker` in the database).",
        "",
        *engines.machine_lines(
            machine,
            next(
                (
                    e["detail"]["machine"]["postgresql"]
                    for e in p1["engines"].values()
                    if e["detail"]["machine"].get("postgresql")
                ),
                None,
            ),
        ),
        "",
        "### Reproduce",
        "",
        "```sh",
        "make bench",
        "```",
        "",
        "The first run builds the 200,000-member database of each engine (a few minutes); later runs reuse them.",
        "",
    ]
    return p1_report.markdown(p1, lines)


def measure_p1(engine: str = "sqlite") -> dict[str, Any]:
    """P1 on the engine this process is set up for (see :func:`child_main`)."""
    from django.db import connection
    from django.utils import timezone

    from sotay.benchmarks import p1
    from sotay.members.models import MemberPeriod
    from sotay.members.stats import child_member_counts
    from sotay.orgs.models import Organization, OrgKind

    marker = _prepare_database()
    on = timezone.localdate()
    root = Organization.objects.get_first_root_node()
    per_child = child_member_counts(root)
    communes = Organization.objects.filter(pk__in=per_child, kind=OrgKind.COMMUNE_COMMITTEE)
    commune = max(communes, key=lambda c: (per_child[c.pk], -c.pk))
    periods = MemberPeriod.objects.count()
    print(f"Giai đoạn sinh hoạt trong cơ sở dữ liệu: {periods:,}".replace(",", "."))
    cases = {}
    for key, as_of in p1.case_keys():
        org = root if key.startswith("province") else commune
        print(f"Đo {org.name}" + (f" tại ngày {as_of:%d/%m/%Y}" if as_of else "") + "…")
        cases[key] = measure_case(key, org, on, as_of)
        c = cases[key]
        print(f"  ứng dụng {c['app_ms']:.2f} ms, SQL viết tay {c['raw_ms']:.2f} ms, tỉ lệ {c['ratio']:.2f}")
    value = round(max(c["ratio"] for c in cases.values()), 2)
    goals = p1.absolute_goals(engine, cases)
    print(f"P1 ({engine}): tỉ lệ lớn nhất {value:.2f}; mục tiêu thời gian " + ("đạt" if goals["met"] else "CHƯA ĐẠT"))
    return {
        "engine": engine,
        "value": value,
        "unit": "ratio",
        "goals": goals,
        "detail": {
            "what": "sotay.members.stats.subtree_statistics (today from the kept counts, and as of the past days from "
            "the nearest snapshot, the kept counts of open periods less the periods changed after that day, or a "
            "direct count) vs the six aggregations over members or member periods in hand-written SQL (median app "
            "ms / median raw ms; value = worst case)",
            "cases": cases,
            "runs": RUNS,
            "warmups": WARMUPS,
            "statistics_on": on.isoformat(),
            "as_of": AS_OF.isoformat(),
            "past_days": {key: day.isoformat() for key, day in p1.PAST_DAYS.items()},
            "data": {
                **marker,
                "organizations": Organization.objects.count(),
                "member_periods": periods,
                "database": str(DB_PATH.relative_to(BASE_DIR))
                if connection.vendor == "sqlite"
                else f"PostgreSQL database {connection.settings_dict['NAME']}",
            },
            "machine": {**_machine(), **p1.server_version()},
        },
        "measured": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
    }


def measure_p2(runs: int) -> dict[str, Any]:
    from sotay.benchmarks import p2, p2_report

    result = p2.measure(runs=runs, machine=_machine())
    for engine, r in p2_report.per_engine(result).items():
        d = r["detail"]
        print(
            f"P2 ({engine}) = {r['value']:.3f} (mục tiêu ≥ 1/3; ứng dụng {d['app_seconds']:.1f} s, đọc thô + bulk "
            f"insert {d['raw_seconds']:.1f} s); đỉnh bộ nhớ {d['peak_mb']:.0f} MB (mục tiêu < {d['goal_mb']} MB)"
        )
    return result


def measure_p3(wanted: list[str] | None = None) -> dict[str, Any]:
    from sotay.benchmarks import engines, p3

    by_engine = {}
    for engine in engines.available():
        if wanted is not None and engine not in wanted:
            continue
        by_engine[engine] = result = p3.measure(machine=_machine(), engine=engine)
        d = result["detail"]
        print(
            f"P3 ({engine}) = {result['value']:.2f} (mục tiêu ≤ {p3.GOAL}; p95 ứng dụng {d['app_p95_ms']:.2f} ms, "
            f"truy vấn thô {d['raw_p95_ms']:.2f} ms; p50 {d['app_p50_ms']:.2f} / {d['raw_p50_ms']:.2f} ms)"
        )
    return {"engines": by_engine}


def measure_p4() -> dict[str, Any]:
    from sotay.benchmarks import p4

    result = p4.measure(machine=_machine())
    home, minimal = result["detail"]["home"], result["detail"]["minimal"]
    print(
        f"P4 = {result['value']:.2f} (mục tiêu ≥ {p4.GOAL_RATIO}; trang chủ {home['rps']:.0f} yêu cầu/s, p50 "
        f"{home['p50_ms']:.0f} ms, p99 {home['p99_ms']:.0f} ms (mục tiêu < {p4.GOAL_P99_MS}); view tối thiểu "
        f"{minimal['rps']:.0f} yêu cầu/s)"
    )
    return result


def child_main(engine: str, out: Path, only: str | None) -> int:
    """In a child process: P1 and the busy pages on `engine`'s 200,000-member database, as JSON into `out`."""
    _setup_django(engine)
    results: dict[str, Any] = {}
    if only in (None, "P1"):
        load = os.getloadavg()[0]
        results["P1"] = measure_p1(engine)
        results["P1"]["load_average"] = [round(load, 2), round(os.getloadavg()[0], 2)]
    else:
        _prepare_database()
    if only in (None, "pages"):
        from sotay.benchmarks import pages

        load = os.getloadavg()[0]
        results["pages"] = pages.measure(engine)
        results["pages"]["load_average"] = [round(load, 2), round(os.getloadavg()[0], 2)]
    out.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    return 0


def measure_engines(only: str | None, wanted: list[str] | None) -> dict[str, Any]:
    """P1 and the busy pages on each engine that answers, each in a child process."""
    from sotay.benchmarks import engines

    answering = engines.available()
    if engines.POSTGRESQL not in answering:
        print("PostgreSQL không trả lời: chỉ đo trên SQLite.")
    names = [e for e in answering if wanted is None or e in wanted]
    if engines.POSTGRESQL in names:
        if not engines.pg_exists(PG_DATABASE):
            engines.pg_recreate(PG_DATABASE)
    only_args = ["--only", only] if only else []
    per_engine = {e: engines.run_child("sotay.bench", ["--engine", e, *only_args]) for e in names}
    results: dict[str, Any] = {}
    measured = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    for key in ("P1", "pages"):
        if any(key in r for r in per_engine.values()):
            results[key] = {"engines": {e: r[key] for e, r in per_engine.items()}, "measured": measured}
    return results


def _keep_other_engines(results: dict[str, Any], wanted: list[str] | None) -> dict[str, Any]:
    """With --engines, the figures of the engines not measured this time stay as they were in the JSON."""
    path = DOCS_DIR / "benchmarks.json"
    if wanted is None or not path.exists():
        return results
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return results
    for key, value in results.items():
        previous = old.get(key, {}).get("engines") or ({"sqlite": old[key]} if key in old else {})
        value["engines"] = {**{e: r for e, r in previous.items() if e not in wanted}, **value["engines"]}
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sotay.bench", description="Run the benchmarks (P1, P2, then P3).")
    parser.add_argument(
        "--only", choices=("P1", "pages", "P2", "P3", "P4"), help="run one benchmark; the others' results are kept"
    )
    parser.add_argument("--p2-runs", type=int, default=3, help="runs of each side of P2 (median; default 3)")
    parser.add_argument(
        "--engines", help="comma-separated engines for P1 and the pages (default: sqlite, and postgresql if it answers)"
    )
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), help=argparse.SUPPRESS)  # child process
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.engine:
        return child_main(args.engine, args.out, args.only)
    results: dict[str, Any] = {}
    wanted = args.engines.split(",") if args.engines else None
    if args.only in (None, "P1", "pages"):
        results.update(_keep_other_engines(measure_engines(args.only, wanted), wanted))
    if args.only in (None, "P2"):
        results["P2"] = measure_p2(args.p2_runs)
    if args.only in (None, "P3"):
        results.update(_keep_other_engines({"P3": measure_p3(wanted)}, wanted))
    if args.only in (None, "P4"):
        results["P4"] = measure_p4()
    DOCS_DIR.mkdir(exist_ok=True)
    json_path, data = _write_json(results)
    print(f"Kết quả ghi vào {_write_markdown(data)} và {json_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
