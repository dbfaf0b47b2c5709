"""Who sees and records discipline: committees of the subtree; outsiders, members and cell secretaries get 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sotay.discipline import services
from sotay.discipline.models import Discipline, Sanction
from sotay.orgs.actor import Actor
from sotay.orgs.policy import NotAllowed

from .helpers import discipline

pytestmark = pytest.mark.django_db


def test_outsiders_get_404(client, cast):
    d = discipline(cast, cast.others_a[0], Sanction.REPRIMAND, on=dt.date(2026, 3, 2))
    urls = [
        reverse("discipline:detail", args=[d.pk]),
        f"{reverse('discipline:index')}?org={cast.commune_a.pk}",
        f"{reverse('discipline:screening')}?org={cast.commune_a.pk}",
    ]
    for user in (cast.outsider, cast.member, cast.cell_secretary):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
    client.force_login(cast.commune_committee)
    for url in urls:
        assert client.get(url).status_code == 200, url
    page = client.get(urls[0]).content.decode()
    assert "Khiển trách" in page and d.decision_number in page


def test_a_committee_cannot_discipline_outside_its_subtree(cast):
    with pytest.raises(NotAllowed) as refused:
        services.record_discipline(
            actor=Actor.for_user(cast.commune_committee),
            kind=Sanction.REPRIMAND,
            violation="x",
            deciding_body=cast.commune_b,
            decision_number="1",
            decided_on=dt.date(2026, 3, 2),
            member=cast.outsider_members[1],
        )
    assert refused.value.hidden
    assert not Discipline.objects.exists()


def test_record_through_the_page(client, cast):
    client.force_login(cast.commune_committee)
    url = f"{reverse('discipline:create')}?org={cast.commune_a.pk}"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"member": cast.others_a[1].pk, "kind": Sanction.REPRIMAND, "decided_on": "02/03/2026"})
    assert bad.status_code == 422 and not Discipline.objects.exists()
    response = client.post(
        url,
        {
            "member": cast.others_a[1].pk,
            "kind": Sanction.REPRIMAND,
            "violation": "Không chấp hành nghị quyết của chi bộ.",
            "deciding_body": cast.commune_a.pk,
            "decision_number": "09-QĐ/ĐU",
            "decided_on": "02/03/2026",
        },
    )
    d = Discipline.objects.get()
    assert response.status_code == 302 and d.member == cast.others_a[1] and d.organization == cast.cell_a
