"""Hostile and oversized workbooks are refused before they are read or stored; limits depend on the role."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sotay.imports import services
from sotay.imports.models import ImportRow
from sotay.imports.preview import Previewer
from sotay.imports.tests.workbooks import member_row, write
from sotay.lib.tests import hostile
from sotay.orgs.actor import Actor

ROOT = Path(__file__).resolve().parents[3]
MEASURE = """
import json, resource, sys, time
from pathlib import Path
import django
django.setup()
from django.utils import translation
translation.activate("vi")
from sotay.imports.reader import FileRefused, open_rows
results = []
for name in sys.argv[1:]:
    started = time.perf_counter()
    try:
        opened = open_rows(Path(name), name)
        outcome = "read %s rows" % opened.total_rows
    except FileRefused as exc:
        outcome = str(exc)
    results.append({"file": Path(name).name, "outcome": outcome, "seconds": round(time.perf_counter() - started, 2)})
# The peak of this process image (VmHWM); ru_maxrss would carry over the forking parent's (pytest's) size.
status = dict(line.split(":", 1) for line in open("/proc/self/status").read().splitlines() if ":" in line)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
if "VmHWM" in status:
    peak = int(status["VmHWM"].split()[0]) // 1024
print(json.dumps({"results": results, "peak_mb": peak}))
"""


def measure_in_a_process(*paths: Path) -> dict:
    """Open the files with the import reader in a fresh process; its peak memory (RSS) is reported."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "sotay.settings"}
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *map(str, paths)], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]  # before the fix calamine aborted the process
    return json.loads(done.stdout.splitlines()[-1])


def test_hostile_workbooks_are_refused_quickly_with_bounded_memory(tmp_path):
    files = [
        hostile.far_corner_xlsx(tmp_path / "a1-xfd1048576.xlsx"),
        hostile.sparse_diagonal_xlsx(tmp_path / "diagonal.xlsx"),
        hostile.zip_bomb_xlsx(tmp_path / "bomb.xlsx", megabytes=600),
        hostile.declare_tiny_size(
            hostile.zip_bomb_xlsx(tmp_path / "lying-bomb.xlsx", megabytes=600), "xl/worksheets/sheet2.xml"
        ),
        hostile.repeated_ods(tmp_path / "repeated.ods", rows=1_048_576, columns=16_384, filled=True),
        hostile.xls(tmp_path / "far.xls", [(0, 0, 1.0), (65_535, 65_535, 2.0)]),
        hostile.tall_xlsx(tmp_path / "tall.xlsx", 1_040_000),
        _wide_csv(tmp_path / "wide.csv"),
    ]
    assert max(path.stat().st_size for path in files[:2]) < 50_000
    measured = measure_in_a_process(*files)
    outcomes = {r["file"]: r["outcome"] for r in measured["results"]}
    assert "dòng 1.048.576, cột 16.384; giới hạn là 250.000 dòng và 200 cột" in outcomes["a1-xfd1048576.xlsx"]
    assert "Bảng tính quá lớn" in outcomes["diagonal.xlsx"]
    assert "quá nhiều dữ liệu khi giải nén" in outcomes["bomb.xlsx"]
    assert "quá nhiều dữ liệu khi giải nén" in outcomes["lying-bomb.xlsx"]
    assert "Bảng tính quá lớn" in outcomes["repeated.ods"]
    assert "dòng 65.536, cột 65.536" in outcomes["far.xls"]
    assert "giới hạn là 250.000 dòng" in outcomes["tall.xlsx"]  # refused within the first 256 KB past the limit
    assert "có dữ liệu tới dòng 1, cột" in outcomes["wide.csv"]
    assert measured["peak_mb"] < 200, measured


def _wide_csv(path: Path) -> Path:
    """One line of forty million commas: a csv parser would build a list of forty million cells."""
    with path.open("wb") as handle:
        handle.write("Họ và tên".encode())
        for _ in range(40):
            handle.write(b"," * 1_000_000)
        handle.write(b"\n")
    return path


