"""What a real member register holds around its table: the title block above it, the footer under it, formulas.

A cell's register (Mẫu danh sách đảng viên) is headed in the Party's format, not with a column naming the cell::

    ĐẢNG BỘ XÃ ĐÔNG TIẾN                    ĐẢNG CỘNG SẢN VIỆT NAM
    CHI BỘ THÔN ĐÔNG                        Đông Tiến, ngày 05 tháng 3 năm 2026
                        DANH SÁCH ĐẢNG VIÊN

and ends with lines that are no members: totals ("Tổng cộng: 25 đảng viên"), the date line, "Người lập biểu",
"T/M CHI ỦY", "BÍ THƯ", and the signers' names. :func:`read_title_block` finds the unit and the cell of the title
block, :func:`FooterTracker` tells footer lines from data, :func:`formula_cells` lists the cells of an XLSX sheet
that hold a formula (python-calamine only gives a formula's saved value, empty when Excel never saved one).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from sotay.lib.cells import clean_text_cell
from sotay.lib.vntext import fold

_UNIT_LINE = re.compile(r"^(dang bo|dang uy)\s+\S")
_CELL_LINE = re.compile(r"^chi bo\s+\S")
# Footer lines, folded. Totals and the "T/M …", "Xác nhận …" headings are known by their start; a signer's title
# must fill its cell ("Bí thư", "Người lập biểu"), so that a member named "Bì Thu Hà" stays a member.
_FOOTER_START = re.compile(
    r"^(tong cong|tong so|cong\s*:|cong so|t\s*/\s*m\b|tm\s*[.:]?\s|thay mat|xac nhan|noi nhan|ghi chu\s*:)"
)
_FOOTER_WHOLE = re.compile(
    r"^(nguoi lap( bieu| danh sach)?|lap bieu|(pho )?bi thu( chi bo)?|ky,? ghi ro ho ten\)?|ky ten\)?|"
    r"(ky|ky ten|ky,? ghi ro ho ten)( va dong dau)?\)?)$"
)
_DATE_LINE = re.compile(r"ngay\W*[\d.…\s]*\s*thang\W*[\d.…\s]*\s*nam\b")
IDENTIFYING = ("citizen_id", "card_number", "birth_on", "biography_number")


@dataclass(frozen=True)
class TitleBlock:
    """The Party unit ("Đảng bộ xã Đông Tiến") and the cell ("Chi bộ thôn Đông") named above the table."""

    unit: str
    cell: str

    @property
    def label(self) -> str:
        return f"{self.cell} — {self.unit}" if self.unit else self.cell


def _lines(row: Sequence[object]) -> list[str]:
    out: list[str] = []
    for value in row:
        if isinstance(value, str) and value.strip():
            out += [clean_text_cell(line) for line in value.splitlines() if line.strip()]
    return out


def _as_name(text: str) -> str:
    """ "CHI BỘ THÔN ĐÔNG" → "Chi bộ thôn Đông" is not knowable; the folded comparison ignores case anyway, so
    the text is kept as written, only with single spaces and without a trailing colon."""
    return text.strip(" :;,.-–")


def read_title_block(rows: Sequence[Sequence[object]]) -> TitleBlock | None:
    """The unit and cell named on the lines above the header (left column of the Party's title block)."""
    unit = cell = ""
    for row in rows:
        for line in _lines(row):
            key = fold(line)
            if not cell and _CELL_LINE.match(key):
                cell = _as_name(line)
            elif not cell and _UNIT_LINE.match(key):  # the nearest level above the cell wins
                unit = _as_name(line)
    return TitleBlock(unit, cell) if cell else None


def is_footer_line(row: Sequence[object]) -> bool:
    """Whether a row starts the footer: one of its cells reads as a total, a signature heading or a date line."""
    for line in _lines(row):
        key = fold(line).strip("*-–( ")
        if _FOOTER_START.match(key) or _FOOTER_WHOLE.match(key) or _DATE_LINE.search(key):
            return True
    return False


class FooterTracker:
    """Tells footer lines from data, row after row. From a footer line on, rows without any identifying value
    (citizen ID, card or biography number, date of birth) are footer — the signers' names, "(Ký, ghi rõ họ tên)"
    — and a row with one is data again (a subtotal between two parts of a table)."""

    def __init__(self, mapping: dict[int, str]):
        self.identifying = [column for column, name in mapping.items() if name in IDENTIFYING]
        self.in_footer = False
        self.ignored = 0

    def _identified(self, row: Sequence[object]) -> bool:
        return any(
            column < len(row) and row[column] not in (None, "") and str(row[column]).strip()
            for column in self.identifying
        )

    def is_footer(self, row: Sequence[object]) -> bool:
        if self._identified(row):
            self.in_footer = False
            return False
        if self.in_footer or is_footer_line(row):
            self.in_footer = True
            self.ignored += 1
            return True
        return False


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _first_sheet_path(archive: zipfile.ZipFile) -> str | None:
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    sheet = workbook.find(f"{_NS}sheets/{_NS}sheet")
    if sheet is None:
        return None
    rel_id = sheet.get(f"{_REL_NS}id")
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels:
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def formula_cells(path: Path, kind: str) -> dict[tuple[int, int], str]:
    """(1-based row, 0-based column) → formula text, for the cells of the first sheet of an XLSX file that hold
    a formula. Other kinds, and files whose parts cannot be read (the reader reports those), give {}."""
    if kind != "xlsx":
        return {}
    try:
        with zipfile.ZipFile(path) as archive:
            sheet_path = _first_sheet_path(archive)
            if sheet_path is None:
                return {}
            with archive.open(sheet_path) as stream:  # a cheap look first: most registers hold no formula
                if not _has_formula_tag(stream):
                    return {}
            found: dict[tuple[int, int], str] = {}
            with archive.open(sheet_path) as stream:
                for _event, element in ElementTree.iterparse(stream):
                    if element.tag == f"{_NS}c":
                        formula = element.find(f"{_NS}f")
                        match = _CELL_REF.fullmatch(element.get("r", ""))
                        if formula is not None and match:
                            found[(int(match[2]), _column_index(match[1]))] = "=" + (formula.text or "")
                        element.clear()
                    elif element.tag == f"{_NS}row":
                        element.clear()
            return found
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError):
        return {}


# The opening of a formula element, plain or with a namespace prefix ("<f>", "<f t=…>", "<x:f>"); a false hit on
# text only costs the full parse.
_FORMULA_TAGS = (b"<f>", b"<f ", b"<f/", b":f>", b":f ", b":f/")


def _has_formula_tag(stream) -> bool:
    tail = b""
    while chunk := stream.read(1 << 20):
        block = tail + chunk
        if any(tag in block for tag in _FORMULA_TAGS):
            return True
        tail = block[-4:]
    return False
