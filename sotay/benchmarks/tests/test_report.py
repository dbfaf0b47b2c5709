"""The benchmark report: benchmarks.json merged per key, benchmarks.md rendered per engine, honest verdicts."""

from __future__ import annotations

import json

import pytest

from sotay import bench
from sotay.benchmarks import national, national_report, p1, pages


def _case(app_ms: float, raw_ms: float, as_of: str | None = None) -> dict:
    return {
        "organization": "Đảng bộ tỉnh Hưng Yên",
        "path": "0001",
        "as_of": as_of,
        "members": 198_403,
        "app_ms": app_ms,
        "raw_ms": raw_ms,
        "ratio": round(app_ms / raw_ms, 3),
    }


def _p1(engine: str, province_ms: float) -> dict:
    cases = {
        "province": _case(province_ms, 1000.0),
        "commune": _case(12.0, 14.0),
        "province_as_of": _case(province_ms, 2000.0, "2025-12-31"),
        "commune_as_of": _case(15.0, 40.0, "2025-12-31"),
        "province_mid_year": _case(province_ms, 2000.0, "2021-06-15"),
        "commune_mid_year": _case(16.0, 40.0, "2021-06-15"),
        "province_long_ago": _case(province_ms, 2000.0, "2003-05-15"),
        "commune_long_ago": _case(17.0, 40.0, "2003-05-15"),
    }
    machine = {"cpu": "CPU", "cores": 2, "ram_gb": 8, "os": "Linux", "python": "3.11", "sqlite": "3.40"}
    machine["django"] = "5.2"
    if engine == "postgresql":
        machine["postgresql"] = "15.2"
    return {
        "engine": engine,
        "value": max(c["ratio"] for c in cases.values()),
        "goals": p1.absolute_goals(engine, cases),
        "measured": "2026-12-02T20:00:00+00:00",
        "detail": {
            "cases": cases,
            "runs": 21,
            "warmups": 2,
            "as_of": "2025-12-31",
            "machine": machine,
            "data": {
                "members": 200_000,
                "seed": 2025,
                "generator": 1,
                "organizations": 10_831,
                "member_periods": 394_347,
                "built_on": "2026-12-02",
                "generation_seconds": 200.0,
                "database": "x",
            },
        },
    }


def test_absolute_goals_depend_on_the_engine():
    # Issue 18: the province within 150 ms on SQLite but 100 ms on PostgreSQL; a commune within 20 ms on both.
    cases = _p1("sqlite", 120.0)["detail"]["cases"]
    assert p1.absolute_goals("sqlite", cases)["met"]
    assert not p1.absolute_goals("postgresql", cases)["met"]
    cases["commune"]["app_ms"] = 25.0
    assert not p1.absolute_goals("sqlite", cases)["cases"]["commune"]["met"]


def test_a_result_measured_before_the_far_days_renders_a_dash():
    old = _p1("sqlite", 30.0)
    for key in ("province_mid_year", "commune_mid_year", "province_long_ago", "commune_long_ago"):
        del old["detail"]["cases"][key]
    lines = p1.markdown({"engines": {"sqlite": old}}, [])
    assert "| SQLite | Province | 30.00 | 30.00 | — | — |" in "\n".join(lines)


def test_percentile_interpolates_between_ranks():
    assert pages.percentile([1.0, 2.0, 3.0, 4.0, 5.0], 50) == 3.0
    assert pages.percentile([10.0, 20.0], 95) == pytest.approx(19.5)
    with pytest.raises(ValueError):
        pages.percentile([], 95)


def _pages(engine: str, median: float) -> dict:
    page = {"title": "Member home", "login": "dangvien", "url": "/", "median_ms": median, "p95_ms": median * 2}
    return {"engine": engine, "pages": {"member_home": {**page, "runs": 21, "warmups": 2}}, "runs": 21, "warmups": 2}


def _national(members: int, nation_ms: float) -> dict:
    return {
        "measured": "2026-12-02T21:00:00+00:00",
        "database": "sotay_national_300000",
        "database_bytes": 3 * 1024**3,
        "peak_mb": 120.0,
        "as_of": "2025-12-31",
        "goals_met": nation_ms <= 1000,
        "cases": {
            "nation": {
                "label": "Nation (34 provinces)",
                "median_ms": nation_ms,
                "min_ms": 1.0,
                "runs": 5,
                "goal_ms": 1000.0,
                "met": nation_ms <= 1000,
                "members": members,
            },
            "commune_as_of": {"label": "Đảng bộ phường Phố Hiến, as of", "median_ms": 9.0, "min_ms": 8.0, "runs": 11},
        },
        "data": {
            "members": members,
            "provinces": 34,
            "organizations": 300_000,
            "peak_mb": 300.0,
            "built_on": "2026-12-02",
            "generation_seconds": 600.0,
            "copy_seconds": 400.0,
            "derived": {"periods": {"rows": 2, "seconds": 1.0}},
        },
        "machine": {"postgresql": "15.2", "cpu": "CPU", "cores": 2, "ram_gb": 8},
    }


