"""The ballot (phiếu bầu cử) and the counting committee's minutes (biên bản kiểm phiếu) in the Party's format.

The minutes are a `PartyDocument` (sotay.core.partydoc: DOCX and PDF from the same content). The ballot needs a
table of names (and, for a list without surplus, the đồng ý / không đồng ý columns: 244-QĐ/TW Điều 17, kept by
190-QĐ/TW), so it is built here: with python-docx for Word and an HTML template for PDF.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from sotay.core.partydoc import FONT, Para, PartyDocument
from sotay.orgs.letterhead import parent_of, place_name

from . import tally
from .models import Election, Method, Round


def _pct(value) -> str:
    return f"{value:.2f}".replace(".", ",")


def body_title(election: Election) -> str:
    term = f" nhiệm kỳ {election.congress.term_label}" if election.congress else ""
    verb = "Lấy phiếu giới thiệu nhân sự" if election.method == Method.POLL else "Bầu"
    return f"{verb} {election.get_body_display().lower()} {election.organization.name}{term}"


# -- the ballot --------------------------------------------------------------------------------------------------


@dataclass
class BallotSheet:
    superior: str
    issuer: str
    title: str
    subject: str
    round_number: int
    seats: int
    names: list[str]
    approve_columns: bool  # no surplus: STT / họ tên / đồng ý / không đồng ý
    poll: bool = False  # a poll's sheet: "cần giới thiệu", not "cần bầu"

    @property
    def seats_line(self) -> str:
        return f"Số lượng cần {'giới thiệu' if self.poll else 'bầu'}: {self.seats}"

    @property
    def hint(self) -> str:
        if self.approve_columns:
            return "Đánh dấu (X) vào một trong hai ô của từng người."
        what = "giới thiệu" if self.poll else "bầu"
        return f"Gạch ngang cả họ và tên người không {what}. Để lại không quá số lượng cần {what}."

    def filename(self, ext: str) -> str:
        from django.utils.text import slugify

        from sotay.lib.vntext import fold

        return f"{slugify(fold('phieu bau ' + self.subject))[:80]}-lan-{self.round_number}.{ext}"


def ballot_sheet(round_: Round) -> BallotSheet:
    election = round_.election
    org = election.organization
    parent = parent_of(org)
    names = [c.full_name for c in round_.candidates.all()]  # ordered by given name
    return BallotSheet(
        superior=parent.name if parent else "",
        issuer=org.name,
        title="PHIẾU BẦU CỬ" if election.method != Method.POLL else "PHIẾU GIỚI THIỆU NHÂN SỰ",
        subject=body_title(election),
        round_number=round_.number,
        seats=round_.seats,
        names=names,
        approve_columns=len(names) <= round_.seats,
        poll=election.method == Method.POLL,
    )


def ballot_docx(sheet: BallotSheet) -> bytes:
    doc = WordDocument()
    section = doc.sections[0]
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.5)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(13)
    head = doc.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    left.text = ""
    for text, bold in ((sheet.superior.upper(), False), (sheet.issuer.upper(), True), ("*", False)):
        if text:
            p = left.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(text).bold = bold
    p = right.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run("ĐẢNG CỘNG SẢN VIỆT NAM")
    r.bold, r.underline = True, True
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(sheet.title)
    run.bold, run.font.size = True, Pt(16)
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.add_run(sheet.subject + (f" (lần {sheet.round_number})" if sheet.round_number > 1 else "")).bold = True
    note = doc.add_paragraph()
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER
    note.add_run(sheet.seats_line).italic = True
    cols = 4 if sheet.approve_columns else 2
    table = doc.add_table(rows=1, cols=cols)
    table.style = "Table Grid"
    headers = ["STT", "Họ và tên"] + (["Đồng ý", "Không đồng ý"] if sheet.approve_columns else [])
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for i, name in enumerate(sheet.names, start=1):
        cells = table.add_row().cells
        cells[0].text = str(i)
        cells[1].text = name
    doc.add_paragraph()
    hint = doc.add_paragraph()
    hint.add_run(sheet.hint).italic = True
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def ballot_pdf(sheet: BallotSheet) -> bytes:
    from sotay.lib.pdf import render_pdf

    return render_pdf("congresses/ballot_pdf.html", {"sheet": sheet})


# -- the counting committee's minutes ----------------------------------------------------------------------------


def member_signatures(committee: list[str], heading: str) -> list[Para]:
    """The members' signature lines below the minutes (the head signs for the committee)."""
    if len(committee) < 2:
        return []
    return [Para(heading, heading=True, center=True)] + [
        Para(f"{name} (ký, ghi rõ họ tên)", center=True) for name in committee[1:]
    ]


