"""sotay.lib.xlsx: streaming sheets with a bold frozen header, real dates and text that never runs as a formula.

(Kept here with the exports that use it; it needs no database.)
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from sotay.lib.xlsx import Column, Group, write_xlsx, xlsx_bytes


def sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def test_header_is_bold_frozen_and_sized():
    ws = sheet(xlsx_bytes(columns=[Column("Họ và tên", 30), Column("STT")], rows=[["Nguyễn Văn Ấn", 1]]))
    assert [c.value for c in ws[1]] == ["Họ và tên", "STT"]
    assert all(c.font.b for c in ws[1]) and not ws["A2"].font.b
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width == 30
    assert ws.column_dimensions["B"].width == 10  # short titles get a minimum width


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x")', "+SUM(A1)", "-1+1", "@SUM(A1)", "=1+1", " =1+1", "\uff1d1+1"],
)
def test_text_that_looks_like_a_formula_is_escaped_and_stored_as_text(text):
    ws = sheet(xlsx_bytes(columns=[Column("Nghề nghiệp")], rows=[[text]]))
    cell = ws["A2"]
    assert cell.value == "'" + text
    assert cell.data_type == "s"


def test_a_signed_number_is_left_as_it_is_but_still_stored_as_text():
    ws = sheet(xlsx_bytes(columns=[Column("Điện thoại")], rows=[["+84 912 000 001"], ["-"]]))
    assert [ws["A2"].value, ws["A3"].value] == ["+84 912 000 001", "-"]
    assert ws["A2"].data_type == "s"


def test_ordinary_text_is_unchanged():
    ws = sheet(xlsx_bytes(columns=[Column("Tên")], rows=[["Chi bộ thôn Đông"], ["0912 000 001"]]))
    assert [ws["A2"].value, ws["A3"].value] == ["Chi bộ thôn Đông", "0912 000 001"]


def test_dates_are_real_dates_shown_as_dd_mm_yyyy():
    moment = dt.datetime(2025, 3, 1, 2, 30, tzinfo=dt.UTC)
    ws = sheet(xlsx_bytes(columns=[Column("Ngày"), Column("Lúc")], rows=[[dt.date(2010, 3, 2), moment]]))
    day, when = ws["A2"], ws["B2"]
    assert day.is_date and day.value.date() == dt.date(2010, 3, 2)
    assert day.number_format == "dd/mm/yyyy"
    assert when.is_date and when.number_format == "dd/mm/yyyy hh:mm"
    assert when.value == moment.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).replace(tzinfo=None)


def test_numbers_and_blanks_keep_their_type():
    ws = sheet(xlsx_bytes(columns=[Column(c) for c in "ABCD"], rows=[[7, 2.5, Decimal("1.25"), None]]))
    assert [c.value for c in ws[2]][:3] == [7, 2.5, 1.25]
    assert ws["D2"].value is None
    assert ws["A2"].data_type == "n"


def test_control_characters_are_dropped():
    ws = sheet(xlsx_bytes(columns=[Column("Ghi chú")], rows=[["dòng\x00một\x0b"]]))
    assert ws["A2"].value == "dòngmột"


def test_groups_add_a_merged_numbered_header_row():
    columns = [Column("STT"), Column("Họ và tên"), Column("Tên khai sinh")]
    ws = sheet(xlsx_bytes(columns=columns, rows=[[1, "A", "B"]], groups=[Group("(1)", 1), Group("(2)", 2)]))
    assert [c.value for c in ws[1]] == ["(1)", "(2)", None]
    assert [str(r) for r in ws.merged_cells.ranges] == ["B1:C1"]
    assert [c.value for c in ws[2]] == ["STT", "Họ và tên", "Tên khai sinh"]
    assert ws.freeze_panes == "A3"
    with pytest.raises(ValueError):
        xlsx_bytes(columns=columns, rows=[], groups=[Group("(1)", 1)])


def test_it_streams_rows_to_a_file_and_counts_them(tmp_path):
    path = tmp_path / "out.xlsx"
    with path.open("wb") as target:
        count = write_xlsx(target, columns=[Column("N")], rows=([n] for n in range(500)), sheet_title="Danh/sách")
    assert count == 500
    wb = load_workbook(path, read_only=True)
    assert wb.sheetnames == ["Danh sách"]
    assert sum(1 for _row in wb.active.iter_rows()) == 501
    # Other readers agree (python-calamine is what the imports use).
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert rows[0] == ["N"] and rows[-1] == [499] and len(rows) == 501
