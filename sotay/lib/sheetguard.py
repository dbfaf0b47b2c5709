"""Measure a spreadsheet's real size before a reader loads it, so a tiny hostile file cannot exhaust memory.

python-calamine loads a whole sheet as a dense grid from its first to its last cell: a 5 KB XLSX holding only A1
and XFD1048576 asks it for 17 billion cells (512 GiB) and the process aborts. A zip bomb (a few KB inflating to
gigabytes of XML) does the same through the XML parts. `measure()` reads the file with bounded memory first:

- XLSX and ODS: every part of the zip is inflated by hand from its compressed bytes (the sizes the zip declares
  can lie), counted against ``max_xml_bytes`` as it streams, and parsed incrementally (lxml ``iterparse``, elements
  cleared as they end). The extent is where the last cell with content sits: the declared ``<dimension ref>`` is
  read too, but only the cells themselves are trusted (a sheet may declare A1 and hold XFD1048576). ODS repeat
  attributes (``number-rows-repeated``, ``number-columns-repeated``) count as the cells they stand for.
- XLS: the BIFF records of the workbook stream are scanned for cell positions (no values are read).
- CSV: lines and separators are counted on the raw bytes before the csv module builds any row.

Everything is scanned (every XML part, every sheet), not just the first sheet: readers parse more than the sheet
they return, and a hostile file may point its first sheet at an unexpected part.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

CHUNK = 256 * 1024
MAX_PARTS = 10_000
_CELL_REF = re.compile(r"^\$?([A-Za-z]+)\$?([0-9]+)$")


class SheetTooLarge(ValueError):
    """The workbook is refused before reading; the message (Vietnamese) says why."""


@dataclass(frozen=True)
class Limits:
    max_rows: int
    max_columns: int
    max_xml_bytes: int
    max_cells: int | None = None  # rows × columns, the grid a dense reader allocates

    def passed(self, extent: Extent) -> bool:
        return (
            extent.rows > self.max_rows
            or extent.columns > self.max_columns
            or (self.max_cells is not None and extent.rows * extent.columns > self.max_cells)
        )


@dataclass
class Extent:
    rows: int = 0  # the last row holding content (1-based), i.e. the rows a reader will produce
    columns: int = 0
    declared_rows: int = 0  # from <dimension ref="…"> (XLSX) or DIMENSIONS (XLS), for the record only
    declared_columns: int = 0
    xml_bytes: int = 0


def column_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + (ord(char) - 64)
    return number


def measure(path: Path, kind: str, limits: Limits) -> Extent:
    """The sheet's extent; raises SheetTooLarge as soon as a limit is passed (the rest is not read)."""
    if kind in ("xlsx", "ods"):
        extent = _measure_zip(path, limits)
    elif kind == "xls":
        extent = _measure_xls(path, limits)
    elif kind == "csv":
        extent = _measure_csv(path, limits)
    else:
        return Extent()
    _check(extent, limits)
    return extent


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _check(extent: Extent, limits: Limits) -> None:
    if extent.rows > limits.max_rows or extent.columns > limits.max_columns:
        raise SheetTooLarge(
            _(
                "Bảng tính quá lớn: có dữ liệu tới dòng %(rows)s, cột %(cols)s; giới hạn là %(max_rows)s dòng và "
                "%(max_cols)s cột. Hãy xóa các ô thừa ở xa vùng dữ liệu hoặc chia nhỏ tệp."
            )
            % {
                "rows": _number(extent.rows),
                "cols": _number(extent.columns),
                "max_rows": _number(limits.max_rows),
                "max_cols": _number(limits.max_columns),
            }
        )
    if limits.max_cells is not None and extent.rows * extent.columns > limits.max_cells:
        raise SheetTooLarge(
            _(
                "Bảng tính quá lớn: vùng dữ liệu %(rows)s dòng × %(cols)s cột vượt giới hạn %(cells)s ô. "
                "Hãy xóa các cột, dòng thừa hoặc chia nhỏ tệp."
            )
            % {"rows": _number(extent.rows), "cols": _number(extent.columns), "cells": _number(limits.max_cells)}
        )


