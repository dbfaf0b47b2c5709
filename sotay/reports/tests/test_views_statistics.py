from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sotay.members import services
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db


def test_statistics_page_with_increase_decrease_linking_to_members(client, cast):
    services.transfer_member(
        member=cast.others_a[0], to_org=cast.cell_b, on=dt.date(2025, 6, 1), actor=Actor.system("command:test")
    )
    client.force_login(cast.commune_committee)
    url = reverse("reports:statistics", args=[cast.commune_a.pk])
    body = client.get(url, {"start": "01/01/2025", "end": "31/12/2025"}).content.decode()
    assert "Tăng giảm đảng viên từ 01/01/2025 đến 31/12/2025" in body
    assert "event=transferred_out&amp;start=2025-01-01&amp;end=2025-12-31" in body
    assert "<svg" in body and "Tôn giáo" in body
    listed = client.get(
        reverse("members:list"),
        {
            "org": cast.commune_a.pk,
            "status": "all",
            "event": "transferred_out",
            "start": "2025-01-01",
            "end": "2025-12-31",
        },
    ).content.decode()
    assert cast.others_a[0].full_name in listed and "Nguyễn Văn Ấn" not in listed


def test_statistics_as_of_a_past_day(client, cast):
    services.transfer_member(
        member=cast.others_a[0], to_org=cast.cell_b, on=dt.date(2025, 6, 1), actor=Actor.system("command:test")
    )
    client.force_login(cast.commune_committee)
    body = client.get(reverse("reports:statistics", args=[cast.commune_a.pk]), {"on": "31/05/2025"}).content.decode()
    assert "Số liệu tại ngày 31/05/2025" in body and "<strong>5</strong>" in body


def test_statistics_of_another_commune_is_404(client, cast):
    client.force_login(cast.outsider)
    assert client.get(reverse("reports:statistics", args=[cast.commune_a.pk])).status_code == 404


def test_bad_period_is_explained(client, cast):
    client.force_login(cast.commune_committee)
    body = client.get(
        reverse("reports:statistics", args=[cast.commune_a.pk]), {"start": "31/12/2025", "end": "01/01/2025"}
    ).content.decode()
    assert "Ngày bắt đầu phải trước ngày kết thúc" in body


def test_statistics_as_of_a_day_before_the_unit_existed_say_so(client, cast):
    """Issue 14 point 6: figures "as of" a day before the organisation was founded carry a warning."""
    from sotay.orgs.models import Organization

    Organization.objects.filter(pk=cast.commune_a.pk).update(valid_from=dt.date(2025, 7, 1))
    client.force_login(cast.provincial_officer)
    url = reverse("reports:statistics", args=[cast.commune_a.pk])
    body = client.get(url, {"on": "01/06/2025"}).content.decode()
    assert "chưa được thành lập (thành lập từ 01/07/2025)" in body
    body = client.get(url, {"on": "01/08/2025"}).content.decode()
    assert "chưa được thành lập" not in body