def test_a_hostile_workbook_refuses_the_batch_and_stores_nothing(tmp_path, cast):
    path = hostile.far_corner_xlsx(tmp_path / "far.xlsx")
    batch = services.start_import(
        source_path=path,
        file_name="far.xlsx",
        organization=cast.commune_a,
        actor=Actor.for_user(cast.commune_committee),
    )
    batch = services.run_preview(batch, actor=Actor.system("worker:test"))
    assert batch.status == "REFUSED" and "Bảng tính quá lớn" in batch.message
    assert batch.worker == "" and batch.lease_expires_at is None
    assert not ImportRow.objects.exists()


@pytest.fixture
def no_row_stored(monkeypatch):
    def refuse(self, plans):
        raise AssertionError("a preview row was stored")

    monkeypatch.setattr(Previewer, "save", refuse)


def test_a_cell_secretary_cannot_import_more_rows_than_the_role_allows(tmp_path, cast, no_row_stored):
    path = hostile.tall_xlsx(tmp_path / "ds.xlsx", 2_001)
    batch = services.start_import(
        source_path=path, file_name="ds.xlsx", organization=cast.cell_a, actor=Actor.for_user(cast.cell_secretary)
    )
    batch = services.run_preview(batch, actor=Actor.system("worker:test"))
    assert batch.status == "REFUSED"
    assert batch.message == (
        "Tệp có 2.001 dòng dưới dòng tiêu đề, vượt giới hạn 2.000 dòng mỗi lần nhập của vai trò của bạn. "
        "Hãy chia nhỏ tệp hoặc nhờ cấp trên nhập."
    )
    assert not ImportRow.objects.exists()


def test_the_limit_follows_the_role_and_settings(tmp_path, cast, settings):
    settings.SOTAY_IMPORT_MAX_ROWS_BY_ROLE = {"CELL_COMMITTEE": 2, "COMMITTEE": 3}
    settings.SOTAY_IMPORT_MAX_ROWS = 4
    path = write(tmp_path / "ds.xlsx", [member_row(n) for n in range(1, 4)])
    by_cell = services.start_import(
        source_path=path, file_name="ds.xlsx", organization=cast.cell_a, actor=Actor.for_user(cast.cell_secretary)
    )
    assert services.run_preview(by_cell, actor=Actor.system("worker:test")).status == "REFUSED"
    by_commune = services.start_import(
        source_path=path, file_name="ds.xlsx", organization=cast.commune_a, actor=Actor.for_user(cast.commune_committee)
    )
    assert services.run_preview(by_commune, actor=Actor.system("worker:test")).status == "PREVIEWED"
    five = write(tmp_path / "five.xlsx", [member_row(n) for n in range(1, 6)])
    by_province = services.start_import(
        source_path=five,
        file_name="five.xlsx",
        organization=cast.province,
        actor=Actor.for_user(cast.provincial_officer),
    )
    refused = services.run_preview(by_province, actor=Actor.system("worker:test"))
    assert refused.status == "REFUSED" and "giới hạn là 4 dòng" in refused.message


def test_csv_rows_are_counted_before_any_is_stored(tmp_path, cast, settings, no_row_stored):
    settings.SOTAY_IMPORT_MAX_ROWS_BY_ROLE = {"CELL_COMMITTEE": 5}
    lines = ["Họ và tên,Ngày sinh,Chi bộ"] + [f"Người {n},01/02/1980,Chi bộ thôn Đông" for n in range(6)]
    path = tmp_path / "ds.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    batch = services.start_import(
        source_path=path, file_name="ds.csv", organization=cast.cell_a, actor=Actor.for_user(cast.cell_secretary)
    )
    batch = services.run_preview(batch, actor=Actor.system("worker:test"))
    assert batch.status == "REFUSED" and "Tệp có 6 dòng" in batch.message


@pytest.mark.parametrize("name", ["far.xlsb", "far.xls", "far.zip"])
def test_a_workbook_whose_suffix_does_not_match_its_content_is_refused_before_reading(tmp_path, cast, name):
    path = hostile.far_corner_xlsx(tmp_path / name)
    batch = services.start_import(
        source_path=path, file_name=name, organization=cast.cell_a, actor=Actor.for_user(cast.cell_secretary)
    )
    batch = services.run_preview(batch, actor=Actor.system("worker:test"))
    assert batch.status == "REFUSED" and "Đuôi tệp không khớp với nội dung" in batch.message
