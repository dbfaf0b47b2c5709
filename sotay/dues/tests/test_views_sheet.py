"""The collection sheet (sổ thu đảng phí, docs/rules/dues.md#thu-nộp / 01-QĐ/TW): view, XLSX, compute and pay; outsiders
get 404."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sotay.core.tests.export_checks import assert_export
from sotay.dues.models import DuesLiability, DuesPayment

from .helpers import with_basis

pytestmark = pytest.mark.django_db


def _url(name, org, *extra):
    return reverse(f"dues:{name}", args=[org.pk, 2026, 3, *extra])


@pytest.fixture
def sheet(cast):
    with_basis(cast.member_member, basis="STUDENT")
    with_basis(cast.outsider_members[0], basis="STUDENT")
    return cast


def test_secretary_computes_and_sees_the_sheet(client, sheet):
    """01-QĐ/TW: the chi bộ computes the month and sees due, paid and balance per member."""
    client.force_login(sheet.cell_secretary)
    response = client.post(_url("compute", sheet.cell_a))
    assert response.status_code == 302
    assert DuesLiability.objects.filter(member=sheet.member_member).count() == 1
    page = client.get(_url("sheet", sheet.cell_a))
    assert page.status_code == 200
    assert "Nguyễn Văn Ấn" in page.content.decode()
    assert "5.000" in page.content.decode() or "5,000" in page.content.decode()


def test_secretary_records_a_payment(client, sheet):
    """01-QĐ/TW: the chi bộ records a cash payment from the sheet."""
    client.force_login(sheet.cell_secretary)
    client.post(_url("compute", sheet.cell_a))
    data = {"amount": "5000", "paid_on": "20/03/2026", "channel": "CASH"}
    response = client.post(_url("pay", sheet.cell_a, sheet.member_member.pk), data)
    assert response.status_code == 302
    assert DuesPayment.objects.get().amount == 5_000


def test_higher_level_sees_its_subtree(client, sheet):
    """Rights flow down the tree: the provincial Ban Tổ chức sees the sheet of any cell below it."""
    client.force_login(sheet.provincial_officer)
    assert client.get(_url("sheet", sheet.cell_a)).status_code == 200


def test_xlsx_download(client, sheet):
    """01-QĐ/TW collection sheet as XLSX: one row per member with due, paid and balance."""
    client.force_login(sheet.cell_secretary)
    client.post(_url("compute", sheet.cell_a))
    response = client.get(_url("sheet_xlsx", sheet.cell_a))
    assert_export(response, kind="dues_sheet", user=sheet.cell_secretary)
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][1] == "Họ và tên"
    ans = next(r for r in rows if r[1] == "Nguyễn Văn Ấn")
    assert ans[3:6] == (5_000, 0, 5_000)


@pytest.mark.parametrize("name", ["sheet", "sheet_xlsx"])
def test_outsider_gets_404(client, sheet, name):
    """A secretary of another commune's cell (the outsider) gets 404."""
    client.force_login(sheet.outsider)
    assert client.get(_url(name, sheet.cell_a)).status_code == 404


def test_outsider_cannot_compute_or_pay(client, sheet):
    """Writes from outside the subtree are 404 and write nothing."""
    client.force_login(sheet.outsider)
    assert client.post(_url("compute", sheet.cell_a)).status_code == 404
    data = {"amount": "5000", "paid_on": "20/03/2026", "channel": "CASH"}
    assert client.post(_url("pay", sheet.cell_b, sheet.member_member.pk), data).status_code == 404
    assert not DuesLiability.objects.exists() and not DuesPayment.objects.exists()


def test_plain_member_cannot_see_the_sheet(client, sheet):
    """Policy: VIEW_MEMBERS is needed to see the sheet; a plain member gets 404."""
    client.force_login(sheet.member)
    assert client.get(_url("sheet", sheet.cell_a)).status_code == 404


def test_invalid_month_is_404(client, sheet):
    """A month outside 1–12 is not a page."""
    client.force_login(sheet.cell_secretary)
    assert client.get(reverse("dues:sheet", args=[sheet.cell_a.pk, 2026, 13])).status_code == 404
