"""P1's goals and report, per engine (the measuring itself is in :mod:`sotay.bench`).

Issue 18's absolute goals for the statistics of the 200,000-member province, current and as of a day: the whole
province at most 150 ms on SQLite and 100 ms on PostgreSQL, the largest commune at most 20 ms on both. The ratio
to the hand-written full scan is reported beside them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .engines import LABELS

# Milliseconds, app median: (engine, case without the "_as_of" suffix) → goal.
GOALS_MS = {
    ("sqlite", "province"): 150.0,
    ("postgresql", "province"): 100.0,
    ("sqlite", "commune"): 20.0,
    ("postgresql", "commune"): 20.0,
}
CASE_LABELS = {"province": "Whole province", "commune": "Largest commune"}


def absolute_goals(engine: str, cases: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Each case's goal in ms and whether its app median meets it; `met` when all do."""
    per_case = {}
    for key, case in cases.items():
        goal = GOALS_MS[(engine, key.removesuffix("_as_of"))]
        per_case[key] = {"goal_ms": goal, "app_ms": case["app_ms"], "met": case["app_ms"] <= goal}
    return {"cases": per_case, "met": all(c["met"] for c in per_case.values())}


def server_version() -> dict[str, str]:
    """The PostgreSQL server's version when the process is connected to one."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return {"postgresql": cursor.fetchone()[0]}


def _case_label(key: str, case: dict[str, Any]) -> str:
    label = CASE_LABELS[key.removesuffix("_as_of")]
    if case.get("as_of"):
        label += f", as of {dt.date.fromisoformat(case['as_of']):%d/%m/%Y}"
    return label


def _verdict(met: bool) -> str:
    return "met" if met else "**not met**"


def engine_lines(p1: dict[str, Any]) -> list[str]:
    """One engine's table: app and raw medians, the ratio and the absolute goal of each case."""
    engine = p1.get("engine", "sqlite")
    cases = p1["detail"]["cases"]
    goals = p1.get("goals") or absolute_goals(engine, cases)
    data = p1["detail"]["data"]
    lines = [
        f"### {LABELS.get(engine, engine)}",
        "",
        f"Measured {p1['measured']}. Absolute goals — {_verdict(goals['met'])}. Worst ratio app / raw full scan: "
        f"**{p1['value']:.2f}**.",
        "",
        "| Case | Organisation | Active members | App median (ms) | Goal (ms) | Met | Raw SQL median (ms) | Ratio |",
        "|---|---|---:|---:|---:|---|---:|---:|",
    ]
    for key, c in cases.items():
        g = goals["cases"][key]
        lines.append(
            f"| {_case_label(key, c)} | {c['organization']} | {c['members']:,} | {c['app_ms']:.2f} | "
            f"≤ {g['goal_ms']:.0f} | {'yes' if g['met'] else '**no**'} | {c['raw_ms']:.2f} | {c['ratio']:.2f} |"
        )
    machine = p1["detail"]["machine"]
    version = f"PostgreSQL {machine['postgresql']}" if machine.get("postgresql") else f"SQLite {machine.get('sqlite')}"
    lines += [
        "",
        f"Data: {data['members']:,} members (seed {data['seed']}, generator version {data['generator']}), "
        f"{data['organizations']:,} organisations, {data.get('member_periods', 0):,} member periods, built on "
        f"{data['built_on']}; {data['database']}. {version}."
        + (
            f" 1-minute load average {p1['load_average'][0]} before, {p1['load_average'][1]} after (2 cores shared: "
            "other work on the machine slows both sides)."
            if p1.get("load_average")
            else ""
        )
        + (f" Note: {p1['note']}" if p1.get("note") else ""),
        "",
    ]
    return lines


def markdown(p1: dict[str, Any], intro: list[str]) -> list[str]:
    """The P1 section: a summary of both engines, each engine's table, then `intro` (what is compared, machine)."""
    by_engine = p1["engines"]
    lines = [
        "## P1 — subtree statistics: absolute times per engine, and the ratio to hand-written SQL",
        "",
        "Goals (issue 18), app median, current and as of a day: whole 200,000-member province ≤ 150 ms on SQLite, "
        "≤ 100 ms on PostgreSQL; largest commune ≤ 20 ms on both. The ratio app / raw full scan is reported "
        "(it should be far below 1 once the statistics stop scanning members).",
        "",
        "| Engine | Province (ms) | Province as of (ms) | Commune (ms) | Commune as of (ms) | Worst ratio | Goals |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for engine, e in by_engine.items():
        c = e["detail"]["cases"]
        e.setdefault("goals", absolute_goals(engine, c))
        lines.append(
            f"| {LABELS.get(engine, engine)} | {c['province']['app_ms']:.2f} | {c['province_as_of']['app_ms']:.2f} | "
            f"{c['commune']['app_ms']:.2f} | {c['commune_as_of']['app_ms']:.2f} | {e['value']:.2f} | "
            f"{_verdict(e['goals']['met'])} |"
        )
    if "postgresql" not in by_engine:
        lines += ["", "PostgreSQL did not answer during this run: its figures are left out."]
    lines.append("")
    for e in by_engine.values():
        lines += engine_lines(e)
    return lines + intro
