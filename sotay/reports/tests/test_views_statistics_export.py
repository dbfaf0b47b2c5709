"""GET /reports/statistics/<org_id>.xlsx and .pdf: the statistics page as a Party report."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sotay.audit.models import AuditEntry
from sotay.members import services
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Role
from sotay.reports.statistics_export import place_name
from sotay.reports.tests import pdftext

pytestmark = pytest.mark.django_db

CHANGE_LABELS = ("Kết nạp mới", "Chuyển đến", "Chuyển đi", "Ra khỏi Đảng", "Từ trần", "Tổng tăng", "Tổng giảm")


def xlsx_url(org) -> str:
    return reverse("reports:statistics_xlsx", args=[org.pk])


def pdf_url(org) -> str:
    return reverse("reports:statistics_pdf", args=[org.pk])


def get(client, user, url, params=None):
    client.force_login(user)
    return client.get(url, params or {})


def cells(response) -> list[tuple]:
    ws = load_workbook(io.BytesIO(response.content)).active
    return [tuple(c for c in row if c is not None) for row in ws.iter_rows(values_only=True)]


def figure(rows: list[tuple], label: str, after: str | None = None) -> object:
    """The count next to `label` (the first one after the section title `after`, when given)."""
    start = next(i for i, row in enumerate(rows) if after in row) if after else 0
    return next(row[row.index(label) + 1] for row in rows[start:] if label in row)


def test_urls():
    assert xlsx_url(type("O", (), {"pk": 7})) == "/reports/statistics/7.xlsx"
    assert pdf_url(type("O", (), {"pk": 7})) == "/reports/statistics/7.pdf"


def test_the_sheet_holds_the_heading_the_tables_and_the_signature_block(client, cast):
    response = get(client, cast.commune_committee, xlsx_url(cast.commune_a))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    today = timezone.localdate()
    assert (
        response["Content-Disposition"] == f'attachment; filename="bao-cao-thong-ke-dang-vien-hy.a-{today:%Y%m%d}.xlsx"'
    )
    rows = cells(response)
    flat = [value for row in rows for value in row]
    for expected in (
        "ĐẢNG BỘ TỈNH HƯNG YÊN",
        "ĐẢNG BỘ XÃ ĐÔNG TIẾN",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        f"Đông Tiến, ngày {today:%d} tháng {today:%m} năm {today:%Y}",
        "BÁO CÁO THỐNG KÊ ĐẢNG VIÊN",
        f"Số liệu đến ngày {today:%d/%m/%Y}",
        f"Tăng giảm đảng viên từ 01/01/{today.year} đến {today:%d/%m/%Y}",
        "T/M ĐẢNG ỦY XÃ ĐÔNG TIẾN",
        "BÍ THƯ",
        *CHANGE_LABELS,
    ):
        assert expected in flat, expected
    assert any(isinstance(v, str) and v.startswith("Số:") and "-BC/" in v for v in flat)
    for title in ("Trạng thái", "Giới tính", "Độ tuổi", "Tuổi đảng", "Dân tộc", "Tôn giáo", "Lý luận chính trị"):
        assert any(isinstance(v, str) and v.endswith(f". {title}") for v in flat), title
    assert figure(rows, "Tổng số đảng viên đang sinh hoạt") == 5  # four in the village cell, one teacher
    assert figure(rows, "Nữ", after="2. Giới tính") == 2
    assert figure(rows, "Nam", after="2. Giới tính") == 3
    gender_row = next(row for row in rows if "Nữ" in row)
    assert gender_row[-1] == 40.0  # the share of the active members, as a number
    assert figure(rows, "Tổng tăng") == 0 and figure(rows, "Tổng giảm") == 0


def test_the_sheet_counts_the_increase_and_decrease_of_the_period(client, cast):
    services.transfer_member(
        member=cast.others_a[0], to_org=cast.cell_b, on=dt.date(2025, 6, 1), actor=Actor.system("command:test")
    )
    params = {"start": "01/01/2025", "end": "31/12/2025"}
    rows = cells(get(client, cast.commune_committee, xlsx_url(cast.commune_a), params))
    assert figure(rows, "Chuyển đi") == 1 and figure(rows, "Tổng giảm") == 1 and figure(rows, "Tổng tăng") == 0
    assert figure(rows, "Tổng số đảng viên đang sinh hoạt") == 4


def test_the_sheet_as_of_a_past_day_has_the_figures_of_that_day(client, cast):
    services.transfer_member(
        member=cast.others_a[0], to_org=cast.cell_b, on=dt.date(2025, 6, 1), actor=Actor.system("command:test")
    )
    response = get(client, cast.commune_committee, xlsx_url(cast.commune_a), {"on": "31/05/2025"})
    assert response["Content-Disposition"].endswith('-hy.a-20250531.xlsx"')
    rows = cells(response)
    flat = [value for row in rows for value in row]
    assert "Số liệu đến ngày 31/05/2025" in flat
    assert figure(rows, "Tổng số đảng viên đang sinh hoạt") == 5
    assert (
        "1. Trạng thái" in flat and "3. Độ tuổi" in flat and "8. Lý luận chính trị" in flat
    )  # all tables, as of that day


def test_the_pdf_is_laid_out_as_a_party_report(client, cast):
    response = get(client, cast.commune_committee, pdf_url(cast.commune_a))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF")
    width, height = pdftext.page_sizes(content)[0]
    assert width < height  # portrait
    text = pdftext.text(content)
    lines = pdftext.text_lines(content)
    today = timezone.localdate()
    for expected in (
        "ĐẢNG BỘ TỈNH HƯNG YÊN",
        "ĐẢNG BỘ XÃ ĐÔNG TIẾN",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "BÁO CÁO THỐNG KÊ ĐẢNG VIÊN",
        f"Số liệu đến ngày {today:%d/%m/%Y}",
        "T/M ĐẢNG ỦY XÃ ĐÔNG TIẾN",
        "BÍ THƯ",
        *CHANGE_LABELS,
    ):
        assert expected in lines, expected
    assert "-BC/" in text and f"ngày {today:%d} tháng {today:%m} năm {today:%Y}" in text
    assert "Tổng số đảng viên đang sinh hoạt: 5" in text


def test_the_pdf_as_of_a_past_day(client, cast):
    response = get(client, cast.commune_committee, pdf_url(cast.commune_a), {"on": "31/05/2025"})
    assert response.status_code == 200
    lines = pdftext.text_lines(response.content)
    assert "Số liệu đến ngày 31/05/2025" in lines and "Tăng giảm đảng viên" in pdftext.text(response.content)


def test_a_cell_report_is_signed_for_its_board(client, cast):
    rows = cells(get(client, cast.cell_secretary, xlsx_url(cast.cell_a)))
    flat = [value for row in rows for value in row]
    assert "T/M CHI ỦY THÔN ĐÔNG" in flat and "CHI BỘ THÔN ĐÔNG" in flat
    assert figure(rows, "Tổng số đảng viên đang sinh hoạt") == 4


def test_the_place_is_the_commune_or_province_above(cast):
    assert place_name(cast.cell_a2) == "Đông Tiến"
    assert place_name(cast.commune_b) == "Phố Hiến"
    assert place_name(cast.province) == "Hưng Yên"
    cast.commune_a.ward_code = 11953  # Phường Phố Hiến: the administrative unit wins over the committee's name
    cast.commune_a.save(update_fields=["ward_code"])
    assert place_name(cast.cell_a) == "Phố Hiến"


@pytest.mark.parametrize("url", [xlsx_url, pdf_url])
def test_each_export_writes_one_audit_entry_for_the_organisation(client, cast, url):
    get(client, cast.commune_committee, url(cast.commune_a), {"start": "01/01/2025", "end": "31/12/2025"})
    (entry,) = AuditEntry.objects.filter(action="export")
    assert entry.organization == cast.commune_a
    assert entry.data["kind"] in ("statistics_xlsx", "statistics_pdf")
    assert entry.data["rows"] == 5
    assert entry.data["params"]["start"] == "2025-01-01" and entry.data["params"]["end"] == "2025-12-31"


@pytest.mark.parametrize("url", [xlsx_url, pdf_url])
def test_access_follows_the_export_scope(client, cast, url):
    assert get(client, cast.outsider, url(cast.commune_a)).status_code == 404
    assert get(client, cast.member, url(cast.cell_a)).status_code == 404
    assert get(client, cast.cell_secretary, url(cast.commune_a)).status_code == 404  # above their cell
    assert get(client, cast.provincial_officer, url(type("O", (), {"pk": 999999}))).status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()


def test_bad_parameters_send_the_user_back_to_the_page(client, cast):
    params = {"start": "31/12/2025", "end": "01/01/2025"}
    response = get(client, cast.commune_committee, xlsx_url(cast.commune_a), params)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reports:statistics", args=[cast.commune_a.pk]) + "?")
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_page_links_the_downloads_with_its_query_only_for_exporters(client, cast, monkeypatch):
    page = reverse("reports:statistics", args=[cast.commune_a.pk])
    body = get(client, cast.commune_committee, page, {"on": "31/05/2025"}).content.decode()
    assert "Tải báo cáo:" in body
    assert f'href="{xlsx_url(cast.commune_a)}?on=31%2F05%2F2025"' in body
    assert f'href="{pdf_url(cast.commune_a)}?on=31%2F05%2F2025"' in body
    assert f'href="{xlsx_url(cast.commune_a)}"' in client.get(page).content.decode()
    # Every role that sees the members may export them today; a role that could only look would get no links.
    viewer = policy.PERMISSIONS[Role.COMMITTEE] - {policy.EXPORT_MEMBERS}
    monkeypatch.setitem(policy.PERMISSIONS, Role.COMMITTEE, viewer)
    body = client.get(page).content.decode()
    assert "Thống kê đảng viên" in body and "Tải báo cáo:" not in body
    assert client.get(xlsx_url(cast.commune_a)).status_code == 404
