"""Dues bases from a payroll sheet (issue 14; the basis is the salary BHXH is paid on, docs/rules/dues.md, 01-QĐ/TW):
preview with each row's member or reason, then confirm all or nothing; hostile files refused cleanly."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sotay.dues.models import MemberDuesBasis

pytestmark = pytest.mark.django_db


def _xlsx(rows) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["BẢNG LƯƠNG THÁNG 3/2026"])
    sheet.append(["STT", "Họ và tên", "Số CCCD", "Lương đóng BHXH"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("bang-luong.xlsx", out.getvalue())


def _members(cast):
    from sotay.members.models import Member

    return list(Member.objects.active().in_subtree(cast.cell_a).order_by("pk"))


def test_preview_then_confirm_declares_every_row(client, cast):
    members = _members(cast)
    rows = [[i + 1, m.full_name.upper() if i == 0 else m.full_name, "", 5_000_000 + i] for i, m in enumerate(members)]
    client.force_login(cast.cell_secretary)
    url = reverse("dues:bases", args=[cast.cell_a.pk])
    response = client.post(url, {"action": "preview", "effective_from": "01/03/2026", "file": _xlsx(rows)})
    html = response.content.decode()
    assert response.status_code == 200 and "Dòng 3" in html
    assert not MemberDuesBasis.objects.exists()  # a preview saves nothing
    pairs = [f"{m.pk}:{5_000_000 + i}" for i, m in enumerate(members)]
    assert all(f'value="{p}"' in html for p in pairs)
    response = client.post(url, {"action": "confirm", "effective_from": "01/03/2026", "row": pairs})
    assert response.status_code == 302
    saved = MemberDuesBasis.objects.filter(effective_from=dt.date(2026, 3, 1), basis="INSURED_SALARY")
    assert sorted(saved.values_list("amount", flat=True)) == [5_000_000 + i for i in range(len(members))]


def test_rows_with_problems_are_named_and_nothing_can_be_confirmed(client, cast):
    members = _members(cast)
    rows = [
        [1, members[0].full_name, "", "5.200.000"],
        [2, "Người Không Có", "", 4_000_000],
        [3, members[1].full_name, "", "năm triệu"],
        [4, members[0].full_name, "", 1_000],
    ]
    client.force_login(cast.cell_secretary)
    url = reverse("dues:bases", args=[cast.cell_a.pk])
    response = client.post(url, {"action": "preview", "effective_from": "01/03/2026", "file": _xlsx(rows)})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Dòng 4" in html and "không có đảng viên tên này trong chi bộ" in html
    assert "số tiền không hợp lệ" in html and "đảng viên này đã có ở dòng trên" in html
    assert 'value="confirm"' not in html and "Chưa lưu gì" in html


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bang-luong.xlsx", b"%PDF-1.4 not a sheet", "không phải XLSX"),
        ("bang-luong.xlsx", b"", 'role="alert"'),  # Django refuses an empty upload on the field
        ("bang-luong.xlsx", b"PK\x03\x04 broken zip", 'role="alert"'),
    ],
)
def test_hostile_or_wrong_files_are_refused_cleanly(client, cast, name, data, message):
    client.force_login(cast.cell_secretary)
    url = reverse("dues:bases", args=[cast.cell_a.pk])
    upload = SimpleUploadedFile(name, data)
    response = client.post(url, {"action": "preview", "effective_from": "01/03/2026", "file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MemberDuesBasis.objects.exists()


def test_a_sheet_without_the_columns_says_which_are_needed(client, cast):
    book = openpyxl.Workbook()
    book.active.append(["A", "B"])
    out = io.BytesIO()
    book.save(out)
    client.force_login(cast.cell_secretary)
    url = reverse("dues:bases", args=[cast.cell_a.pk])
    upload = SimpleUploadedFile("x.xlsx", out.getvalue())
    html = client.post(url, {"action": "preview", "effective_from": "01/03/2026", "file": upload}).content.decode()
    assert "Không thấy cột “Họ và tên”" in html


def test_a_tampered_confirmation_is_refused(client, cast):
    from sotay.members.models import Member

    other = Member.objects.filter(organization=cast.cell_b).first()
    client.force_login(cast.cell_secretary)
    url = reverse("dues:bases", args=[cast.cell_a.pk])
    html = client.post(url, {"action": "confirm", "effective_from": "01/03/2026", "row": [f"{other.pk}:5000000"]})
    assert "không còn khớp" in html.content.decode()
    assert not MemberDuesBasis.objects.exists()