def _too_much_xml(limits: Limits) -> SheetTooLarge:
    return SheetTooLarge(
        _("Tệp nén chứa quá nhiều dữ liệu khi giải nén (trên %(mb)s MB): không nhận.")
        % {"mb": limits.max_xml_bytes // 1_048_576}
    )


def _broken() -> SheetTooLarge:
    return SheetTooLarge(_("Không đọc được bảng tính: tệp hỏng hoặc không đúng định dạng."))


# -- XLSX and ODS -------------------------------------------------------------------------------------------------
def _measure_zip(path: Path, limits: Limits) -> Extent:
    extent = Extent()
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _broken() from exc
    with archive, path.open("rb") as raw:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise _broken()  # a workbook has tens of parts, not thousands
        if sum(info.file_size for info in infos) > limits.max_xml_bytes:
            raise _too_much_xml(limits)
        for info in infos:
            if info.is_dir():
                continue
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise _broken()  # the OPC format (XLSX) and ODS only use stored or deflated parts
            before = extent.xml_bytes
            if not _scan_cells_fast(_inflate(raw, info, extent, limits), extent, limits):
                extent.xml_bytes = before  # something unusual: parse the part properly, from its start
                _scan_part(_inflate(raw, info, extent, limits), extent, limits)
    return extent


def _inflate(raw, info: zipfile.ZipInfo, extent: Extent, limits: Limits) -> Iterator[bytes]:
    """The part's bytes inflated from its compressed data, counted against the limit as they come."""
    raw.seek(info.header_offset)
    header = raw.read(30)
    if len(header) != 30 or header[:4] != b"PK\x03\x04":
        raise _broken()
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    raw.seek(info.header_offset + 30 + name_length + extra_length)
    left = info.compress_size
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    while left > 0 or (inflater is not None and inflater.unconsumed_tail):
        if inflater is not None and inflater.unconsumed_tail:
            data = inflater.decompress(inflater.unconsumed_tail, CHUNK)
        else:
            block = raw.read(min(CHUNK, left))
            if not block:
                break
            left -= len(block)
            try:
                data = inflater.decompress(block, CHUNK) if inflater is not None else block
            except zlib.error as exc:
                raise _broken() from exc
        extent.xml_bytes += len(data)
        if extent.xml_bytes > limits.max_xml_bytes:
            raise _too_much_xml(limits)
        if data:
            yield data
        if inflater is not None and inflater.eof:
            break


# The fast path for XLSX parts: cell start tags written the way spreadsheet programs write them (`<c r="B2" …>`,
# no namespace prefix, the reference first), found by plain byte searches. Every such cell counts, even an empty
# styled one (`<c r="B2" s="1"/>`): cautious, and cheap. Anything written otherwise (prefixed or unusual tags, DTDs,
# CDATA, comments, ODS content) sends the part to the XML parser (`_scan_part`), slower but exact.
_CELL_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})[0-9]')
_CELL_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')
_ODD_CELL = re.compile(rb"<c[>/\t\n\r]")  # a cell tag without attributes, or with odd spacing
_UNUSUAL = (b"<!", b":c", b"table-")  # DTD, CDATA or comments; prefixed tags; ODS content
_TAIL = 4096  # a tag cut by a chunk boundary is completed by the next chunk


