"""GET /reports/register/<org_id>.xlsx and .pdf: Mẫu 7-HSĐV for an organisation's subtree."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sotay.audit.models import AuditEntry
from sotay.members.tests.factories import MemberFactory
from sotay.orgs.actor import Actor
from sotay.reports.tests import pdftext

pytestmark = pytest.mark.django_db


def xlsx_url(org) -> str:
    return reverse("reports:register_xlsx", args=[org.pk])


def pdf_url(org) -> str:
    return reverse("reports:register_pdf", args=[org.pk])


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def sheet(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def rows_by_name(ws) -> dict[str, dict[str, object]]:
    titles = [c.value for c in ws[2]]
    rows = [dict(zip(titles, row, strict=True)) for row in ws.iter_rows(min_row=3)]
    return {row["Họ và tên"].value: row for row in rows}


def test_urls():
    assert xlsx_url(type("O", (), {"pk": 7})) == "/reports/register/7.xlsx"
    assert pdf_url(type("O", (), {"pk": 7})) == "/reports/register/7.pdf"


def test_the_sheet_has_the_fourteen_numbered_columns_over_one_cell_per_field(client, register_cast):
    response = get(client, register_cast.cell_secretary, xlsx_url(register_cast.cell_a))
    assert response.status_code == 200
    today = timezone.localdate()
    assert (
        response["Content-Disposition"] == f'attachment; filename="so-danh-sach-dang-vien-hy.a.1-{today:%Y%m%d}.xlsx"'
    )
    ws = sheet(response)
    numbered = [c.value for c in ws[1] if c.value]
    assert len(numbered) == 14
    assert [n.split(" ")[0] for n in numbered] == [f"({i})" for i in range(1, 15)]
    assert numbered[1] == "(2) Họ và tên (tên khai sinh)"
    assert all(c.font.b for c in ws[2]) and ws.freeze_panes == "A3"
    assert len(ws.merged_cells.ranges) == 9  # the columns made of several fields


def test_the_sheet_keeps_members_who_left_died_or_moved_away_in_vietnamese_order(client, register_cast):
    ws = sheet(get(client, register_cast.cell_secretary, xlsx_url(register_cast.cell_a)))
    names = [row[1] for row in ws.iter_rows(min_row=3, values_only=True)]
    assert names == [
        "Nguyễn Văn Ấn",
        "Trần Thị Bình",
        "Lê Văn Cường",
        "Phạm Đức Dũng",
        "Ngô Thị Hà",
        "Đinh Văn Minh",
        "Mai Văn Quý",
        "Lý Văn Tâm",
    ]
    rows = rows_by_name(ws)
    left = rows["Đinh Văn Minh"]
    assert left["Hình thức"].value == "Xóa tên"
    assert left["Ngày ra khỏi Đảng"].value == dt.datetime(2024, 5, 6)
    assert left["Ngày ra khỏi Đảng"].number_format == "dd/mm/yyyy"
    dead = rows["Ngô Thị Hà"]
    assert dead["Ngày từ trần"].value == dt.datetime(2023, 1, 15) and dead["Ngày từ trần"].is_date
    assert rows["Lý Văn Tâm"]["Ngày chuyển đi"].value == dt.datetime(2022, 7, 1)
    assert rows["Nguyễn Văn Ấn"]["Ngày vào Đảng"].value == dt.datetime(2010, 3, 2)


def test_text_that_looks_like_a_formula_is_escaped_in_the_sheet(client, register_cast):
    ws = sheet(get(client, register_cast.cell_secretary, xlsx_url(register_cast.cell_a)))
    row = rows_by_name(ws)["Mai Văn Quý"]
    expected = {
        "Hiện nay": '=HYPERLINK("http://x")',
        "Khi vào Đảng": "+1-2",
        "Họ tên khai sinh": "@SUM(A1)",
        "Ngoại ngữ": "-Tiếng Anh",
    }
    for title, text in expected.items():
        assert row[title].value == "'" + text
        assert row[title].data_type == "s"


def test_the_pdf_is_laid_out_as_the_printed_register(client, register_cast):
    response = get(client, register_cast.cell_secretary, pdf_url(register_cast.cell_a))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    today = timezone.localdate()
    assert response["Content-Disposition"] == f'attachment; filename="so-danh-sach-dang-vien-hy.a.1-{today:%Y%m%d}.pdf"'
    assert "no-store" in response["Cache-Control"]
    content = response.content
    assert content.startswith(b"%PDF-")
    width, height = pdftext.page_sizes(content)[0]
    assert width > height  # landscape
    lines = pdftext.text_lines(content)
    for expected in (
        "ĐẢNG BỘ XÃ ĐÔNG TIẾN",
        "CHI BỘ THÔN ĐÔNG",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "SỔ DANH SÁCH ĐẢNG VIÊN",
        "Chi bộ thôn Đông",
        f"Ngày lập: {today:%d/%m/%Y}",
        "Nguyễn Văn Ấn",
        "Đinh Văn Minh",
        "Xóa tên",
        "06/05/2024",
        "Ngô Thị Hà",
        "15/01/2023",
        '=HYPERLINK("http://',  # printed as it is (a PDF runs nothing), wrapped in its narrow column
    ):
        assert expected in lines, expected
    assert [line for line in lines if re.fullmatch(r"\(\d+\)", line)] == [f"({i})" for i in range(1, 15)]


def test_a_long_register_repeats_the_header_and_numbers_the_pages(client, register_cast):
    MemberFactory.create_batch(60, organization=register_cast.cell_a)
    content = get(client, register_cast.cell_secretary, pdf_url(register_cast.cell_a)).content
    pages = len(pdftext.page_sizes(content))
    assert pages >= 2
    lines = pdftext.text_lines(content)
    assert lines.count("(14)") == pages  # the table header repeats on every page
    assert lines.count("Tài liệu chứa dữ liệu cá nhân — không chia sẻ ngoài phạm vi công tác") == pages
    assert f"{pages} / {pages}" in lines and f"1 / {pages}" in lines


def test_a_commune_register_covers_its_subtree_under_the_provinces_name(client, register_cast):
    content = get(client, register_cast.commune_committee, pdf_url(register_cast.commune_a)).content
    lines = pdftext.text_lines(content)
    assert "ĐẢNG BỘ TỈNH HƯNG YÊN" in lines and "ĐẢNG BỘ XÃ ĐÔNG TIẾN" in lines
    assert "Hoàng Thị Lan" in lines and "Chi bộ giáo viên" in lines
    assert "Đỗ Văn Hải" not in lines


@pytest.mark.parametrize("url", [xlsx_url, pdf_url])
def test_each_export_writes_one_audit_entry_for_the_organisation(client, register_cast, url):
    get(client, register_cast.commune_committee, url(register_cast.cell_a))
    (entry,) = AuditEntry.objects.filter(action="export")
    assert entry.organization == register_cast.cell_a
    assert entry.object_type == "orgs.organization" and entry.object_id == str(register_cast.cell_a.pk)
    assert entry.data["kind"] in ("register_xlsx", "register_pdf")
    assert entry.data["rows"] == 8


@pytest.mark.parametrize("url", [xlsx_url, pdf_url])
def test_access_follows_the_export_scope(client, register_cast, url):
    cast = register_cast
    assert get(client, cast.outsider, url(cast.commune_a)).status_code == 404
    assert get(client, cast.outsider, url(cast.cell_a)).status_code == 404
    assert get(client, cast.member, url(cast.cell_a)).status_code == 404
    assert get(client, cast.cell_secretary, url(cast.commune_a)).status_code == 404  # above their cell
    assert get(client, cast.provincial_officer, url(cast.commune_a)).status_code == 200
    assert get(client, cast.provincial_officer, url(type("O", (), {"pk": 999999}))).status_code == 404
    assert AuditEntry.objects.filter(action="export").count() == 1


def test_a_register_too_long_for_one_pdf_sends_the_user_back_with_a_message(client, register_cast, settings):
    settings.SOTAY_REGISTER_PDF_MAX_ROWS = 3
    response = get(client, register_cast.cell_secretary, pdf_url(register_cast.cell_a))
    assert response.status_code == 302
    assert response["Location"] == reverse("web:org_detail", args=[register_cast.cell_a.pk])
    page = client.get(response["Location"]).content.decode()
    assert "quá nhiều để in một tệp PDF" in page
    assert not AuditEntry.objects.filter(action="export").exists()
    # Issue 14 point 6: the organisation's page no longer offers that PDF; it says why and offers the Excel.
    assert pdf_url(register_cast.cell_a) not in page and "quá nhiều cho một tệp PDF (tối đa 3)" in page
    assert reverse("reports:register_xlsx", args=[register_cast.cell_a.pk]) in page
    settings.SOTAY_REGISTER_PDF_MAX_ROWS = 1000
    page = client.get(response["Location"]).content.decode()
    assert pdf_url(register_cast.cell_a) in page


def test_the_register_as_of_a_past_day(client, cast):
    from sotay.members import services

    mover = cast.others_a[0]
    services.transfer_member(
        member=mover, to_org=cast.cell_b, on=dt.date(2025, 6, 1), actor=Actor.system("command:test")
    )
    client.force_login(cast.provincial_officer)
    url = reverse("reports:register_xlsx", args=[cast.commune_b.pk])

    def names(params):
        content = b"".join(client.get(url, params).streaming_content)
        sheet = load_workbook(io.BytesIO(content)).active
        return {str(value) for row in sheet.iter_rows(values_only=True) for value in row if value}

    assert mover.full_name in names({})
    assert mover.full_name not in names({"on": "31/05/2025"})
