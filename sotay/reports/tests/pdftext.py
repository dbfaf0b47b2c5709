"""Read back what a WeasyPrint PDF shows, without poppler: pages, page sizes, text through the fonts' ToUnicode maps.

Enough for tests: it understands the PDFs WeasyPrint writes (Flate streams, optional object streams, Type0 fonts
with Identity-H encoding), not PDFs in general.
"""

from __future__ import annotations

import re
import zlib

_OBJ = re.compile(rb"(\d+)\s+0\s+obj\s*")
_REF = re.compile(rb"/([^\s/\[\]<>()]+)\s*(\d+)\s+0\s+R")
_TEXT_OPS = re.compile(rb"/([^\s/\[\]<>()]+)\s+[\d.]+\s+Tf|\[((?:[^\]\\]|\\.)*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj")


def _stream(pdf: bytes, head: bytes, at: int) -> bytes:
    length = int(re.search(rb"/Length\s+(\d+)", head)[1])
    start = at + len(b"stream")
    start += 2 if pdf[start : start + 2] == b"\r\n" else 1
    data = pdf[start : start + length]
    return zlib.decompress(data) if b"/FlateDecode" in head else data


def objects(pdf: bytes) -> dict[int, tuple[bytes, bytes]]:
    """Object number → (dictionary text, decoded stream or b"")."""
    found: dict[int, tuple[bytes, bytes]] = {}
    for match in _OBJ.finditer(pdf):
        start = match.end()
        end = pdf.find(b"endobj", start)
        stream_at = pdf.find(b"stream", start, end if end != -1 else None)
        if stream_at == -1:
            found[int(match[1])] = (pdf[start:end], b"")
            continue
        head = pdf[start:stream_at]
        data = _stream(pdf, head, stream_at)
        found[int(match[1])] = (head, data)
        if b"/ObjStm" in head:
            count = int(re.search(rb"/N\s+(\d+)", head)[1])
            first = int(re.search(rb"/First\s+(\d+)", head)[1])
            numbers = [int(n) for n in data[:first].split()]
            pairs = list(zip(numbers[0 : 2 * count : 2], numbers[1 : 2 * count : 2], strict=True))
            for index, (number, offset) in enumerate(pairs):
                stop = pairs[index + 1][1] if index + 1 < len(pairs) else len(data) - first
                found[number] = (data[first + offset : first + stop], b"")
    return found


def _cmap(data: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            base = bytes.fromhex(dst.decode()).decode("utf-16-be")
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = base[:-1] + chr(ord(base[-1]) + offset)
    return mapping


def _decode(hex_text: bytes, cmap: dict[int, str]) -> str:
    codes = hex_text.decode()
    return "".join(cmap.get(int(codes[i : i + 4], 16), "?") for i in range(0, len(codes) - 3, 4))


def text_lines(pdf: bytes) -> list[str]:
    """Each text-showing operation of every content stream, in order, decoded to Unicode."""
    objs = objects(pdf)
    to_unicode = {
        number: int(m[1])
        for number, (head, _data) in objs.items()
        if b"/Type0" in head and (m := re.search(rb"/ToUnicode\s+(\d+)\s+0\s+R", head))
    }
    cmaps = {number: _cmap(objs[ref][1]) for number, ref in to_unicode.items() if ref in objs}
    by_name: dict[bytes, dict[int, str]] = {}
    for head, _data in objs.values():
        for name, ref in _REF.findall(head):
            if int(ref) in cmaps:
                by_name[name] = cmaps[int(ref)]
    lines: list[str] = []
    for _head, data in objs.values():
        if b"Tf" not in data:
            continue
        cmap: dict[int, str] = {}
        for font, array, single in _TEXT_OPS.findall(data):
            if font:
                cmap = by_name.get(font, {})
            elif array:
                lines.append("".join(_decode(h, cmap) for h in re.findall(rb"<([0-9a-fA-F]*)>", array)))
            else:
                lines.append(_decode(single, cmap))
    return lines


def text(pdf: bytes) -> str:
    return "\n".join(text_lines(pdf))


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of each page."""
    sizes = []
    for head, _data in objects(pdf).values():
        if re.search(rb"/Type\s*/Page(?!s)", head):
            box = re.search(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", head)
            sizes.append((float(box[3]) - float(box[1]), float(box[4]) - float(box[2])))
    return sizes