def _scan_cells_fast(chunks: Iterator[bytes], extent: Extent, limits: Limits) -> bool:
    """The extent of an XLSX part's cells by pattern matching (fast); False when the part needs the XML parser."""
    carry = b""
    for chunk in chunks:
        data = carry + chunk
        cut = data.rfind(b"<", max(0, len(data) - _TAIL))
        if cut == -1:
            cut = len(data)
        body, carry = data[:cut], data[cut:]
        if any(marker in body for marker in _UNUSUAL) or _ODD_CELL.search(body):
            return False
        columns = _CELL_COLUMN.findall(body)
        if len(columns) != body.count(b"<c "):
            return False  # a cell without a plain reference first
        if columns:
            rows = _CELL_ROW.findall(body)
            if len(rows) != len(columns):
                return False
            extent.rows = max(extent.rows, max(map(int, rows)))
            widest = max(set(columns), key=lambda text: (len(text), text))
            extent.columns = max(extent.columns, column_number(widest.decode()))
            if limits.passed(extent):
                _check(extent, limits)
        for ref in _DIMENSION.findall(body):
            last = _CELL_REF.match(ref.decode("ascii", "replace").split(":")[-1])
            if last:
                extent.declared_rows = max(extent.declared_rows, int(last.group(2)))
                extent.declared_columns = max(extent.declared_columns, column_number(last.group(1)))
    return b"<c" not in carry and not any(marker in carry for marker in _UNUSUAL)


_DIMENSION = re.compile(rb"""<(?:[\w.-]+:)?dimension\s+ref\s*=\s*["']([^"']{1,40})["']""")


class _Feed:
    """A file-like view of an iterator of byte chunks, for lxml's iterparse."""

    def __init__(self, chunks: Iterator[bytes]):
        self.chunks = chunks
        self.buffer = b""

    def peek(self) -> bytes:
        while not self.buffer:
            chunk = next(self.chunks, None)
            if chunk is None:
                break
            self.buffer = chunk
        return self.buffer

    def read(self, size: int = -1) -> bytes:
        if not self.peek():
            return b""
        if size is None or size < 0:
            size = len(self.buffer)
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data


def _scan_part(chunks: Iterator[bytes], extent: Extent, limits: Limits) -> None:
    from lxml import etree

    feed = _Feed(chunks)
    head = feed.peek().lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        for _chunk in chunks:  # not XML (an image…): only its inflated size counts
            pass
        return
    events = etree.iterparse(
        feed,
        events=("start", "end"),
        recover=True,  # keep scanning whatever a lenient reader would still read
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
    )
    row = column = 0  # XLSX: the current row (1-based) and last column; ODS: the rows before the current one
    ods_rows_repeated = 1
    try:
        for event, element in events:
            name = _local_name(element.tag)
            if name not in _SCANNED:
                continue
            if name == "row" and event == "start":
                row = _int(element.get("r"), row + 1)
                column = 0
            elif name == "c" and event == "end":
                ref = _CELL_REF.match(element.get("r") or "")
                if ref:
                    column, cell_row = column_number(ref.group(1)), int(ref.group(2))
                else:
                    column, cell_row = column + 1, row
                if len(element) or element.text:  # a value, inline text or formula: the reader keeps it
                    extent.rows = max(extent.rows, cell_row)
                    extent.columns = max(extent.columns, column)
                    if limits.passed(extent):
                        _check(extent, limits)
                element.clear()
            elif name == "dimension" and event == "start":
                last = (element.get("ref") or "").split(":")[-1]
                ref = _CELL_REF.match(last)
                if ref:
                    extent.declared_rows = max(extent.declared_rows, int(ref.group(2)))
                    extent.declared_columns = max(extent.declared_columns, column_number(ref.group(1)))
            elif name == "table" and event == "start":
                row = column = 0
            elif name == "table-row":
                if event == "start":
                    ods_rows_repeated = max(1, _int(_ods_attr(element, "number-rows-repeated"), 1))
                    column = 0
                else:
                    row += ods_rows_repeated
                    _drop(element)
            elif name in ("table-cell", "covered-table-cell") and event == "end":
                repeated = max(1, _int(_ods_attr(element, "number-columns-repeated"), 1))
                column += repeated
                if len(element) or element.text or _ods_attr(element, "value-type", "office"):
                    extent.rows = max(extent.rows, row + ods_rows_repeated)
                    extent.columns = max(extent.columns, column)
                    if limits.passed(extent):
                        _check(extent, limits)
                element.clear()
            elif name == "row" and event == "end":
                _drop(element)
    except etree.XMLSyntaxError:
        for _chunk in chunks:  # beyond repair for lxml: still count the rest against the size limit
            pass


