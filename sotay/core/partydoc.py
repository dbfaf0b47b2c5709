"""Documents in the Party's format (Hướng dẫn 36-HD/VPTW): the same content as DOCX (docxtpl) and as PDF (WeasyPrint).

The layout: a two-column heading block — the superior committee and the issuing body with a star and the number on
the left, "ĐẢNG CỘNG SẢN VIỆT NAM" and the place and date (italic) on the right — then the kind of document and
its subject, centred, the body, and at the foot the recipients on the left and the signature block on the right.

The Word file comes from a docxtpl template. By default the template is built here with python-docx (so there is
no binary file to keep in step with the code); a province that wants its own letterhead points
``settings.PARTY_DOCX_TEMPLATE`` at a .docx using the same placeholders (see `_build_default_template`).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from docx import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docxtpl import DocxTemplate, RichText

from sotay.lib.vntext import nfc

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"


@dataclass(frozen=True)
class Para:
    """One paragraph of the body; `heading` paragraphs are bold, `center` ones centred."""

    text: str
    heading: bool = False
    center: bool = False


@dataclass
class PartyDocument:
    issuer: str  # "Chi bộ thôn Đông" — printed in capitals
    title: str  # "Nghị quyết", "Quyết định", "Giấy giới thiệu"…
    subject: str = ""
    superior: str = ""  # the committee above the issuer
    number: str = ""  # "05-NQ/CB"; blank leaves room to write it by hand
    place: str = ""
    on: dt.date | None = None
    body: list[Para | str] = field(default_factory=list)
    signer_capacity: str = ""  # "T/M CHI BỘ", "T/M ĐẢNG ỦY"
    signer_title: str = ""  # "BÍ THƯ"
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)
    form_code: str = ""  # "Mẫu 6-KNĐ"
    file_hint: str = ""  # added to the file name, e.g. the candidate's name, so two files do not collide

    @property
    def paragraphs(self) -> list[Para]:
        return [p if isinstance(p, Para) else Para(p) for p in self.body]

    @property
    def place_and_date(self) -> str:
        if self.on is None:
            return f"{self.place}, ngày ..... tháng ..... năm .......".lstrip(", ")
        day = self.on
        return f"{self.place + ', ' if self.place else ''}ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"

    @property
    def number_line(self) -> str:
        return f"Số {self.number}" if self.number else "Số      "

    def filename(self, ext: str) -> str:
        from django.utils.text import slugify

        from sotay.lib.vntext import fold

        stem = slugify(fold(f"{self.title} {self.number or ''} {self.subject} {self.file_hint}"))[:100] or "van-ban"
        return f"{stem}.{ext}"


# --- DOCX -------------------------------------------------------------------------------------------------------


def _set_font(run, size: float, *, bold=False, italic=False, underline=False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)


def _line(cell_or_doc, text: str, *, size=13, bold=False, italic=False, underline=False, align="center"):
    par = cell_or_doc.add_paragraph()
    par.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT}.get(
        align, WD_ALIGN_PARAGRAPH.JUSTIFY
    )
    par.paragraph_format.space_after = Pt(0)
    _set_font(par.add_run(text), size, bold=bold, italic=italic, underline=underline)
    return par


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _build_default_template() -> bytes:
    """The default template, with the placeholders a custom one must use."""
    doc = WordDocument()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    head = doc.add_table(rows=1, cols=2)
    _no_borders(head)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    left.paragraphs[0].text = ""
    _line(left, "{{ superior }}", size=13)
    _line(left, "{{ issuer }}", size=13, bold=True)
    _line(left, "*", size=13)
    _line(left, "{{ number_line }}", size=13)
    right.paragraphs[0].text = ""
    _line(right, "{{ form_code }}", size=11, italic=True, align="right")
    _line(right, "ĐẢNG CỘNG SẢN VIỆT NAM", size=14, bold=True, underline=True)
    _line(right, "")
    _line(right, "{{ place_and_date }}", size=13, italic=True)
    _line(doc, "")
    _line(doc, "{{ title }}", size=15, bold=True)
    _line(doc, "{{ subject }}", size=14, bold=True)
    _line(doc, "-----", size=13)
    _line(doc, "{%p for para in paragraphs %}", align="justify")
    body = _line(doc, "{{r para }}", size=14, align="justify")
    body.paragraph_format.first_line_indent = Cm(1)
    body.paragraph_format.space_after = Pt(6)
    _line(doc, "{%p endfor %}", align="justify")
    foot = doc.add_table(rows=1, cols=2)
    _no_borders(foot)
    left, right = foot.rows[0].cells
    left.paragraphs[0].text = ""
    _line(left, "{{ recipients_label }}", size=12, bold=True, italic=True, align="left")
    _line(left, "{%p for r in recipients %}", align="left")
    _line(left, "- {{ r }}", size=11, align="left")
    _line(left, "{%p endfor %}", align="left")
    right.paragraphs[0].text = ""
    _line(right, "{{ signer_capacity }}", size=13, bold=True)
    _line(right, "{{ signer_title }}", size=13, bold=True)
    for _ in range(3):
        _line(right, "")
    _line(right, "{{ signer_name }}", size=14, bold=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@cache
def _default_template() -> bytes:
    return _build_default_template()


def _template_bytes() -> bytes:
    custom = getattr(settings, "PARTY_DOCX_TEMPLATE", "")
    if custom and Path(custom).is_file():
        return Path(custom).read_bytes()
    return _default_template()


def _rich(para: Para) -> RichText:
    text = RichText()
    text.add(nfc(para.text), bold=para.heading, font=FONT, size=28)
    return text


def render_docx(document: PartyDocument) -> bytes:
    template = DocxTemplate(io.BytesIO(_template_bytes()))
    context = {
        "superior": nfc(document.superior).upper(),
        "issuer": nfc(document.issuer).upper(),
        "number_line": document.number_line,
        "form_code": document.form_code,
        "place_and_date": nfc(document.place_and_date),
        "title": nfc(document.title).upper(),
        "subject": nfc(document.subject),
        "paragraphs": [_rich(p) for p in document.paragraphs],
        "recipients_label": "Nơi nhận:" if document.recipients else "",
        "recipients": [nfc(r) for r in document.recipients],
        "signer_capacity": nfc(document.signer_capacity).upper(),
        "signer_title": nfc(document.signer_title).upper(),
        "signer_name": nfc(document.signer_name),
    }
    template.render(context, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


# --- PDF --------------------------------------------------------------------------------------------------------


def render_pdf(document: PartyDocument) -> bytes:
    from sotay.lib.pdf import render_pdf as render

    return render("core/party_document.html", {"doc": document})


def docx_text(data: bytes) -> str:
    """All the text of a DOCX, tables included, in reading order (for tests and search)."""
    doc = WordDocument(io.BytesIO(data))
    lines: list[str] = []
    for block in doc.element.body.iterchildren():
        if block.tag == qn("w:p"):
            lines.append("".join(t.text or "" for t in block.iter(qn("w:t"))))
        elif block.tag == qn("w:tbl"):
            for par in block.iter(qn("w:p")):
                lines.append("".join(t.text or "" for t in par.iter(qn("w:t"))))
    return "\n".join(lines)
