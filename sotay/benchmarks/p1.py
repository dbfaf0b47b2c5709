"""P1's goals and report, per engine (the measuring itself is in :mod:`sotay.bench`).

Issue 18's absolute goals for the statistics of the 200,000-member province, current and as of any past day: the
whole province at most 150 ms on SQLite and 100 ms on PostgreSQL, the largest commune at most 20 ms on both. The
past days measured (`PAST_DAYS`): a year end that is a snapshot's day, a mid-year day between two year-end snapshots
and a day long ago. The ratio to the hand-written full scan is reported beside them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .engines import LABELS

# The past days of the cases: suffix of the case key → day (the province and the largest commune on each).
PAST_DAYS = {
    "as_of": dt.date(2025, 12, 31),
    "mid_year": dt.date(2021, 6, 15),
    "long_ago": dt.date(2003, 5, 15),
}
# Milliseconds, app median: (engine, organisation part of the case key) → goal.
GOALS_MS = {
    ("sqlite", "province"): 150.0,
    ("postgresql", "province"): 100.0,
    ("sqlite", "commune"): 20.0,
    ("postgresql", "commune"): 20.0,
}
CASE_LABELS = {"province": "Whole province", "commune": "Largest commune"}


def case_keys() -> list[tuple[str, dt.date | None]]:
    """The cases in the order they are measured and shown: (key, past day or None for today)."""
    keys: list[tuple[str, dt.date | None]] = [("province", None), ("commune", None)]
    for suffix, day in PAST_DAYS.items():
        keys += [(f"province_{suffix}", day), (f"commune_{suffix}", day)]
    return keys


def _organisation(key: str) -> str:
    return key.split("_", 1)[0]


def absolute_goals(engine: str, cases: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Each case's goal in ms and whether its app median meets it; `met` when all do."""
    per_case = {}
    for key, case in cases.items():
        goal = GOALS_MS[(engine, _organisation(key))]
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
    label = CASE_LABELS[_organisation(key)]
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
        "Goals (issue 18), app median, current and as of any past day: whole 200,000-member province ≤ 150 ms on "
        "SQLite, ≤ 100 ms on PostgreSQL; largest commune ≤ 20 ms on both. The ratio app / raw full scan is reported "
        "(it should be far below 1 once the statistics stop scanning members).",
        "",
        "| Engine | Organisation | Today (ms) | "
        + " | ".join(f"As of {day:%d/%m/%Y} (ms)" for day in PAST_DAYS.values())
        + " | Worst ratio | Goals |",
        "|---|---|" + "---:|" * (1 + len(PAST_DAYS)) + "---:|---|",
    ]
    for engine, e in by_engine.items():
        c = e["detail"]["cases"]
        e.setdefault("goals", absolute_goals(engine, c))
        for org in CASE_LABELS:
            times = [c.get(key, {}).get("app_ms") for key, _day in case_keys() if _organisation(key) == org]
            lines.append(
                f"| {LABELS.get(engine, engine)} | {org.capitalize()} | "
                + " | ".join("—" if ms is None else f"{ms:.2f}" for ms in times)
                + f" | {e['value']:.2f} | {_verdict(e['goals']['met'])} |"
            )
    if "postgresql" not in by_engine:
        lines += ["", "PostgreSQL did not answer during this run: its figures are left out."]
    lines.append("")
    for e in by_engine.values():
        lines += engine_lines(e)
    return lines + intro
