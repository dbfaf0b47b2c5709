"""The log of handing over and lending member files (docs/rules/registers.md#sổ-giao-nhận-và-cho-mượn-hồ-sơ): entries
kept, returns recorded once."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from sotay.audit.models import AuditEntry
from sotay.members import file_loans
from sotay.members.models import FileLoan
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db


def test_lend_from_member_page_list_return_and_export(cast, client):
    client.force_login(cast.cell_secretary)
    url = reverse("members:file_lend", args=[cast.member_member.pk])
    data = {
        "kind": "LOAN",
        "borrower": "Đồng chí Phạm Văn Tùng",
        "borrower_unit": "Ủy ban Kiểm tra Đảng ủy xã",
        "purpose": "Thẩm tra",
        "documents": "Lý lịch đảng viên",
        "lent_on": "02/03/2026",
        "due_on": "16/03/2026",
    }
    assert client.post(url, data).status_code == 302
    loan = FileLoan.objects.get()
    assert loan.organization == cast.cell_a and loan.lent_by == cast.cell_secretary
    page = client.get(f"{reverse('members:file_loans')}?org={cast.cell_a.pk}").content.decode()
    assert "Phạm Văn Tùng" in page and "Quá hạn" in page  # due 16/03/2026, not returned
    client.post(reverse("members:file_return", args=[loan.pk]), {"returned_on": "20/03/2026"})
    loan.refresh_from_db()
    assert loan.returned_on == dt.date(2026, 3, 20) and loan.returned_to == cast.cell_secretary
    response = client.get(f"{reverse('members:file_loans_xlsx')}?org={cast.cell_a.pk}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "Nguyễn Văn Ấn" in values and "Đồng chí Phạm Văn Tùng" in values
    assert AuditEntry.objects.filter(action="export", data__kind="file_loans").exists()


def test_bad_entries_refused_and_nothing_written(cast):
    with pytest.raises(ValidationError) as err:
        file_loans.lend_file(
            member=cast.member_member,
            borrower="",
            purpose="x",
            documents="y",
            lent_on=dt.date(2026, 3, 2),
            due_on=dt.date(2026, 3, 1),
            actor=Actor.system("command:test"),
        )
    assert set(err.value.message_dict) == {"borrower", "due_on"}
    assert not FileLoan.objects.exists()


def test_return_only_once_and_not_before_lending(cast):
    loan = file_loans.lend_file(
        member=cast.member_member,
        borrower="A",
        purpose="B",
        documents="C",
        lent_on=dt.date(2026, 3, 2),
        actor=Actor.system("command:test"),
    )
    with pytest.raises(ValidationError):
        file_loans.return_file(loan=loan, returned_on=dt.date(2026, 3, 1), actor=Actor.system("command:test"))
    file_loans.return_file(loan=loan, returned_on=dt.date(2026, 3, 3), actor=Actor.system("command:test"))
    with pytest.raises(ValidationError):
        file_loans.return_file(loan=loan, returned_on=dt.date(2026, 3, 4), actor=Actor.system("command:test"))


def test_outsider_gets_404(cast, client):
    loan = file_loans.lend_file(
        member=cast.member_member,
        borrower="A",
        purpose="B",
        documents="C",
        lent_on=dt.date(2026, 3, 2),
        actor=Actor.system("command:test"),
    )
    client.force_login(cast.outsider)
    assert client.get(reverse("members:file_lend", args=[cast.member_member.pk])).status_code == 404
    assert client.get(f"{reverse('members:file_loans')}?org={cast.cell_a.pk}").status_code == 404
    assert client.post(reverse("members:file_return", args=[loan.pk]), {"returned_on": "03/03/2026"}).status_code == 404
