"""Open an uploaded spreadsheet safely and stream its rows.

XLSX, XLS and ODS are read with python-calamine (it never evaluates formulas: a formula cell yields its last saved
value); CSV with the standard library. Files that are not spreadsheets, are password-protected, empty or too large
are refused with a Vietnamese message before anything is parsed.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from sotay.lib.sheetguard import Limits, SheetTooLarge, measure

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, and the wrapper of encrypted .xlsx files
CALAMINE_SUFFIXES = {"xlsx": {".xlsx", ".xlsm", ".xltx", ".xltm"}, "xls": {".xls"}, "ods": {".ods"}}
ENCRYPTED_MARKERS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))


class FileRefused(Exception):
    """The whole file is refused; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class OpenedSheet:
    kind: str  # "xlsx", "xls", "ods" or "csv"
    rows: Iterator[list]  # the first row yielded is the sheet's row 1
    total_rows: int | None = None


def max_bytes() -> int:
    return getattr(settings, "SOTAY_IMPORT_MAX_BYTES", 50 * 1024 * 1024)


def sheet_limits() -> Limits:
    return Limits(
        max_rows=getattr(settings, "SOTAY_IMPORT_MAX_ROWS", 250_000),
        max_columns=getattr(settings, "SOTAY_IMPORT_MAX_COLUMNS", 200),
        max_xml_bytes=getattr(settings, "SOTAY_IMPORT_MAX_XML_BYTES", 500 * 1024 * 1024),
        max_cells=getattr(settings, "SOTAY_IMPORT_MAX_CELLS", 6_000_000),
    )


def sniff(path: Path, name: str) -> str:
    """The file's real kind from its first bytes (the extension is only a hint)."""
    size = path.stat().st_size
    if size == 0:
        raise FileRefused(_("Tệp rỗng."))
    if size > max_bytes():
        raise FileRefused(
            _("Tệp quá lớn (%(size)s MB); giới hạn là %(limit)s MB.")
            % {"size": round(size / 1_048_576, 1), "limit": max_bytes() // 1_048_576}
        )
    with path.open("rb") as handle:
        head = handle.read(8)
        if head.startswith(OLE_MAGIC):
            handle.seek(0)
            blob = handle.read(min(size, 4 * 1024 * 1024))
            if any(marker in blob for marker in ENCRYPTED_MARKERS):
                raise FileRefused(_("Tệp được đặt mật khẩu: hãy bỏ mật khẩu trong Excel rồi tải lại."))
            return "xls"
    if head.startswith(ZIP_MAGIC):
        return "ods" if name.lower().endswith(".ods") else "xlsx"
    if name.lower().endswith((".csv", ".txt")) and _looks_like_text(path):
        return "csv"
    raise FileRefused(_("Tệp không phải bảng tính (cần .xlsx, .xls, .ods hoặc .csv)."))


def _looks_like_text(path: Path) -> bool:
    sample = path.open("rb").read(64 * 1024)
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > len(sample) - 4  # a multi-byte character cut by the sample's end
    return True


def open_rows(path: Path, name: str) -> OpenedSheet:
    """The rows of the first sheet (lists of cell values), streamed."""
    kind = sniff(path, name)
    if kind == "csv":
        try:
            measure(path, kind, sheet_limits())
        except SheetTooLarge as exc:
            raise FileRefused(str(exc)) from exc
        return OpenedSheet(kind, _csv_rows(path))
    if path.suffix.lower() not in CALAMINE_SUFFIXES[kind]:
        # calamine picks its reader from the suffix (an .xlsb would go to a reader the size check does not cover)
        raise FileRefused(
            _("Đuôi tệp không khớp với nội dung: hãy mở tệp bằng Excel và lưu lại dưới dạng .xlsx rồi tải lên lại.")
        )
    try:  # calamine allocates the sheet's whole grid at once: measure it first, with bounded memory
        measure(path, kind, sheet_limits())
    except SheetTooLarge as exc:
        raise FileRefused(str(exc)) from exc
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.iter_rows()  # calamine pads the rows above the used range, so numbering starts at 1
        total = sheet.end[0] + 1 if sheet.end else 0
    except python_calamine.PasswordError as exc:
        raise FileRefused(_("Tệp được đặt mật khẩu: hãy bỏ mật khẩu trong Excel rồi tải lại.")) from exc
    except Exception as exc:  # noqa: BLE001 - calamine raises several error kinds for broken files
        raise FileRefused(_("Không đọc được bảng tính: tệp hỏng hoặc không đúng định dạng.")) from exc
    return OpenedSheet(kind, (list(row) for row in rows), total)


def _csv_rows(path: Path) -> Iterator[list]:
    raw = path.open("rb").read(64 * 1024)
    encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        sample = handle.read(16 * 1024)
        handle.seek(0)
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        yield from (list(row) for row in csv.reader(handle, dialect))


def rows_from_bytes(data: bytes, name: str) -> list[list]:
    """All rows of a small file in memory (tests and previews of samples)."""
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=Path(name).suffix) as handle:
        handle.write(data)
        handle.flush()
        return list(open_rows(Path(handle.name), name).rows)