_SCANNED = {"row", "c", "dimension", "table", "table-row", "table-cell", "covered-table-cell"}


def _local_name(tag) -> str:
    """The tag's name without namespace or prefix (declared or not: lenient readers ignore prefixes too)."""
    if not isinstance(tag, str):
        return ""  # comments and processing instructions
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _drop(element) -> None:
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _ods_attr(element, name: str, prefix: str = "table") -> str | None:
    for key, value in element.attrib.items():
        if key.rsplit("}", 1)[-1] == name and (prefix in key or "}" not in key):
            return value
    return None


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


# -- CSV ----------------------------------------------------------------------------------------------------------
def _measure_csv(path: Path, limits: Limits) -> Extent:
    """Lines, and the most separators on one line (any of , ; tab: the reader guesses which), before parsing.

    A parser builds a whole row at once: one line of fifty million commas would be a list of fifty million cells."""
    extent = Extent()
    counts = [0, 0, 0]  # separators so far on the current line, read in fixed chunks (a line may be huge)
    last = b""
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            extent.rows = extent.rows or 1
            for index, piece in enumerate(chunk.split(b"\n")):
                if index:  # a new line starts after each newline
                    extent.rows += 1
                    counts = [0, 0, 0]
                counts = [counts[0] + piece.count(b","), counts[1] + piece.count(b";"), counts[2] + piece.count(b"\t")]
                extent.columns = max(extent.columns, 1 + max(counts))
            last = chunk[-1:]
            if limits.passed(extent):
                _check(extent, limits)
    if last == b"\n":
        extent.rows -= 1  # nothing after the final newline
    return extent


# -- XLS (BIFF8 in an OLE compound file) -------------------------------------------------------------------------
# Records that place a cell: (first row offset, first column offset). MULRK/MULBLANK carry a last column too.
_CELL_RECORDS = {
    0x0203: "NUMBER",
    0x00FD: "LABELSST",
    0x0204: "LABEL",
    0x027E: "RK",
    0x0201: "BLANK",
    0x0205: "BOOLERR",
    0x0006: "FORMULA",
    0x00D6: "RSTRING",
    0x00BD: "MULRK",
    0x00BE: "MULBLANK",
}
_DIMENSIONS = 0x0200


def _measure_xls(path: Path, limits: Limits) -> Extent:
    import olefile

    extent = Extent()
    try:
        with olefile.OleFileIO(str(path)) as ole:
            name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
            if name is None:
                raise _broken()
            data = ole.openstream(name).read()
    except SheetTooLarge:
        raise
    except Exception as exc:  # noqa: BLE001 - olefile raises several error kinds for broken files
        raise _broken() from exc
    position, size = 0, len(data)
    while position + 4 <= size:
        kind, length = struct.unpack_from("<HH", data, position)
        body = position + 4
        position = body + length
        if kind in _CELL_RECORDS and length >= 4:
            row, first = struct.unpack_from("<HH", data, body)
            last = first
            if kind in (0x00BD, 0x00BE) and length >= 6:
                last = struct.unpack_from("<H", data, body + length - 2)[0]
            extent.rows = max(extent.rows, row + 1)
            extent.columns = max(extent.columns, max(first, last) + 1)
        elif kind == _DIMENSIONS and length >= 14:
            _first_row, last_row, _first_col, last_col = struct.unpack_from("<IIHH", data, body)
            extent.declared_rows = max(extent.declared_rows, last_row)
            extent.declared_columns = max(extent.declared_columns, last_col)
    return extent
