"""The national run's section of docs/benchmarks.md (the run itself: :mod:`sotay.benchmarks.national`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .national import MEMBERS, NATION_RUNS, RUNS, SEARCHES


def markdown(n: dict[str, Any]) -> list[str]:
    data, cases = n["data"], n["cases"]
    scaled = data["members"] < MEMBERS
    lines = [
        "## National run — PostgreSQL (`make bench-national`)",
        "",
        f"Measured {n['measured']} on {data['members']:,} members in {data['provinces']} provinces"
        + (f" — **a scaled run** (the full size is {MEMBERS:,}; `--members {data['members']}`)" if scaled else "")
        + f". Goals — {'met' if n['goals_met'] else '**not met**'}."
        + (f" Note: {n['note']}" if n.get("note") else ""),
        "",
        "| Case | Active members | Median (ms) | Fastest (ms) | Runs | Goal (ms) | Met |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for key, c in cases.items():
        label = c["label"]
        if key.endswith("_as_of"):
            label += f" {dt.date.fromisoformat(n['as_of']):%d/%m/%Y}"
        goal = f"≤ {c['goal_ms']:.0f}" if "goal_ms" in c else "—"
        met = ("yes" if c["met"] else "**no**") if "met" in c else "—"
        members = f"{c['members']:,}" if "members" in c else ""
        lines.append(
            f"| {label} | {members} | {c['median_ms']:.1f} | {c['min_ms']:.1f} | {c['runs']} | {goal} | {met} |"
        )
    derived = "; ".join(f"{what}: {d['rows']:,} rows in {d['seconds']} s" for what, d in data["derived"].items())
    rows = data.get("rows", {})
    verified = data.get("verified", {})
    lines += [
        "",
        f"- Database `{n['database']}`: {n['database_bytes'] / 1024**3:.2f} GB (`pg_database_size`); "
        f"{data['organizations']:,} organisations, {rows.get('members_memberperiod', 0):,} member periods, "
        f"{rows.get('members_statcount', 0):,} statistics counts, {rows.get('members_statsnapshot', 0):,} snapshot "
        f"rows. Peak memory of the measuring process {n['peak_mb']:.0f} MB, of the generating process "
        f"{data['peak_mb']:.0f} MB (`resource.getrusage`, max RSS).",
        f"- Built on {data['built_on']} in {data['generation_seconds']:.0f} s. The first province is the template: "
        f"the demo's planner and member factory (`sotay.demo.generator`), loaded with COPY in "
        f"{data['copy_seconds']:.0f} s; its derived tables made by the app's own functions — {derived}. The other "
        f"{data['provinces'] - 1} provinces are copies of it made in SQL (`INSERT … SELECT` with their own ids, "
        f"paths, codes, root names and card, file and citizen numbers; the member tables' indexes dropped during "
        f"the copy and built again after it) in {data.get('replicate_seconds', 0):.0f} s. So every province has "
        "the same members under its own numbers: the nation's size and shape, not 34 different distributions.",
        f"- The copy is checked: the statistics counts of {verified.get('province', 'the last province')} recomputed "
        f"from its members and periods by the app (`counts.recompute`, what `sotay stats-verify` runs) equal the "
        f"copied ones ({verified.get('counts', 0):,} counts, {verified.get('differences', 0)} differences, "
        f"{verified.get('seconds', 0)} s).",
        "- Nation: `sotay.members.stats.combined_statistics` of the provinces (there is no national root "
        "organisation): today's figures in one pass over the provinces' own counts, a past day as the sum of each "
        "province's (its nearest snapshot). Province: the first; commune: its largest. Medians "
        f"of {NATION_RUNS} (nation) or {RUNS} runs after one warm-up.",
        "- Member list: `sotay.members.filters.filtered_members` (active members of the commune, Vietnamese name "
        "order) and the list page's paginator, page 1 (count + rows), as the commune's committee.",
        f"- Name search: the same path with `q` (folded, `name_folded` contains each word), as a Ban Tổ chức "
        f"officer granted all provinces; median of {len(SEARCHES)} different diacritic-free names, page 1.",
        f"- PostgreSQL {n['machine']['postgresql']}; {n['machine']['cpu']}, {n['machine']['cores']} cores, "
        f"RAM {n['machine']['ram_gb']} GB.",
        "",
        "```sh",
        "make bench-national                                   # ~6,000,000 members; generation cached",
        ".venv/bin/python -m sotay.benchmarks.national --members 300000   # a scaled run",
        "```",
        "",
    ]
    return lines
