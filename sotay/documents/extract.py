"""Attachments: what a file is, judged by its content (magic bytes, never the name), and its text for search.

PDF text comes from pypdf, page by page; DOCX text is streamed out of ``word/document.xml``; an old .doc
(Word 97–2003) is kept but its text is not extracted. Extraction runs in the task worker (`tasks.extract_attachment`),
never in a request, and is capped: the XML read out of a DOCX stops at ``settings.UPLOAD_MAX_UNCOMPRESSED_BYTES``
(whatever the zip declares), a PDF past ``settings.DOCUMENTS_MAX_PDF_PAGES`` pages is not read, and reading stops as
soon as the text passes ``settings.DOCUMENTS_MAX_TEXT_BYTES`` (5 MB by default): `TooLarge` then, with a Vietnamese
message. Text typed with the legacy TCVN3 (ABC) or VNI fonts is recognised and converted to Unicode with
`sotay.lib.vnlegacy`.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from xml.etree.ElementTree import iterparse

from django.conf import settings
from django.utils.translation import gettext as _

from sotay.core import uploads
from sotay.core.uploads import TooLarge
from sotay.lib.vnlegacy import fix_legacy_text

KINDS = {kind: uploads.KINDS[kind] for kind in ("pdf", "docx", "doc")}
DEFAULT_MAX_TEXT_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_PDF_PAGES = 3000


class UnsupportedFile(ValueError):
    pass


__all__ = ["Extracted", "TooLarge", "UnsupportedFile", "extract", "sniff"]


def max_text_bytes() -> int:
    return int(getattr(settings, "DOCUMENTS_MAX_TEXT_BYTES", DEFAULT_MAX_TEXT_BYTES))


def max_pdf_pages() -> int:
    return int(getattr(settings, "DOCUMENTS_MAX_PDF_PAGES", DEFAULT_MAX_PDF_PAGES))


class _Text:
    """Text gathered piece by piece; TooLarge as soon as it passes the cap (UTF-8 bytes)."""

    def __init__(self, name: str):
        self.name, self.limit, self.size = name, max_text_bytes(), 0
        self.parts: list[str] = []

    def add(self, piece: str) -> None:
        self.size += len(piece.encode("utf-8"))
        if self.size > self.limit:
            raise TooLarge(
                _("Văn bản trong tệp “%(n)s” dài hơn giới hạn %(l)s MB chữ: không lấy chữ để tìm kiếm.")
                % {"n": self.name, "l": round(self.limit / 1048576, 1)}
            )
        self.parts.append(piece)

    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class Extracted:
    kind: str
    content_type: str
    text: str
    converted_from: str  # "", "tcvn3" or "vni"


def sniff(data: bytes) -> str | None:
    """ "pdf", "docx", "doc" or None, from the first bytes of the file (see `sotay.core.uploads.sniff`)."""
    kind = uploads.sniff(data)
    return kind if kind in KINDS else None


def _pdf_text(name: str, data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages = len(reader.pages)
    if pages > max_pdf_pages():
        raise TooLarge(
            _("Tệp “%(n)s” có %(p)s trang, vượt giới hạn %(l)s trang: không lấy chữ để tìm kiếm.")
            % {"n": name, "p": pages, "l": max_pdf_pages()}
        )
    out = _Text(name)
    for i, page in enumerate(reader.pages):
        out.add(("\n" if i else "") + (page.extract_text() or ""))  # stops at the cap, not after the last page
    return out.text()


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCX_PIECES = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}


def _docx_text(name: str, data: bytes) -> str:
    """The paragraphs of the body (table cells included), one a line, as python-docx's `Paragraph.text` gives them,
    streamed: the XML is read through a hard cap and parsed incrementally, so a bomb stops early."""
    out = _Text(name)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        with uploads.read_zip_member(z, "word/document.xml") as raw:
            for _event, elem in iterparse(io.BufferedReader(raw), events=("end",)):
                tag = elem.tag
                if tag == f"{_W}t":
                    out.add(elem.text or "")
                elif tag in _DOCX_PIECES:
                    out.add(_DOCX_PIECES[tag])
                elif tag == f"{_W}p":
                    out.add("\n")
                    elem.clear()  # memory stays flat however long the document
    return out.text()


def extract(name: str, data: bytes) -> Extracted:
    """Recognise the file and extract its text; UnsupportedFile (with a Vietnamese message) otherwise, TooLarge when
    a cap is reached (the file itself may be fine to keep)."""
    kind = sniff(data)
    if kind is None:
        raise UnsupportedFile(
            _("Tệp “%(n)s” không phải PDF, DOCX hay DOC (nội dung tệp không khớp định dạng nào).") % {"n": name}
        )
    content_type, extensions = KINDS[kind]
    if not name.lower().endswith(extensions):
        raise UnsupportedFile(
            _("Tệp “%(n)s” thực chất là %(k)s nhưng tên tệp có đuôi khác: hãy đặt đúng đuôi %(e)s.")
            % {"n": name, "k": kind.upper(), "e": extensions[0]}
        )
    try:
        text = _pdf_text(name, data) if kind == "pdf" else _docx_text(name, data) if kind == "docx" else ""
    except TooLarge:
        raise
    except Exception as exc:  # a damaged file: pypdf and python-docx raise many kinds
        raise UnsupportedFile(_("Không đọc được tệp “%(n)s”: tệp bị hỏng.") % {"n": name}) from exc
    text, legacy = fix_legacy_text(text) if text else (text, None)
    return Extracted(kind=kind, content_type=content_type, text=text.strip(), converted_from=(legacy or "").lower())