def test_the_report_keeps_other_keys_and_renders_each_engine(tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "DOCS_DIR", tmp_path)
    (tmp_path / "benchmarks.json").write_text(json.dumps({"P5": {"kept": True}}), encoding="utf-8")
    results = {
        "P1": {"engines": {"sqlite": _p1("sqlite", 120.0), "postgresql": _p1("postgresql", 120.0)}, "measured": "x"},
        "pages": {
            "engines": {"postgresql": _pages("postgresql", 20.0), "sqlite": _pages("sqlite", 30.0)},
            "measured": "x",
        },
        "national": _national(300_000, 1500.0),
    }
    _path, data = bench._write_json(results)
    assert data["P5"] == {"kept": True}
    assert json.loads((tmp_path / "benchmarks.json").read_text(encoding="utf-8"))["P1"]["engines"].keys() == {
        "sqlite",
        "postgresql",
    }
    text = bench._write_markdown(data).read_text(encoding="utf-8")
    assert "### SQLite" in text and "### PostgreSQL" in text
    # 120 ms meets SQLite's 150 ms and misses PostgreSQL's 100 ms: each engine's own verdict.
    summary = [line for line in text.splitlines() if line.startswith(("| SQLite |", "| PostgreSQL |"))]
    assert summary[0].endswith("| met |") and summary[2].endswith("| **not met** |")
    # One row per engine and organisation: today, then the three past days (a year end, mid-year, long ago).
    assert "| Today (ms) | As of 31/12/2025 (ms) | As of 15/06/2021 (ms) | As of 15/05/2003 (ms) |" in text
    assert summary[1].startswith("| SQLite | Commune | 12.00 | 15.00 | 16.00 | 17.00 |")
    assert "| Whole province, as of 15/05/2003 | Đảng bộ tỉnh Hưng Yên |" in text
    assert "| Member home | dangvien | 30.0 | 60.0 | 20.0 | 40.0 |" in text
    assert "SQLite median (ms) | SQLite p95 (ms) | PostgreSQL median (ms)" in text
    assert "**a scaled run**" in text and "Goals — **not met**" in text
    assert "| Nation (34 provinces) | 300,000 | 1500.0 |" in text
    assert "| Đảng bộ phường Phố Hiến, as of 31/12/2025 |  | 9.0 | 8.0 | 11 | — | — |" in text


def test_a_p1_result_from_before_the_engines_is_still_rendered():
    old = _p1("sqlite", 1200.0)
    del old["goals"], old["engine"]
    lines = bench._p1_markdown(old)
    assert "### SQLite" in lines
    assert any("**not met**" in line for line in lines)


def test_the_full_national_size_is_not_called_scaled():
    text = "\n".join(national_report.markdown(_national(national.MEMBERS, 800.0)))
    assert "a scaled run**" not in text and "Goals — met" in text


def test_measuring_one_engine_keeps_the_others_figures(tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "DOCS_DIR", tmp_path)
    old_p3 = {"value": 1.1, "detail": {"app_p95_ms": 9.0}}  # a P3 result from before the engines: SQLite's
    old = {"P1": {"engines": {"sqlite": {"value": 1.0}, "postgresql": {"value": 2.0}}}, "P3": old_p3}
    (tmp_path / "benchmarks.json").write_text(json.dumps(old), encoding="utf-8")
    new = {"P1": {"engines": {"postgresql": {"value": 0.5}}}, "P3": {"engines": {"postgresql": {"value": 1.3}}}}
    kept = bench._keep_other_engines(new, ["postgresql"])
    assert kept["P1"]["engines"] == {"sqlite": {"value": 1.0}, "postgresql": {"value": 0.5}}
    assert kept["P3"]["engines"] == {"sqlite": old_p3, "postgresql": {"value": 1.3}}
    # without --engines every engine was measured: nothing old is mixed in
    assert bench._keep_other_engines({"P1": {"engines": {"sqlite": {}}}}, None)["P1"]["engines"] == {"sqlite": {}}


def test_busy_pages_say_when_they_were_measured_under_load_and_which_miss_the_goal():
    quiet = {"engines": {"sqlite": {**_pages("sqlite", 30.0), "load_average": [0.5, 1.0]}}, "measured": "now"}
    text = "\n".join(pages.markdown(quiet))
    assert "under load" not in text and "| 30.0 |" in text and "| yes |" in text
    busy = {"engines": {"sqlite": {**_pages("sqlite", 160.0), "load_average": [9.4, 10.54]}}, "measured": "now"}
    text = "\n".join(pages.markdown(busy))
    assert "**Measured under load 10.5**" in text and "| **no** |" in text


