"""Spreadsheets for the import tests, generated with openpyxl (each with one real-world mess)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from sotay.lib.citizen_id import make_citizen_id
from sotay.lib.vntext import fold

HEADINGS = [
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


def member_row(
    n: int,
    *,
    name="Nguyễn Văn An",
    born=dt.date(1985, 3, 5),
    gender="Nam",
    ethnicity="Kinh",
    religion="Không",
    joined=dt.date(2010, 5, 19),
    official=dt.date(2011, 5, 19),
    card=None,
    cid=None,
    cell="Chi bộ thôn Đông",
) -> list:
    female = fold(gender) in ("nu", "f")
    cid = cid if cid is not None else make_citizen_id("033", born, female, 500_000 + n)
    return [n, name, born, gender, ethnicity, religion, joined, official, card or f"7{n:07d}", cid, cell]


def write(
    path: Path,
    rows: list[list],
    *,
    headings: list[str] | None = None,
    title_rows: list[list] | None = None,
    merged_header: bool = False,
) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for title in title_rows or []:
        sheet.append(title)
    if merged_header:
        # A two-row header: "Ngày" spans two columns above "sinh" and "vào Đảng".
        top = ["STT", "Họ và tên", "Ngày", None, "Số CCCD", "Chi bộ"]
        sub = [None, None, "sinh", "vào Đảng", None, None]
        sheet.append(top)
        sheet.append(sub)
        start = len(title_rows or []) + 1
        sheet.merge_cells(start_row=start, start_column=3, end_row=start, end_column=4)
    else:
        sheet.append(headings or HEADINGS)
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # as typed text, the way a hostile or careless file would hold it
    workbook.save(path)
    return path


REGISTER_TOP = ["STT", "Họ và tên", "Giới tính", "Ngày", None, None, "Số CCCD", "Ghi chú"]
REGISTER_SUB = [None, None, None, "sinh", "vào Đảng", "chính thức", None, None]


def register_row(n: int, *, name="Nguyễn Văn An", gender="Nam", born=dt.date(1985, 3, 5), cid=None) -> list:
    """A data row of :func:`write_register`: STT, name, gender, born, joined, official, citizen ID, note."""
    female = fold(gender) in ("nu", "f")
    cid = cid if cid is not None else make_citizen_id("033", born, female, 600_000 + n)
    return [n, name, gender, born, dt.date(2010, 5, 19), dt.date(2011, 5, 19), cid, None]


DEFAULT_FOOTER = [
    [],
    ["Tổng cộng: 2 đảng viên"],
    [None, None, None, None, None, "Đông Tiến, ngày 05 tháng 3 năm 2026"],
    ["Người lập biểu", None, None, None, None, "T/M CHI ỦY"],
    [None, None, None, None, None, "BÍ THƯ"],
    [None, "(Ký, ghi rõ họ tên)"],
    [None, "Lê Văn Cường", None, None, None, "Trần Thị Bình"],  # the signers, under the name column
]


def write_register(
    path: Path,
    rows: list[list],
    *,
    unit: str | None = "ĐẢNG BỘ XÃ ĐÔNG TIẾN",
    cell: str | None = "CHI BỘ THÔN ĐÔNG",
    footer: list[list] | None = None,
    formulas: dict[str, str] | None = None,
) -> Path:
    """A cell's register in the real shape: the Party title block (unit and cell on the left, "ĐẢNG CỘNG SẢN VIỆT
    NAM" and the place and date on the right, the title below), a two-row header whose "Ngày" is merged over three
    sub-headings, the data rows, then the footer (totals, date line, signing block, signers' names).
    `formulas` puts formulas (with no saved value, as openpyxl writes them) into cells: {"B8": "=HYPERLINK(…)"}."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([unit, None, None, None, None, "ĐẢNG CỘNG SẢN VIỆT NAM"])
    sheet.append([cell, None, None, None, None, "Đông Tiến, ngày 05 tháng 3 năm 2026"])
    sheet.append([])
    sheet.append([None, None, "DANH SÁCH ĐẢNG VIÊN"])
    sheet.append([])
    sheet.append(REGISTER_TOP)
    sheet.append(REGISTER_SUB)
    sheet.merge_cells(start_row=6, start_column=4, end_row=6, end_column=6)
    for column in (1, 2, 3, 7, 8):
        sheet.merge_cells(start_row=6, start_column=column, end_row=7, end_column=column)
    for row in rows:
        sheet.append(row)
    for row in DEFAULT_FOOTER if footer is None else footer:
        sheet.append(row)
    for ref, formula in (formulas or {}).items():
        sheet[ref] = formula
    workbook.save(path)
    return path
