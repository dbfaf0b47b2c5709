"""The P2 section of docs/benchmarks.md, from the P2 entry of docs/benchmarks.json (see :mod:`sotay.benchmarks.p2`).

The entry is ``{"engines": {"sqlite": {...}, "postgresql": {...}}, "measured": ...}``, one result per engine, each
its app against the same engine's raw path in the same run. A result written before the engines (one SQLite result
at the top level) is rendered as SQLite's.
"""

from __future__ import annotations

from typing import Any

from .engines import LABELS, POSTGRESQL, machine_lines, ordered


def per_engine(p2: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The results by engine, SQLite first (an entry from before the engines is SQLite's)."""
    if "engines" not in p2:
        return {"sqlite": p2}
    return ordered(p2["engines"])


def goals_met(result: dict[str, Any]) -> bool:
    d = result["detail"]
    return bool(d["met"] and d["memory_met"])


def _verdict(met: bool) -> str:
    return "met" if met else "**not met**"


def _goals_cell(result: dict[str, Any]) -> str:
    d = result["detail"]
    missed = [name for name, ok in (("P2", d["met"]), ("memory", d["memory_met"])) if not ok]
    return "met" if not missed else f"**not met** ({', '.join(missed)})"


def markdown(p2: dict[str, Any]) -> list[str]:
    results = per_engine(p2)
    first = next(iter(results.values()))
    d0 = first["detail"]
    lines = [
        f"## P2 — importing a {d0['rows']:,}-row workbook: app vs raw read + bulk insert",
        "",
        "P2 = app throughput / raw throughput = raw seconds / app seconds (higher is better), each engine's app "
        f"against the same engine's raw path in the same run; goals: P2 ≥ 1/3 ({first['goal']}) and peak memory "
        f"of the import < {d0['goal_mb']} MB, on each engine.",
        "",
        "| Engine | P2 | App (s) | Raw (s) | App rows/s | Raw rows/s | Peak memory (MB) | Load average | Goals |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for engine, result in results.items():
        d = result["detail"]
        load = result.get("load_average")
        load_text = f"{load[0]:.2f} → {load[1]:.2f}" if load else "—"
        lines.append(
            f"| {LABELS.get(engine, engine)} | {result['value']:.3f} | {d['app_seconds']:.1f} | "
            f"{d['raw_seconds']:.1f} | {d['app_rows_per_s']:,} | {d['raw_rows_per_s']:,} | {d['peak_mb']:.0f} | "
            f"{load_text} | {_goals_cell(result)} |"
        )
    if POSTGRESQL not in results:
        lines += ["", "PostgreSQL: **not measured** in this run (its server did not answer)."]
    if p2.get("note"):
        lines += ["", f"Note: {p2['note']}"]
    lines.append("")
    for engine, result in results.items():
        lines += engine_markdown(engine, result)
    lines += _common(results)
    return lines


def engine_markdown(engine: str, result: dict[str, Any]) -> list[str]:
    """One engine's detail: its verdicts, the two sides' parts and each run."""
    d = result["detail"]
    app, raw = d["app"], d["raw"]
    runs = d["runs"]
    how = f"median of {runs} runs" if runs > 1 else "one run"
    lines = [
        f"### {LABELS.get(engine, engine)}",
        "",
        f"Measured {result['measured']}. **P2 = {result['value']:.3f}** ({how}); goal ≥ 1/3 — "
        f"{_verdict(d['met'])}. **Peak memory of the import: {d['peak_mb']:.0f} MB** (worst run); goal < "
        f"{d['goal_mb']} MB — {_verdict(d['memory_met'])}."
        + (
            f" Load average (1 min) {result['load_average'][0]:.2f} before, {result['load_average'][1]:.2f} after."
            if result.get("load_average")
            else ""
        ),
        "",
        "| Side | Seconds | Rows/s | Parts (s) | Peak memory (MB) |",
        "|---|---:|---:|---|---:|",
        f"| App: upload + preview + apply | {app['total_s']:.1f} | {d['app_rows_per_s']:,} | upload "
        f"{app['upload_s']:.1f}, preview {app['preview_s']:.1f}, apply {app['apply_s']:.1f} | {d['peak_mb']:.0f} |",
        f"| Raw: calamine read + bulk insert | {raw['total_s']:.1f} | {d['raw_rows_per_s']:,} | read "
        f"{raw['read_s']:.1f}, build objects {raw['build_s']:.1f}, insert + commit {raw['insert_s']:.1f} | "
        f"{d['raw_peak_mb']:.0f} |",
        "",
        "Each run (seconds):",
        "",
        "| Run | App preview | App apply | App total | App peak MB | Raw total | Raw peak MB |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for i, (a, r) in enumerate(zip(app["runs"], raw["runs"], strict=True), start=1):
        lines.append(
            f"| {i} | {a['preview_s']:.1f} | {a['apply_s']:.1f} | {a['total_s']:.1f} | {a['peak_mb']:.0f} | "
            f"{r['total_s']:.1f} | {r['peak_mb']:.0f} |"
        )
    lines.append("")
    return lines


def _common(results: dict[str, dict[str, Any]]) -> list[str]:
    """What is compared, the data, the machine and how to reproduce: the same for every engine."""
    first = next(iter(results.values()))
    d = first["detail"]
    runs = d["runs"]
    base, book = d["data"]["base"], d["data"]["workbook"]
    lines = [
        "### What is compared",
        "",
        "- **App**: what the worker does for an upload, timed in a child process: "
        "`sotay.imports.services.start_import` (checks the file, hashes it, keeps a private copy, registers the "
        "batch), `run_preview` (streams the rows with python-calamine, finds the header, reads and checks every "
        "cell, validates each row as a member, matches it against the members in the database and stores the plan "
        "as `ImportRow`s, in chunks of 1,000) and `apply_batch` (one transaction, in chunks of 2,000: reads the "
        "plan back, inserts the `Member`s, their `MemberPeriod`s, their `MemberChange` history rows and one audit "
        "entry each (`sotay.lib.bulk.insert` and `insert_rows`: executemany on SQLite, COPY on PostgreSQL), and "
        "adds the new members to the statistics counts of the organisations above their cells (`members_statcount`, "
        "in the database: one `INSERT … SELECT … ON CONFLICT`, about 0.38 million keys for 100,000 members, "
        "0.74 million before decision 0015; "
        "docs/decisions/0015) and to the kept snapshots (`snapshots.Shares`: each period's share as spans of "
        "snapshot days, gathered as the rows are written); the cells' size reviews are queued on commit). By the "
        "province's root "
        "organisation, without a user (as a system import). "
        f"The preview must find all {d['rows']:,} rows NEW, and the apply must add them; both are asserted.",
        "- **Raw**: in another child process, on another fresh copy of the same database: python-calamine reads "
        "the same workbook (all rows, streamed in chunks of 2,000), each row becomes a `Member` with the required "
        "fields computed directly (`full_name`; `name_folded` and `name_sort_key` through `sotay.lib.vntext`; the "
        "dates as read; gender, ethnicity and religion codes from small dicts; card number; citizen ID; "
        "`organization_id` from a dict code → id; status from the official date) and "
        "`Member.objects.bulk_create(batch_size=2000)` inserts them, all in one transaction.",
        "- **SQLite**: every run starts a new Python process on a new copy (`shutil.copyfile`) of the base "
        "database file.",
        "- **PostgreSQL**: the same two child processes, the same code and the same workbook, against the server's "
        "database: every run starts on a new database made from the base database with `CREATE DATABASE … "
        "TEMPLATE sotay_bench_p2_base` (the base's planner statistics come with it) and dropped after the run; the "
        "copy and the drop are outside the timing. On PostgreSQL `bulk_create` also reads back the new ids "
        "(`RETURNING`), on both sides.",
        (
            f"- {runs} runs of each side per engine, alternating which goes first; "
            if runs > 1
            else "- One run of each side per engine, the app first; "
        )
        + "SQLite is measured first, then PostgreSQL, in the same `python -m sotay.bench --only P2`. The figure is "
        + ("the median total time of each side" if runs > 1 else "the total time of each side")
        + " (`time.perf_counter`; process start-up, `django.setup()` and the migration check excluded).",
        "- **Memory**: `resource.getrusage(RUSAGE_SELF).ru_maxrss` of the child at the end of the import — the "
        "whole process's peak resident memory, Django and the interpreter included (the process was at "
        f"{d['baseline_mb']:.0f} MB before the import started). On PostgreSQL the server's own memory is not "
        "counted (it is another process, as in production).",
        "",
        "### Data",
        "",
        f"- Base database: the demo province from `sotay demo --members {base['members']} --seed {base['seed']}` "
        f"(generator version {base['generator']}): {base['members_in_database']:,} members, "
        f"{base['organizations']:,} organisations of which {base['cells']:,} current cells. "
        + "; ".join(
            f"{LABELS.get(e, e)}: `{r['detail']['data']['base']['database']}`, built "
            f"{r['detail']['data']['base']['built_at']}"
            for e, r in results.items()
        )
        + " (the same generator and seed on both engines).",
        f"- Workbook: `{book['file']}` ({book['bytes'] / 1_048_576:.1f} MB), {book['rows']:,} rows under one "
        f"header row ({', '.join(book['columns'])}), written with openpyxl's write-only mode (dates as date "
        f"cells formatted dd/mm/yyyy), built on {book['built_on']} (seed {book['seed']}, version "
        f"{book['version']}) from the SQLite base. Names drawn like the demo's (weighted family names, gendered "
        "middle and given names); gender Nam/Nữ; Kinh, no religion; every member at least 18 when joining, official "
        f"12 months after joining except {book['probationary']:,} probationary members (no official date, no "
        "card); unique 8-digit card numbers and citizen IDs consistent with birth year and gender, none already in "
        f"the base database; cells drawn uniformly from the base province's {book['cells_used']:,} current cells, "
        "by code.",
        "- The files are kept under var/bench/ and the PostgreSQL base on the server (its marker is the table "
        "`bench_marker` inside it); they are rebuilt only when the sizes, seeds, generator or workbook version "
        "change (the workbook also when the SQLite base is rebuilt).",
    ]
    machine = d.get("machine") or {}
    if machine:
        pg = next(
            (
                r["detail"]["machine"].get("postgresql")
                for r in results.values()
                if r["detail"].get("machine") and r["detail"]["machine"].get("postgresql")
            ),
            None,
        )
        lines += ["", *machine_lines(machine, pg)]
    lines += [
        "",
        "### Reproduce",
        "",
        "```sh",
        "make bench                                   # P1, then P2",
        ".venv/bin/python -m sotay.bench --only P2    # P2 alone, on SQLite and (when it answers) PostgreSQL",
        "```",
        "",
        "The first run builds the base databases and the workbook (a minute or two); later runs reuse them. One side "
        "alone, e.g. with a profile: `.venv/bin/python -m sotay.benchmarks.p2 app --db COPY.sqlite3 --profile "
        "app.prof` on a copy of the SQLite base, or `--db postgres://postgres@127.0.0.1:5432/COPY` on a copy of "
        "`sotay_bench_p2_base` (`CREATE DATABASE COPY TEMPLATE sotay_bench_p2_base`).",
        "",
    ]
    return lines
