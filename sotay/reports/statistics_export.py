"""The statistics page as a report (báo cáo thống kê đảng viên), laid out as a Party document: XLSX and PDF.

Heading block (the superior organisation over the organisation, "Số: …-BC/…" left for the user to fill in; the
Party's name and the place and date on the right), title, the figures table by table, the increase–decrease of
the period, and the signature block of the organisation's board.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from vietnam_provinces import Ward

from sotay.lib import pdf, xlsx
from sotay.members.stats import subtree_statistics
from sotay.orgs import policy
from sotay.orgs.access import get_org_for_user
from sotay.orgs.models import Organization, OrgKind

from .statistics import increase_decrease, read_query
from .views import _filename, _letterhead, export

FILENAME_STEM = "bao-cao-thong-ke-dang-vien"
# Administrative units and Party committees named after their place: the place is what follows the prefix.
_PLACE_PREFIXES = ("Đảng bộ tỉnh ", "Đảng bộ thành phố ", "Đảng bộ xã ", "Đảng bộ phường ", "Đảng bộ đặc khu ")
_UNIT_PREFIXES = ("Xã ", "Phường ", "Đặc khu ")
_BLANK = "\u00a0" * 8  # the report number, written in by hand


@dataclass(frozen=True)
class Table:
    title: str
    rows: list[tuple[str, int, float | None]]  # label, count, percentage of the active members
    share: bool = True  # whether the table has the column "Tỷ lệ (%)"


@dataclass
class Report:
    org: Organization
    superior_name: str
    number_line: str
    place_date: str
    figures_on: dt.date
    period: str
    total: int
    tables: list[Table]
    changes: list[tuple[str, int]]
    increase: int
    decrease: int
    signed_for: str
    signer_title: str = field(default_factory=lambda: _("BÍ THƯ"))
    # The columns of the tables; the last one only in tables with shares.
    headers: list[str] = field(
        default_factory=lambda: [
            _("STT"),
            pgettext("statistics report column", "Chỉ tiêu"),
            _("Số lượng"),
            _("Tỷ lệ (%)"),
        ]
    )


def place_name(org: Organization) -> str:
    """The place written before the date: the commune (ward) or province the organisation belongs to, or ""."""
    for node in [org, *reversed(list(Organization.objects.get_ancestors(org)))]:
        if node.ward_code:
            try:
                name = Ward.from_code(node.ward_code).name
            except ValueError:
                name = ""
            for prefix in _UNIT_PREFIXES:
                if name.startswith(prefix):
                    return name[len(prefix) :]
        if node.kind in (OrgKind.COMMUNE_COMMITTEE, OrgKind.PROVINCIAL_COMMITTEE):
            for prefix in _PLACE_PREFIXES:
                if node.name.startswith(prefix):
                    return node.name[len(prefix) :]
    return ""


def dated_line(place: str, day: dt.date) -> str:
    parts = {"place": place, "d": f"{day:%d}", "m": f"{day:%m}", "y": f"{day:%Y}"}
    if place:
        return _("%(place)s, ngày %(d)s tháng %(m)s năm %(y)s") % parts
    return _("ngày %(d)s tháng %(m)s năm %(y)s") % parts


def _table(title: str, rows: list[tuple[str, int]], total: int, share: bool = True) -> Table:
    return Table(
        title, [(str(label), n, round(n * 100 / total, 1) if share and total else None) for label, n in rows], share
    )


def figure_tables(org: Organization, on: dt.date | None) -> tuple[int, list[Table]]:
    """The active total and the tables, of today or as they were on a past day (rebuilt from member periods)."""
    stats = subtree_statistics(org, as_of=on) if on else subtree_statistics(org)
    total = stats["total"][0].count
    tables = [
        _table(_("Trạng thái"), [(r.label, r.count) for r in stats["status"]], total, share=False),
        *(
            _table(title, [(r.label, r.count) for r in stats[key]], total)
            for key, title in (
                ("gender", _("Giới tính")),
                ("age", _("Độ tuổi")),
                ("party_age", _("Tuổi đảng")),
                ("ethnicity", _("Dân tộc")),
                ("religion", _("Tôn giáo")),
                ("professional_education", _("Chuyên môn nghiệp vụ")),
                ("political_theory", _("Lý luận chính trị")),
            )
        ),
    ]
    return total, tables


def build_report(org: Organization, on: dt.date | None, interval, today: dt.date) -> Report:
    total, tables = figure_tables(org, on)
    changes, increase, decrease = increase_decrease(org, interval)
    return Report(
        org=org,
        superior_name=_letterhead(org)["superior_name"],
        number_line=_("Số: %(blank)s-BC/%(blank)s") % {"blank": _BLANK},
        place_date=dated_line(place_name(org), today),
        figures_on=on or today,
        period=_("Tăng giảm đảng viên từ %(a)s đến %(b)s")
        % {"a": f"{interval.start:%d/%m/%Y}", "b": f"{interval.end:%d/%m/%Y}"},
        total=total,
        tables=tables,
        changes=[(label, n) for _event, label, n in changes],
        increase=increase,
        decrease=decrease,
        signed_for=_("T/M %(board)s") % {"board": org.board_name.upper()},
    )


# XLSX: four columns; the heading's left half over A:B, its right half over C:D.
_WIDTHS = {"A": 7, "B": 44, "C": 20, "D": 20}
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _put(
    ws, row: int, column: int, value, *, bold=False, italic=False, span=1, align=None, number_format=None, box=False
):
    if isinstance(value, str):
        cell = ws.cell(row=row, column=column, value=xlsx.safe_text(value))
        cell.data_type = "s"  # never a formula, whatever the text looks like
    else:
        cell = ws.cell(row=row, column=column, value=value)
    if bold or italic:
        cell.font = Font(bold=bold, italic=italic)
    if span > 1:
        ws.merge_cells(start_row=row, start_column=column, end_row=row, end_column=column + span - 1)
    if align:
        cell.alignment = align
    if number_format:
        cell.number_format = number_format
    if box:
        cell.border = _BOX
    return cell


def _table_rows(ws, row: int, headers: list[str], rows: list[tuple], sums: Sequence[tuple[str, int]] = ()) -> int:
    """A boxed table: the headers, numbered rows (label, count[, share]) and bold sums; returns its last row."""
    for column, title in enumerate(headers, start=1):
        _put(ws, row, column, title, bold=True, align=_CENTER, box=True)
    for index, values in enumerate(rows, start=1):
        row += 1
        _put(ws, row, 1, index, box=True)
        for column, value in enumerate(values[: len(headers) - 1], start=2):
            _put(ws, row, column, value, number_format="0.0" if column == 4 else None, box=True)
    for label, n in sums:
        row += 1
        _put(ws, row, 1, None, box=True)
        _put(ws, row, 2, label, bold=True, box=True)
        _put(ws, row, 3, n, bold=True, box=True)
    return row


def statistics_xlsx_bytes(report: Report) -> bytes:
    wb = Workbook()
    wb.properties.creator = "Sổ tay"
    wb.properties.title = _("Báo cáo thống kê đảng viên")
    ws = wb.active
    ws.title = xlsx.safe_text(_("Báo cáo thống kê"))[:31]
    for letter, width in _WIDTHS.items():
        ws.column_dimensions[letter].width = width
    left = [report.superior_name.upper(), report.org.name.upper(), "*", report.number_line]
    right = [_("ĐẢNG CỘNG SẢN VIỆT NAM"), report.place_date]
    for i, text in enumerate(left, start=1):
        if text:
            _put(ws, i, 1, text, bold=i == 2, span=2, align=_CENTER)
    for i, text in enumerate(right, start=1):
        _put(ws, i, 3, text, bold=i == 1, italic=i == 2, span=2, align=_CENTER)
    _put(ws, 6, 1, _("BÁO CÁO THỐNG KÊ ĐẢNG VIÊN"), bold=True, span=4, align=_CENTER)
    _put(ws, 7, 1, _("Số liệu đến ngày %(d)s") % {"d": f"{report.figures_on:%d/%m/%Y}"}, span=4, align=_CENTER)
    _put(ws, 8, 1, report.period, italic=True, span=4, align=_CENTER)
    _put(ws, 10, 2, _("Tổng số đảng viên đang sinh hoạt"), bold=True)
    _put(ws, 10, 3, report.total, bold=True)
    row = 11
    headers = report.headers
    for number, table in enumerate(report.tables, start=1):
        row += 1
        _put(ws, row, 1, f"{number}. {table.title}", bold=True, span=4)
        row = _table_rows(ws, row + 1, headers if table.share else headers[:3], table.rows) + 1
    row += 1
    _put(ws, row, 1, f"{len(report.tables) + 1}. {report.period}", bold=True, span=4)
    sums = [(_("Tổng tăng"), report.increase), (_("Tổng giảm"), report.decrease)]
    row = _table_rows(ws, row + 1, headers[:3], report.changes, sums) + 2
    for text, bold, italic in (
        (report.signed_for, True, False),
        (report.signer_title, True, False),
        (_("(Ký, ghi rõ họ tên)"), False, True),
    ):
        _put(ws, row, 3, text, bold=bold, italic=italic, span=2, align=_CENTER)
        row += 1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _export(request: HttpRequest, org_id: int, extension: str) -> HttpResponseBase:
    user = request.user
    org = get_org_for_user(user, org_id, perm=policy.EXPORT_MEMBERS)
    form, on, interval = read_query(request)
    if form.is_bound and not form.is_valid():  # the page explains what is wrong
        return redirect(f"{reverse('reports:statistics', args=[org.pk])}?{request.GET.urlencode()}")
    today = timezone.localdate()
    report = build_report(org, on, interval, today)
    if extension == "xlsx":
        content = statistics_xlsx_bytes(report)
    else:
        content = pdf.render_pdf("reports/statistics_report.html", {"report": report})
    return export(
        request,
        kind=f"statistics_{extension}",
        organization=org,
        filename=_filename(FILENAME_STEM, report.figures_on, extension, org.code),
        content=content,
        rows=report.total,
        params={
            "on": report.figures_on.isoformat(),
            "start": interval.start.isoformat(),
            "end": interval.end.isoformat(),
        },
    )


@require_GET
def statistics_xlsx(request: HttpRequest, org_id: int) -> HttpResponseBase:
    """The statistics report as a spreadsheet: the tables one after another on one sheet."""
    return _export(request, org_id, "xlsx")


@require_GET
def statistics_pdf(request: HttpRequest, org_id: int) -> HttpResponseBase:
    """The statistics report as a printed Party document (portrait A4)."""
    return _export(request, org_id, "pdf")
