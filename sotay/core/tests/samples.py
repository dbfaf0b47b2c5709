"""Small files for upload tests."""

from __future__ import annotations

import io

EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200  # the start of a Windows program


def blank_pdf() -> bytes:
    """A valid one-page PDF: uploads are opened with pypdf to look for scripts, so a stub would be refused."""
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()