def _p2(engine: str, app_s: float, raw_s: float, peak: float) -> dict:
    ratio = raw_s / app_s
    database = "var/bench/p2-base-5000.sqlite3" if engine == "sqlite" else "PostgreSQL database sotay_bench_p2_base"
    base = {"members": 5000, "seed": 2025, "generator": 2, "built_at": "2026-12-03T09:45:26+00:00"}
    base |= {"organizations": 661, "cells": 265, "members_in_database": 5002, "database": database}
    workbook = {"file": "var/bench/p2-import-100000.xlsx", "bytes": 7_725_300, "rows": 100_000, "seed": 2025}
    workbook |= {"version": 1, "built_on": "2026-12-03", "columns": ["STT", "Họ và tên"], "probationary": 5085}
    workbook |= {"cells_used": 265}
    machine = {"cpu": "CPU", "cores": 2, "ram_gb": 8, "os": "Linux", "python": "3.11", "sqlite": "3.40"}
    machine["django"] = "5.2"
    if engine == "postgresql":
        machine["postgresql"] = "15.2"
    app = {"upload_s": 0.03, "preview_s": app_s / 4, "apply_s": app_s * 3 / 4, "total_s": app_s, "peak_mb": peak}
    raw = {"read_s": 2.0, "build_s": 9.0, "insert_s": raw_s - 11, "total_s": raw_s, "peak_mb": 160.0}
    return {
        "engine": engine,
        "value": round(ratio, 3),
        "goal": 0.333,
        "load_average": [1.5, 1.75],
        "measured": "2026-12-03T10:00:00+00:00",
        "detail": {
            "met": ratio >= 1 / 3,
            "rows": 100_000,
            "app_seconds": app_s,
            "raw_seconds": raw_s,
            "app_rows_per_s": round(100_000 / app_s),
            "raw_rows_per_s": round(100_000 / raw_s),
            "app": {**app, "runs": [app]},
            "raw": {**raw, "runs": [raw]},
            "peak_mb": peak,
            "goal_mb": 400,
            "memory_met": peak < 400,
            "baseline_mb": 160.0,
            "raw_peak_mb": 160.0,
            "runs": 1,
            "data": {"base": base, "workbook": workbook},
            "machine": machine,
        },
    }


def test_p2_renders_both_engines_with_their_own_verdicts(tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "DOCS_DIR", tmp_path)
    (tmp_path / "benchmarks.json").write_text(json.dumps({"P9": {"kept": True}}), encoding="utf-8")
    # PostgreSQL given first: the report still puts SQLite first.
    p2_entry = {
        "engines": {"postgresql": _p2("postgresql", 200.0, 50.0, 190.0), "sqlite": _p2("sqlite", 100.0, 40.0, 420.0)},
        "measured": "2026-12-03T10:30:00+00:00",
    }
    _path, data = bench._write_json({"P2": p2_entry})
    assert data["P9"] == {"kept": True}
    stored = json.loads((tmp_path / "benchmarks.json").read_text(encoding="utf-8"))["P2"]
    assert set(stored["engines"]) == {"sqlite", "postgresql"}
    text = bench._write_markdown(data).read_text(encoding="utf-8")
    summary = [line for line in text.splitlines() if line.startswith(("| SQLite |", "| PostgreSQL |"))]
    # SQLite: 40 / 100 = 0.4 meets the ratio but 420 MB misses the memory goal; PostgreSQL: 50 / 200 misses P2.
    assert summary == [
        "| SQLite | 0.400 | 100.0 | 40.0 | 1,000 | 2,500 | 420 | 1.50 → 1.75 | **not met** (memory) |",
        "| PostgreSQL | 0.250 | 200.0 | 50.0 | 500 | 2,000 | 190 | 1.50 → 1.75 | **not met** (P2) |",
    ]
    assert text.index("### SQLite\n\nMeasured") < text.index("### PostgreSQL\n\nMeasured")
    assert "TEMPLATE sotay_bench_p2_base" in text and "PostgreSQL 15.2" in text
    assert "not measured" not in text


def test_an_old_sqlite_only_p2_result_is_rendered_as_sqlite():
    from sotay.benchmarks import p2_report

    old = _p2("sqlite", 120.0, 50.0, 180.0)
    del old["engine"], old["load_average"]
    lines = p2_report.markdown(old)
    assert "| SQLite | 0.417 | 120.0 | 50.0 | 833 | 2,000 | 180 | — | met |" in lines
    assert any("PostgreSQL: **not measured**" in line for line in lines)
    # A note kept in the JSON (e.g. which code was measured) is shown under the summary table.
    lines = p2_report.markdown({"engines": {"sqlite": old}, "note": "measured before X."})
    assert "Note: measured before X." in lines


def test_p2_skips_postgresql_with_a_message_when_it_does_not_answer(monkeypatch, capsys):
    from sotay.benchmarks import engines, p2

    monkeypatch.setattr(engines, "pg_answers", lambda: False)
    children: list[list[str]] = []
    monkeypatch.setattr(p2, "_child", lambda args: children.append(args) or {"base": {}, "workbook": {}})
    measured: list[str] = []
    monkeypatch.setattr(p2, "measure_engine", lambda engine, *a, **k: measured.append(engine) or {"engine": engine})
    result = p2.measure(runs=1)
    assert children == [["prepare"]] and measured == ["sqlite"]
    assert set(result["engines"]) == {"sqlite"}
    assert "PostgreSQL không trả lời" in capsys.readouterr().err
