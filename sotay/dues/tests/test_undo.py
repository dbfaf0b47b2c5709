"""Undo of "Đã thu" (issue 14): a payment tapped on the wrong member is taken back within `UNDO_MINUTES`, or until the
month it was recorded in is over; the audit log keeps what was undone; later, and for outsiders, nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sotay.audit.models import AuditAction, AuditEntry
from sotay.dues import payments
from sotay.dues.models import DuesPayment

from .helpers import with_basis

pytestmark = pytest.mark.django_db


def _url(name, org, *extra):
    return reverse(f"dues:{name}", args=[org.pk, 2026, 3, *extra])


@pytest.fixture
def paid(cast, client):
    with_basis(cast.member_member, basis="STUDENT")
    client.force_login(cast.cell_secretary)
    client.post(_url("compute", cast.cell_a))
    client.post(_url("collect_pay", cast.cell_a, cast.member_member.pk), HTTP_HX_REQUEST="true")
    return DuesPayment.objects.get(member=cast.member_member)


def test_the_card_offers_undo_and_undo_restores_the_one_tap_form(client, cast, paid):
    page = client.get(_url("collect", cast.cell_a)).content.decode()
    assert "Hoàn tác lần thu gần nhất" in page and f'name="payment" value="{paid.pk}"' in page
    response = client.post(
        _url("collect_undo", cast.cell_a, cast.member_member.pk), {"payment": paid.pk}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Đã hoàn tác khoản thu" in html
    assert not DuesPayment.objects.exists()
    assert "Đã thu 5" in html and "Hoàn tác lần thu gần nhất" not in html  # the one-tap form is back
    entry = AuditEntry.objects.filter(action=AuditAction.DELETE).latest("pk")
    assert entry.data["dues_payment_undone"][0]["amount"] == 5_000
    assert entry.actor == cast.cell_secretary


def test_undo_twice_says_so_and_changes_nothing_more(client, cast, paid):
    url = _url("collect_undo", cast.cell_a, cast.member_member.pk)
    client.post(url, {"payment": paid.pk}, HTTP_HX_REQUEST="true")
    html = client.post(url, {"payment": paid.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert "Không còn khoản thu này để hoàn tác." in html
    assert AuditEntry.objects.filter(action=AuditAction.DELETE).count() == 1


def test_too_late_is_refused_in_vietnamese_and_the_payment_stays(cast, paid):
    from sotay.orgs.actor import Actor

    later = timezone.now() + dt.timedelta(days=40)  # past the 15 minutes and into another month
    with pytest.raises(ValidationError, match="Đã quá hạn hoàn tác"):
        payments.undo_payment(payment=paid, actor=Actor.for_user(cast.cell_secretary), now=later)
    assert DuesPayment.objects.filter(pk=paid.pk).exists()
    assert not payments.undoable(DuesPayment.objects.all(), now=later).exists()
    soon = paid.created_at + dt.timedelta(minutes=payments.UNDO_MINUTES - 1)
    assert payments.undoable(DuesPayment.objects.all(), now=soon).exists()


def test_deadline_is_the_later_of_minutes_and_month_end(paid):
    deadline = payments.undo_deadline(paid)
    local = timezone.localtime(paid.created_at)
    next_month = (local.date().replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    month_end = timezone.make_aware(dt.datetime.combine(next_month, dt.time.min))
    assert deadline == max(month_end, paid.created_at + dt.timedelta(minutes=payments.UNDO_MINUTES))
    assert timezone.localtime(deadline).day == 1 or deadline - paid.created_at == dt.timedelta(minutes=15)


def test_outsiders_and_plain_members_cannot_undo(client, cast, paid):
    url = _url("collect_undo", cast.cell_a, cast.member_member.pk)
    for user in (cast.outsider, cast.member):
        client.force_login(user)
        assert client.post(url, {"payment": paid.pk}).status_code == 404
    assert DuesPayment.objects.filter(pk=paid.pk).exists()


def test_without_javascript_undo_redirects_with_the_message(client, cast, paid):
    response = client.post(_url("collect_undo", cast.cell_a, cast.member_member.pk), {"payment": "x"})
    assert response.status_code == 302
    assert DuesPayment.objects.filter(pk=paid.pk).exists()  # a nonsense id undoes nothing
