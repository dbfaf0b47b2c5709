"""Subtree dues totals and remittance between levels (docs/rules/dues.md#trích-nộp-giữa-các-cấp: the split is
unconfirmed, so remittance is off until set)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from sotay.dues import remittance, services
from sotay.dues.models import RemittanceShare
from sotay.dues.tests.helpers import MARCH_2026, with_basis
from sotay.orgs.actor import Actor
from sotay.orgs.models import OrgKind

pytestmark = pytest.mark.django_db


def _collect(cast):
    a = with_basis(cast.member_member, amount=10_000_000)  # 1% = 100,000 đ
    b = with_basis(cast.teacher, amount=5_000_000)  # 50,000 đ, in chi bộ giáo viên under the school's đảng bộ
    for org in (cast.cell_a, cast.cell_a2):
        services.compute_liabilities(org=org, month=MARCH_2026, actor=Actor.system("command:test"))
    for member, amount in ((a, 100_000), (b, 50_000)):
        services.record_dues_payment(
            member=member,
            month=MARCH_2026,
            amount=amount,
            paid_on=dt.date(2026, 3, 10),
            channel="CASH",
            actor=Actor.system("command:test"),
        )


def test_totals_per_child_without_shares_report_no_remittance(cast):
    _collect(cast)
    totals = remittance.subtree_totals(cast.commune_a, MARCH_2026)
    by_org = {line.organization.pk: line for line in totals.lines}
    assert by_org[cast.cell_a.pk].paid == 100_000 and by_org[cast.base_a.pk].paid == 50_000
    assert totals.paid == 150_000 and totals.due >= 150_000
    assert totals.shares is None and totals.kept is None and totals.remitted is None


def test_each_level_keeps_its_share_of_what_reaches_it_and_passes_the_rest_up(cast):
    _collect(cast)
    shares = {OrgKind.BASE_CELL: 30, OrgKind.CELL: 30, OrgKind.BASE_COMMITTEE: 50, OrgKind.COMMUNE_COMMITTEE: 40}
    for kind, pct in shares.items():
        RemittanceShare.objects.create(kind=kind, kept_percent=pct, effective_from=dt.date(2026, 1, 1))
    # A later change does not apply to March.
    RemittanceShare.objects.create(kind=OrgKind.CELL, kept_percent=90, effective_from=dt.date(2026, 6, 1))
    totals = remittance.subtree_totals(cast.commune_a, MARCH_2026)
    by_org = {line.organization.pk: line for line in totals.lines}
    # cell_a (a chi bộ cơ sở) keeps 30% of 100,000 -> 70,000 reaches the commune.
    assert by_org[cast.cell_a.pk].reaching == Decimal(70_000)
    # cell_a2 keeps 30% of 50,000 (35,000 left), the school's đảng bộ keeps half -> 17,500.
    assert by_org[cast.base_a.pk].reaching == Decimal(17_500)
    assert totals.reaching == Decimal(87_500)
    assert totals.kept == Decimal(35_000) and totals.remitted == Decimal(52_500)


def test_totals_page_scoped_and_says_when_shares_are_missing(cast, client):
    _collect(cast)
    client.force_login(cast.commune_committee)
    page = client.get(reverse("dues:totals", args=[cast.commune_a.pk, 2026, 3]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Chưa nhập tỷ lệ trích giữ" in html and cast.base_a.name in html
    client.force_login(cast.outsider)
    assert client.get(reverse("dues:totals", args=[cast.commune_a.pk, 2026, 3])).status_code == 404
