"""Hostile spreadsheets built by hand (tiny files that ask a reader for huge grids, zip bombs), for the tests."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def xlsx(path: Path, sheet_data: str, *, dimension: str = "A1", extra: dict[str, bytes] | None = None) -> Path:
    """A minimal XLSX whose only sheet holds `sheet_data` (the rows, as XML text)."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def far_corner_xlsx(path: Path) -> Path:
    """A1 and XFD1048576: two cells, a grid of 17 billion for a dense reader."""
    return xlsx(
        path,
        f'<row r="1">{cell("A1", "Họ và tên")}</row><row r="1048576">{cell("XFD1048576", "x")}</row>',
        dimension="A1:XFD1048576",
    )


def lying_dimension_xlsx(path: Path) -> Path:
    """Declares A1:B2 but holds a far cell, with no r attribute on the rows (the position is counted)."""
    far = '<c t="inlineStr"><is><t>x</t></is></c>' * 300  # 300 cells without r: columns 1…300
    rows = "".join("<row/>" for _ in range(2000)) + f"<row>{far}</row>"
    return xlsx(path, f'<row r="1">{cell("A1", "Họ và tên")}</row>{rows}', dimension="A1:B2")


def sparse_diagonal_xlsx(path: Path, cells: int = 3000) -> Path:
    """A diagonal of cells reaching far down and right: sparse, but a dense range of cells² entries."""
    data = "".join(f'<row r="{i * 300}">{cell(_ref(i * 5, i * 300), str(i))}</row>' for i in range(1, cells + 1))
    return xlsx(path, f'<row r="1">{cell("A1", "Họ và tên")}</row>{data}')


def zip_bomb_xlsx(path: Path, megabytes: int = 400) -> Path:
    """A sheet part padded with whitespace: a few hundred KB inflating to `megabytes` MB of XML."""
    padding = b" " * (1024 * 1024)
    sheet_head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    xlsx(path, f'<row r="1">{cell("A1", "Họ và tên")}</row>')
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("xl/worksheets/sheet2.xml", "w") as part:
            part.write(sheet_head)
            for _ in range(megabytes):
                part.write(padding)
            part.write(b"</sheetData></worksheet>")
    return path


def declare_tiny_size(path: Path, part: str) -> Path:
    """Make the zip claim that `part` inflates to 100 bytes (local and central headers): its real size is hidden."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(part)
        central = archive.start_dir  # walk the central directory to the part's entry
        while data[central : central + 4] == b"PK\x01\x02":
            name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, central + 28)
            if data[central + 46 : central + 46 + name_length] == part.encode():
                break
            central += 46 + name_length + extra_length + comment_length
    struct.pack_into("<I", data, info.header_offset + 22, 100)
    struct.pack_into("<I", data, central + 24, 100)
    path.write_bytes(bytes(data))
    return path


def _ref(column: int, row: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def repeated_ods(path: Path, *, rows: int, columns: int, filled: bool) -> Path:
    """An ODS whose one row element repeats `rows` times with `columns` repeated cells (filled or empty)."""
    value = ' office:value-type="float" office:value="1"' if filled else ""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Sheet1">'
        '<table:table-row><table:table-cell office:value-type="string"><text:p>Họ và tên</text:p>'
        "</table:table-cell></table:table-row>"
        f'<table:table-row table:number-rows-repeated="{rows}">'
        f'<table:table-cell table:number-columns-repeated="{columns}"{value}/></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


# -- XLS: a BIFF8 workbook stream in a minimal OLE compound file ------------------------------------------------
def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _biff_stream(cells: list[tuple[int, int, float]]) -> bytes:
    bof_globals = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x0206))
    eof = _record(0x000A, b"")
    sheet_name = "Sheet1".encode("latin-1")
    boundsheet_len = 4 + 12 + 8 + len(sheet_name)
    globals_len = len(bof_globals) + boundsheet_len + len(eof)
    boundsheet = _record(0x0085, struct.pack("<IBBBB", globals_len, 0, 0, len(sheet_name), 0) + sheet_name)
    bof_sheet = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 0x0206))
    last_row = max(r for r, _c, _v in cells) + 1
    last_col = max(c for _r, c, _v in cells) + 1
    dimensions = _record(0x0200, struct.pack("<IIHHH", 0, last_row, 0, min(last_col, 0xFFFF), 0))
    numbers = b"".join(_record(0x0203, struct.pack("<HHHd", r, c, 0x0F, v)) for r, c, v in cells)
    stream = bof_globals + boundsheet + eof + bof_sheet + dimensions + numbers + eof
    return stream + b"\x00" * max(0, 4096 - len(stream))  # at least 4096 bytes: a regular (not mini) stream


def xls(path: Path, cells: list[tuple[int, int, float]]) -> Path:
    """An XLS (OLE compound file, 512-byte sectors) holding one sheet of NUMBER cells at (row, column)."""
    stream = _biff_stream(cells)
    stream += b"\x00" * (-len(stream) % 512)
    data_sectors = len(stream) // 512
    # Sector 0: FAT, sector 1: directory, sectors 2…: the Workbook stream.
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    fat = [fat_sector, end] + [3 + i for i in range(data_sectors - 1)] + [end]
    fat += [free] * (128 - len(fat))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", free) * 108
    )

    def entry(name: str, kind: int, start: int, size: int, child: int = 0xFFFFFFFF) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", 0xFFFFFFFF, 0xFFFFFFFF, child)
            + b"\x00" * 16
            + b"\x00" * 4
            + b"\x00" * 16
            + struct.pack("<IIi", start, size, 0)
        )

    directory = entry("Root Entry", 5, end, 0, child=1) + entry("Workbook", 2, 2, len(stream))
    directory = directory.ljust(512, b"\x00")
    fat_bytes = struct.pack("<128I", *fat)
    path.write_bytes(header + fat_bytes + directory + stream)
    return path


def tall_xlsx(path: Path, rows: int) -> Path:
    """A heading row then `rows` rows of two cells, written as a stream (a million rows in a few MB, in seconds)."""
    xlsx(path, "")  # the other parts; the sheet is replaced below
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, data)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            sheet.write(f'<row r="1">{cell("A1", "Họ và tên")}{cell("B1", "Ngày sinh")}</row>'.encode())
            block = []
            for number in range(2, rows + 2):
                block.append(
                    f'<row r="{number}">{cell(f"A{number}", f"Người {number}")}<c r="B{number}"><v>31000</v></c></row>'
                )
                if len(block) == 10_000:
                    sheet.write("".join(block).encode())
                    block = []
            sheet.write("".join(block).encode() + b"</sheetData></worksheet>")
    return path
