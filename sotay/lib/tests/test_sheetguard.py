"""The size of a workbook is measured before a reader loads it: hostile files are refused quickly and cheaply."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from sotay.lib.sheetguard import Limits, SheetTooLarge, measure
from sotay.lib.tests import hostile

LIMITS = Limits(max_rows=250_000, max_columns=200, max_xml_bytes=50 * 1024 * 1024, max_cells=6_000_000)


def test_a1_and_xfd1048576_is_refused_from_the_cells_not_the_declared_dimension(tmp_path):
    path = hostile.far_corner_xlsx(tmp_path / "far.xlsx")
    assert path.stat().st_size < 5000
    with pytest.raises(SheetTooLarge, match="dòng 1.048.576, cột 16.384; giới hạn là 250.000 dòng và 200 cột"):
        measure(path, "xlsx", LIMITS)


def test_a_dimension_that_lies_and_cells_without_references_are_counted(tmp_path):
    path = hostile.lying_dimension_xlsx(tmp_path / "lie.xlsx")  # declares A1:B2
    with pytest.raises(SheetTooLarge, match="dòng 2.002, cột 201"):
        measure(path, "xlsx", LIMITS)


def test_a_sparse_diagonal_is_refused_at_the_first_cell_past_the_limit(tmp_path):
    path = hostile.sparse_diagonal_xlsx(tmp_path / "diagonal.xlsx")
    with pytest.raises(SheetTooLarge, match="Bảng tính quá lớn"):
        measure(path, "xlsx", LIMITS)


def test_the_grid_size_is_limited_too(tmp_path):
    rows = "".join(f'<row r="{n}">{hostile.cell(f"GR{n}", "x")}</row>' for n in range(1, 40_001, 1000))
    path = hostile.xlsx(tmp_path / "wide.xlsx", rows + f'<row r="40000">{hostile.cell("GR40000", "x")}</row>')
    with pytest.raises(SheetTooLarge, match="40.000 dòng × 200 cột vượt giới hạn 6.000.000 ô"):
        measure(path, "xlsx", LIMITS)


@pytest.mark.parametrize(
    "far_cell",
    [
        '<x:c xmlns:x="urn:x" r="XFD9" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c>',  # a namespace prefix
        '<y:c r="XFD9"><y:v>1</y:v></y:c>',  # an undeclared prefix (a lenient reader still sees a cell)
        '<c t="inlineStr" r="XFD9"><is><t>x</t></is></c>',  # the reference not first
        '<c r = "XFD9" t="inlineStr"><is><t>x</t></is></c>',  # spaces around "="
        '<c x="/>" r="XFD9"><v>1</v></c>',  # a quoted "/>" before the reference
        "<!-- a comment --><c r='XFD9'><v>1</v></c>",  # single quotes
    ],
)
def test_cells_written_unusually_are_read_by_the_xml_parser(tmp_path, far_cell):
    path = hostile.xlsx(
        tmp_path / "odd.xlsx",
        f'<row r="1">{hostile.cell("A1", "Họ và tên")}</row><row r="9">{far_cell}</row>',
    )
    with pytest.raises(SheetTooLarge, match="dòng 9, cột 16.384"):
        measure(path, "xlsx", LIMITS)


def test_a_zip_bomb_is_refused_by_its_declared_size(tmp_path):
    path = hostile.zip_bomb_xlsx(tmp_path / "bomb.xlsx", megabytes=60)
    assert path.stat().st_size < 200_000
    with pytest.raises(SheetTooLarge, match="quá nhiều dữ liệu khi giải nén \\(trên 50 MB\\)"):
        measure(path, "xlsx", LIMITS)


def test_a_zip_bomb_lying_about_its_size_is_refused_while_inflating(tmp_path):
    path = hostile.zip_bomb_xlsx(tmp_path / "bomb.xlsx", megabytes=60)
    hostile.declare_tiny_size(path, "xl/worksheets/sheet2.xml")
    with zipfile.ZipFile(path) as archive:
        assert sum(info.file_size for info in archive.infolist()) < 10_000  # what the zip claims
    with pytest.raises(SheetTooLarge, match="quá nhiều dữ liệu khi giải nén"):
        measure(path, "xlsx", LIMITS)


def test_ods_repeated_cells_count_as_the_cells_they_stand_for(tmp_path):
    filled = hostile.repeated_ods(tmp_path / "filled.ods", rows=1_048_576, columns=16_384, filled=True)
    with pytest.raises(SheetTooLarge, match="giới hạn là 250.000 dòng"):
        measure(filled, "ods", LIMITS)
    # LibreOffice writes its empty tail as repeated empty cells: that is not data.
    empty_tail = hostile.repeated_ods(tmp_path / "tail.ods", rows=1_048_576, columns=1024, filled=False)
    assert measure(empty_tail, "ods", LIMITS).rows == 1


def test_xls_cells_far_away_are_refused_and_a_normal_xls_passes(tmp_path):
    far = hostile.xls(tmp_path / "far.xls", [(0, 0, 1.0), (65_535, 65_535, 2.0)])
    with pytest.raises(SheetTooLarge, match="dòng 65.536, cột 65.536"):
        measure(far, "xls", LIMITS)
    normal = measure(hostile.xls(tmp_path / "ok.xls", [(0, 0, 1.0), (10, 5, 2.0)]), "xls", LIMITS)
    assert (normal.rows, normal.columns) == (11, 6)


def test_an_ordinary_workbook_is_measured_exactly(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for n in range(1, 301):
        sheet.append([n, f"Người {n}", None, "Nam"])
    sheet["F2"] = None  # an empty cell is not data
    path = tmp_path / "ok.xlsx"
    workbook.save(path)
    extent = measure(path, "xlsx", LIMITS)
    assert (extent.rows, extent.columns, extent.declared_rows) == (300, 4, 300)


def test_broken_zip_is_refused_as_broken(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(SheetTooLarge, match="tệp hỏng"):
        measure(path, "xlsx", LIMITS)
    xls = hostile.xls(tmp_path / "broken.xls", [(0, 0, 1.0)])
    xls.write_bytes(xls.read_bytes()[:700])  # cut inside the sectors
    with pytest.raises(SheetTooLarge, match="tệp hỏng"):
        measure(xls, "xls", LIMITS)


def test_a_zip_of_too_many_parts_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("sotay.lib.sheetguard.MAX_PARTS", 10)
    path = hostile.xlsx(tmp_path / "parts.xlsx", "", extra={f"xl/media/p{n}.xml": b"<a/>" for n in range(10)})
    with pytest.raises(SheetTooLarge, match="tệp hỏng"):
        measure(path, "xlsx", LIMITS)


def test_csv_lines_and_separators_are_counted_before_parsing(tmp_path):
    wide = tmp_path / "wide.csv"
    wide.write_bytes(b"H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan" + b"," * 5_000_000 + b"\n")
    with pytest.raises(SheetTooLarge, match="có dữ liệu tới dòng 1, cột"):  # within the first chunk
        measure(wide, "csv", LIMITS)
    tall = tmp_path / "tall.csv"
    tall.write_bytes(b"x;y\n" * 250_001)
    with pytest.raises(SheetTooLarge, match=", cột 2; giới hạn là 250.000 dòng"):
        measure(tall, "csv", LIMITS)
    ok = tmp_path / "ok.csv"
    ok.write_bytes("Họ và tên\tNgày sinh\nAn\t01/02/1980\n".encode())
    assert (measure(ok, "csv", LIMITS).rows, measure(ok, "csv", LIMITS).columns) == (2, 2)