def minutes_document(round_: Round) -> PartyDocument:
    election = round_.election
    org = election.organization
    parent = parent_of(org)
    result = round_.result or {}
    base = round_.base()
    committee = list(election.counting_committee)
    rules = tally.rules_on(election.held_on)
    body: list[Para | str] = []
    body.append(
        f"Hôm nay, ngày {election.held_on:%d/%m/%Y}, Ban kiểm phiếu {org.name} gồm: "
        + ("; ".join(f"{n} ({'trưởng ban' if i == 0 else 'thành viên'})" for i, n in enumerate(committee)) or "……")
        + f", đã kiểm phiếu {body_title(election).lower()}, lần bầu thứ {round_.number}, "
        + f"số lượng cần bầu {round_.seats}."
    )
    body.append(Para("I. Số làm căn cứ tính kết quả bầu cử", heading=True))
    kind = "đảng viên chính thức" if election.kind == tally.MEMBERS else "đại biểu chính thức"
    body.append(f"Tổng số {kind} được triệu tập: {base.summoned}.")
    for d in base.deductions:
        if d.count:
            body.append(f"- Trừ {d.count}: {d.reason}.")
    body.append(
        f"Số được tính làm căn cứ: {base.value}. Người trúng cử phải được quá một nửa, tức ít nhất "
        f"{base.threshold} phiếu hợp lệ (Quy chế bầu cử {rules.source})."
    )
    body.append(Para("II. Phiếu bầu", heading=True))
    body.append(
        f"Số phiếu phát ra: {round_.issued if round_.issued is not None else '…'}; số phiếu thu vào: "
        f"{round_.returned if round_.returned is not None else '…'}; số phiếu hợp lệ: "
        f"{round_.valid if round_.valid is not None else '…'}; số phiếu không hợp lệ: "
        f"{round_.invalid if round_.invalid is not None else '…'}."
    )
    for bad in (result.get("ballots") or {}).get("invalid_ballots", []):
        body.append(f"- Phiếu số {bad['number']} không hợp lệ: {bad['reason']}.")
    body.append(Para("III. Kết quả (theo thứ tự số phiếu từ cao xuống thấp)", heading=True))
    for i, (name, row) in enumerate(tally.ordered_votes(result), start=1):
        body.append(f"{i}. {name}: {row['votes']} phiếu, đạt {_pct(row['percent'])}% so với số làm căn cứ.")
    body.append(Para("IV. Người trúng cử", heading=True))
    elected = result.get("elected", [])
    if elected:
        for i, name in enumerate(elected, start=1):
            body.append(f"{i}. {name}")
    else:
        body.append("Không có người trúng cử ở lần bầu này.")
    if result.get("rerun"):
        body.append(
            "Các đồng chí có số phiếu bằng nhau ở vị trí cuối, cần bầu tiếp để chọn: "
            + ", ".join(result["rerun"])
            + "."
        )
    if result.get("vacant"):
        body.append(f"Số lượng còn thiếu so với số cần bầu ở lần này: {result['vacant']}.")
    body.append("Biên bản lập xong lúc …… giờ …… cùng ngày, các thành viên Ban kiểm phiếu nhất trí và cùng ký tên.")
    body += member_signatures(committee, "CÁC THÀNH VIÊN BAN KIỂM PHIẾU")
    return PartyDocument(
        issuer=f"Đại hội {org.name}" if election.congress else org.name,
        superior=parent.name if parent else "",
        title="Biên bản kiểm phiếu",
        subject=body_title(election) + (f" (lần {round_.number})" if round_.number > 1 else ""),
        place=place_name(org),
        on=election.held_on,
        body=body,
        signer_capacity="T/M Ban kiểm phiếu",
        signer_title="Trưởng ban",
        signer_name=committee[0] if committee else "",
        file_hint=f"lan-{round_.number}",
    )
