"""Attachments: what a file is, judged by its content (magic bytes, never the name), and its text for search.

PDF text comes from pypdf, DOCX text from python-docx; an old .doc (Word 97–2003) is kept but its text is not
extracted. Text typed with the legacy TCVN3 (ABC) or VNI fonts is recognised and converted to Unicode with
`sotay.lib.vnlegacy`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from sotay.core import uploads
from sotay.lib.vnlegacy import fix_legacy_text

KINDS = {kind: uploads.KINDS[kind] for kind in ("pdf", "docx", "doc")}


class UnsupportedFile(ValueError):
    pass


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


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join((page.extract_text() or "") for page in reader.pages)


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def extract(name: str, data: bytes) -> Extracted:
    """Recognise the file and extract its text; UnsupportedFile (with a Vietnamese message) otherwise."""
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
        text = _pdf_text(data) if kind == "pdf" else _docx_text(data) if kind == "docx" else ""
    except Exception as exc:  # a damaged file: pypdf and python-docx raise many kinds
        raise UnsupportedFile(_("Không đọc được tệp “%(n)s”: tệp bị hỏng.") % {"n": name}) from exc
    text, legacy = fix_legacy_text(text) if text else (text, None)
    return Extracted(kind=kind, content_type=content_type, text=text.strip(), converted_from=(legacy or "").lower())
