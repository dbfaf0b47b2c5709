"""GET /reports/members.xlsx: the member list page's filtered list as a spreadsheet."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sotay.audit.models import AuditEntry
from sotay.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

URL = "/reports/members.xlsx"
HEADER = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc",
    "Tôn giáo",
    "Chi bộ",
    "Trạng thái",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Số thẻ đảng viên",
    "Số CCCD",
    "Điện thoại",
]
ACTIVE_IN_COMMUNE_A = [
    "Nguyễn Văn Ấn",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Đức Dũng",
    "Hoàng Thị Lan",
    "Mai Văn Quý",
]


def download(client, user, params=None):
    client.force_login(user)
    return client.get(URL, params or {})


def sheet(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def names(ws) -> list[str]:
    return [row[1] for row in ws.iter_rows(min_row=2, values_only=True)]


def test_the_url_is_named():
    assert reverse("reports:members_xlsx") == URL


def test_it_exports_the_list_in_vietnamese_order_with_the_expected_columns(client, register_cast):
    response = download(client, register_cast.commune_committee)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    today = timezone.localdate()
    assert response["Content-Disposition"] == f'attachment; filename="danh-sach-dang-vien-{today:%Y%m%d}.xlsx"'
    assert "no-store" in response["Cache-Control"]
    ws = sheet(response)
    assert [c.value for c in ws[1]] == HEADER
    assert names(ws) == ACTIVE_IN_COMMUNE_A
    assert [row[0] for row in ws.iter_rows(min_row=2, values_only=True)] == list(range(1, 7))


def test_a_row_holds_the_members_fields_with_real_dates(client, register_cast):
    ws = sheet(download(client, register_cast.commune_committee, {"q": "Trần Thị Bình"}))
    assert ws.max_row == 2
    row = [c.value for c in ws[2]]
    assert row[1:8] == [
        "Trần Thị Bình",
        dt.datetime(1980, 5, 17),
        "Nữ",
        "Kinh",
        "Không",
        "Chi bộ thôn Đông",
        "Chính thức",
    ]
    assert row[8:10] == [dt.datetime(2010, 3, 2), dt.datetime(2011, 3, 2)]
    assert row[11] == "033180000001"  # text: the leading zero stays
    for column in ("C", "I", "J"):
        assert ws[f"{column}2"].is_date and ws[f"{column}2"].number_format == "dd/mm/yyyy"


def test_it_applies_the_list_pages_filters(client, register_cast):
    user = register_cast.commune_committee
    assert names(sheet(download(client, user, {"gender": "F"}))) == ["Trần Thị Bình", "Hoàng Thị Lan"]
    assert names(sheet(download(client, user, {"org": register_cast.base_a.pk}))) == ["Hoàng Thị Lan"]
    everyone = names(sheet(download(client, user, {"status": "all", "org": register_cast.cell_a.pk})))
    assert {"Đinh Văn Minh", "Ngô Thị Hà", "Lý Văn Tâm"} <= set(everyone)
    assert names(sheet(download(client, user, {"status": "LEFT"}))) == ["Đinh Văn Minh"]


def test_a_name_that_looks_like_a_formula_is_exported_as_text(client, register_cast):
    MemberFactory(full_name='=HYPERLINK("http://x")', organization=register_cast.cell_a)
    ws = sheet(download(client, register_cast.commune_committee))
    (cell,) = [row[1] for row in ws.iter_rows(min_row=2) if "HYPERLINK" in str(row[1].value)]
    assert cell.value == '\'=HYPERLINK("http://x")'
    assert cell.data_type != "f"


def test_it_writes_one_audit_entry_for_the_filtered_organisation(client, register_cast):
    download(client, register_cast.commune_committee, {"org": register_cast.cell_a.pk, "gender": "F", "page": "2"})
    (entry,) = AuditEntry.objects.filter(action="export")
    assert entry.organization == register_cast.cell_a
    assert entry.actor == register_cast.commune_committee
    assert entry.data == {
        "kind": "member_list_xlsx",
        "format": "xlsx",
        "rows": 1,
        "params": {"org": str(register_cast.cell_a.pk), "gender": "F"},
    }


def test_without_an_organisation_filter_the_entry_belongs_to_the_users_scope(client, register_cast):
    download(client, register_cast.commune_committee)
    (entry,) = AuditEntry.objects.filter(action="export")
    assert entry.organization == register_cast.commune_a
    assert entry.data["rows"] == len(ACTIVE_IN_COMMUNE_A)


def test_the_province_exports_every_commune(client, register_cast):
    exported = set(names(sheet(download(client, register_cast.provincial_officer))))
    assert {"Nguyễn Văn Ấn", "Đỗ Văn Hải"} <= exported


def test_the_outsider_gets_404_for_another_commune_and_only_their_cell_otherwise(client, register_cast):
    outsider = register_cast.outsider
    assert download(client, outsider, {"org": register_cast.commune_a.pk}).status_code == 404
    assert download(client, outsider, {"org": register_cast.cell_a.pk}).status_code == 404
    assert names(sheet(download(client, outsider))) == ["Đỗ Văn Hải", "Vũ Văn Khoa", "Bùi Văn Long"]
    assert AuditEntry.objects.filter(action="export").count() == 1


def test_a_plain_member_gets_404(client, register_cast):
    assert download(client, register_cast.member).status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()


def test_anonymous_users_are_sent_to_login(client, register_cast):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
