"""Recording a Party-age gap (docs/rules/party-age-and-badges.md#khoảng-không-sinh-hoạt-đảng) and a badge award
(docs/rules/party-age-and-badges.md#mốc-huy-hiệu-đảng) from the member's page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sotay.members.models import Badge, PartyAgeGap
from sotay.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_committee_records_a_gap_and_party_age_drops(cast, client):
    member = cast.member_member
    client.force_login(cast.commune_committee)
    url = reverse("members:gap", args=[member.pk])
    response = client.post(url, {"start_on": "01/01/2015", "end_on": "31/12/2015", "reason": "Bỏ sinh hoạt"})
    assert response.status_code == 302
    assert PartyAgeGap.objects.get(member=member).reason == "Bỏ sinh hoạt"
    html = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert "đã trừ 365 ngày không tính tuổi đảng" in html


def test_gap_before_admission_refused_nothing_written(cast, client):
    client.force_login(cast.commune_committee)
    url = reverse("members:gap", args=[cast.member_member.pk])
    response = client.post(url, {"start_on": "01/01/2000", "end_on": "31/12/2000", "reason": "x"})
    assert response.status_code == 200 and "trước ngày kết nạp" in response.content.decode()
    assert not PartyAgeGap.objects.exists()


def test_badge_award_by_decision_and_never_the_same_badge_twice(cast, client):
    veteran = MemberFactory(
        organization=cast.cell_a, joined_on=dt.date(1990, 1, 10), admission_decision_on=dt.date(1990, 1, 2)
    )
    client.force_login(cast.commune_committee)
    url = reverse("members:badge", args=[veteran.pk])
    assert client.get(url).status_code == 200
    data = {"years": "30", "awarded_on": "03/02/2026", "badge_number": "HH30-0001", "decision_number": "12-QĐ/TU"}
    assert client.post(url, data).status_code == 302
    assert Badge.objects.get(member=veteran).years == 30
    response = client.post(url, {**data, "badge_number": "HH30-0002"})
    assert response.status_code == 200 and "đã được tặng Huy hiệu 30 năm" in response.content.decode()
    assert Badge.objects.count() == 1


def test_cell_secretary_and_outsider_cannot_record(cast, client):
    client.force_login(cast.cell_secretary)  # the chi ủy proposes; the committee decides
    assert client.get(reverse("members:badge", args=[cast.member_member.pk])).status_code == 404
    client.force_login(cast.outsider)
    assert client.get(reverse("members:gap", args=[cast.member_member.pk])).status_code == 404
