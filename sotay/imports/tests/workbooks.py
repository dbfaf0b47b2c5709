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
