"""Dues on the phone: the month's collection as cards with "Đã thu" in one tap, another amount, the fully paid member
with no form, and the member's own status (01-QĐ/TW, docs/rules/dues.md#thu-nộp). Outsiders get 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sotay.dues.models import DuesPayment

from .helpers import with_basis

pytestmark = pytest.mark.django_db


def _url(name, org, *extra):
    return reverse(f"dues:{name}", args=[org.pk, 2026, 3, *extra])


@pytest.fixture
def computed(cast, client):
    with_basis(cast.member_member, basis="STUDENT")
    with_basis(cast.secretary_member, basis="STUDENT")
    client.force_login(cast.cell_secretary)
    client.post(_url("compute", cast.cell_a))
    return cast


def test_one_tap_records_the_balance_and_the_card_shows_paid_without_a_form(client, computed):
    """01-QĐ/TW: the chi bộ collects the month's dues; a member who has paid in full is shown as paid."""
    page = client.get(_url("collect", computed.cell_a)).content.decode()
    assert "Đã thu 5.000 đ" in page or "Đã thu 5,000 đ" in page
    response = client.post(_url("collect_pay", computed.cell_a, computed.member_member.pk), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert DuesPayment.objects.get(member=computed.member_member).amount == 5_000
    assert "Đã nộp đủ" in html and 'name="amount"' not in html and "Đã thu 5" not in html  # no payment form
    assert "Hoàn tác lần thu gần nhất" in html  # only the undo of the tap just made
    assert 'id="dues-totals"' in html and 'hx-swap-oob="true"' in html


def test_a_part_payment_then_the_rest(client, computed):
    url = _url("collect_pay", computed.cell_a, computed.member_member.pk)
    client.post(url, {"amount": "2.000"}, HTTP_HX_REQUEST="true")
    html = client.post(url, HTTP_HX_REQUEST="true").content.decode()  # one tap: the remaining 3 000
    assert sorted(DuesPayment.objects.values_list("amount", flat=True)) == [2_000, 3_000]
    assert "Đã nộp đủ" in html


def test_too_much_or_nonsense_is_refused_clearly_and_nothing_changes(client, computed):
    url = _url("collect_pay", computed.cell_a, computed.member_member.pk)
    html = client.post(url, {"amount": "999999"}, HTTP_HX_REQUEST="true").content.decode()
    assert "vượt số còn phải nộp" in html
    html = client.post(url, {"amount": "năm nghìn"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Số tiền phải là số nguyên" in html
    response = client.post(url, {"amount": "năm nghìn"})  # without JavaScript: back to the list with the message
    assert response.status_code == 302
    assert not DuesPayment.objects.exists()


def test_outsiders_get_404(client, computed):
    client.force_login(computed.outsider)
    assert client.get(_url("collect", computed.cell_a)).status_code == 404
    assert client.post(_url("collect_pay", computed.cell_a, computed.member_member.pk)).status_code == 404
    client.force_login(computed.member)  # a plain member records nothing
    assert client.post(_url("collect_pay", computed.cell_a, computed.member_member.pk)).status_code == 404
    assert not DuesPayment.objects.exists()


def test_member_sees_own_dues_status(client, computed):
    from django.utils import timezone

    today = timezone.localdate()
    client.force_login(computed.cell_secretary)
    client.post(reverse("dues:compute", args=[computed.cell_a.pk, today.year, today.month]))
    client.force_login(computed.member)
    page = client.get(reverse("dues:mine")).content.decode()
    assert "Còn phải nộp 5.000 đ" in page or "Còn phải nộp 5,000 đ" in page
    assert "03/2026" in page  # the March month computed above is still owed
    client.force_login(computed.provincial_officer)  # no member record
    assert client.get(reverse("dues:mine")).status_code == 404
