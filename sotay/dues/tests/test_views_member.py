"""One member's dues page: declared basis, exemptions and reductions (docs/rules/dues.md; 01-QĐ/TW 2026), and the
ledger."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sotay.dues.models import DuesReduction, MemberDuesBasis

pytestmark = pytest.mark.django_db


def _url(member, what=None):
    if what:
        return reverse("dues:member_change", args=[member.pk, what])
    return reverse("dues:member", args=[member.pk])


def test_secretary_declares_basis_and_the_member_sees_it_on_their_own_page(cast, client):
    m = cast.member_member
    client.force_login(cast.cell_secretary)
    data = {"basis": "INSURED_SALARY", "amount": "8500000", "effective_from": "01/01/2026"}
    response = client.post(_url(m, "basis"), data)
    assert response.status_code == 302
    assert MemberDuesBasis.objects.get(member=m).amount == 8_500_000
    client.force_login(cast.member)
    page = client.get(_url(m))
    assert page.status_code == 200
    html = page.content.decode()
    assert "8.500.000 đ" in html or "8,500,000 đ" in html
    assert "Kê khai căn cứ mới" not in html  # a member reads, does not change
    assert client.post(_url(m, "basis"), {"basis": "STUDENT", "effective_from": "01/02/2026"}).status_code == 404


def test_salary_basis_without_amount_is_refused_with_a_message_and_nothing_stored(cast, client):
    client.force_login(cast.cell_secretary)
    response = client.post(
        _url(cast.member_member, "basis"), {"basis": "INSURED_SALARY", "effective_from": "01/01/2026"}
    )
    assert response.status_code == 400
    assert "Cần kê khai số tiền" in response.content.decode()
    assert not MemberDuesBasis.objects.exists()


def test_01_qd_tw_reduction_over_12_months_refused_and_within_12_accepted(cast, client):
    client.force_login(cast.cell_secretary)
    url = _url(cast.member_member, "reduction")
    data = {"percent": "50", "start_month": "01/2026", "end_month": "03/2027", "reason": "Hoàn cảnh khó khăn"}
    response = client.post(url, data)
    assert response.status_code == 400 and "tối đa 12 tháng" in response.content.decode()
    assert not DuesReduction.objects.exists()
    assert client.post(url, {**data, "month": "x", "end_month": "12/2026"}).status_code == 302
    assert DuesReduction.objects.get().percent == 50


def test_month_typed_wrong_gets_a_vietnamese_message(cast, client):
    client.force_login(cast.cell_secretary)
    response = client.post(_url(cast.member_member, "exemption"), {"reason": "POOR_HOUSEHOLD", "start_month": "2026"})
    assert response.status_code == 400 and "mm/yyyy" in response.content.decode()


def test_outsider_gets_404(cast, client):
    client.force_login(cast.outsider)
    assert client.get(_url(cast.member_member)).status_code == 404
    assert client.post(_url(cast.member_member, "exemption"), {}).status_code == 404
    client.force_login(cast.cell_secretary)
    assert client.post(_url(cast.member_member, "nonsense"), {}).status_code == 404
