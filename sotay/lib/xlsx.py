"""Streaming XLSX writer for exports: one sheet, bold frozen header, dd/mm/yyyy dates, text made safe.

openpyxl's write-only mode keeps memory flat however many rows are written (rows go to a temporary file as they
are appended). Every text cell goes through `sotay.lib.cells.escape_for_export`, so a value such as
`=HYPERLINK(…)` typed into a member's record is stored as text, never as a formula (CSV/formula injection).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from sotay.lib.cells import escape_for_export

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
MIME_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_BOLD = Font(bold=True)
_HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
_SHEET_TITLE_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


@dataclass(frozen=True)
class Column:
    """One column: its header text and width in characters (None: from the header, 10 to 40)."""

    title: str
    width: float | None = None

    @property
    def display_width(self) -> float:
        if self.width is not None:
            return self.width
        return float(min(max(len(str(self.title)) + 2, 10), 40))


@dataclass(frozen=True)
class Group:
    """A header spanning `span` columns, written as an extra (merged) row above the column headers."""

    title: str
    span: int


def safe_text(value: Any) -> str:
    """Text for a cell: escaped for spreadsheets, without the control characters XLSX cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", escape_for_export(str(value)))


def _cell(ws, value: Any, *, header: bool = False) -> WriteOnlyCell:
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATE_FORMAT
    elif value is None or isinstance(value, bool | int | float | Decimal):
        cell = WriteOnlyCell(ws, value=value)
    else:  # str, lazy translations and anything else are written as text
        cell = WriteOnlyCell(ws, value=safe_text(value))
        cell.data_type = "s"  # never a formula, whatever the text looks like
    if header:
        cell.font = _BOLD
        cell.alignment = _HEADER_ALIGNMENT
    return cell


def _sheet_title(title: str) -> str:
    return " ".join(str(title).translate(_SHEET_TITLE_FORBIDDEN).split())[:31] or "Sheet1"


def write_xlsx(
    target: IO[bytes],
    *,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    sheet_title: str = "Sheet1",
    groups: Sequence[Group] = (),
    document_title: str = "",
) -> int:
    """Write one sheet to `target` (a binary file object) and return the number of data rows written.

    `groups`, when given, must span exactly the columns; they become a first header row of merged cells.
    """
    if groups and sum(g.span for g in groups) != len(columns):
        raise ValueError("The header groups must span exactly the columns.")
    wb = Workbook(write_only=True)
    if document_title:
        wb.properties.title = document_title
    wb.properties.creator = "Sổ tay"
    ws = wb.create_sheet(_sheet_title(sheet_title))
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.display_width
    header_rows = 2 if groups else 1
    ws.freeze_panes = f"A{header_rows + 1}"
    if groups:
        cells: list[Any] = []
        start = 1
        for group in groups:
            cells.append(_cell(ws, group.title, header=True))
            cells.extend(_cell(ws, None, header=True) for _ in range(group.span - 1))
            if group.span > 1:
                ws.merged_cells.add(f"{get_column_letter(start)}1:{get_column_letter(start + group.span - 1)}1")
            start += group.span
        ws.append(cells)
    ws.append([_cell(ws, column.title, header=True) for column in columns])
    count = 0
    for row in rows:
        ws.append([_cell(ws, value) for value in row])
        count += 1
    wb.save(target)
    return count


def xlsx_bytes(
    *,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    sheet_title: str = "Sheet1",
    groups: Sequence[Group] = (),
    document_title: str = "",
) -> bytes:
    """The workbook as bytes (for small sheets; large exports should write to a temporary file)."""
    buffer = io.BytesIO()
    write_xlsx(
        buffer, columns=columns, rows=rows, sheet_title=sheet_title, groups=groups, document_title=document_title
    )
    return buffer.getvalue()
