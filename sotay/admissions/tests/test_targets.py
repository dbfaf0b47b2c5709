"""Development targets per organisation and year and the admission funnel (NQ 21-NQ/TW;
docs/rules/admission.md#chỉ-tiêu-phát-triển-đảng-viên)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sotay.admissions import funnel, services, steps
from sotay.admissions.models import DevelopmentTarget
from sotay.admissions.tests.helpers import D, cell_vote, open_case, through_verification
from sotay.audit.models import AuditEntry
from sotay.members.tests.factories import MemberFactory
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db


def test_nq21_targets_are_data_per_organisation_and_year_and_updates_are_audited(cast):
    funnel.set_target(organization=cast.cell_a, year=2026, target=2, actor=Actor.for_user(cast.commune_committee))
    funnel.set_target(organization=cast.cell_a, year=2026, target=3, actor=Actor.for_user(cast.commune_committee))
    assert DevelopmentTarget.objects.get(organization=cast.cell_a, year=2026).target == 3
    assert funnel.target_of(cast.cell_a, 2025) is None
    entry = AuditEntry.objects.filter(object_type="admissions.developmenttarget").order_by("pk").last()
    assert entry.action == "update" and entry.data["before"] == 2


@pytest.mark.parametrize("year,target", [(1990, 2), (2026, -1)])
def test_bad_target_is_refused_and_nothing_written(cast, year, target):
    with pytest.raises(ValidationError):
        funnel.set_target(organization=cast.cell_a, year=year, target=target, actor=Actor.system("command:test"))
    assert not DevelopmentTarget.objects.exists()


def test_nq21_funnel_counts_each_step_in_its_year_and_compares_members_admitted(cast):
    case = through_verification(cast, open_case(cast))  # course 10/09/2025, application 01/10/2025
    cell_vote(case, cast.cell_secretary, votes_for=2, total=4)  # failed vote: not counted
    cell_vote(case, cast.cell_secretary, on=D(2026, 2, 2))
    services.record_step(
        case=case, form_code=steps.DECISION, done_on=D(2026, 3, 2), actor=Actor.for_user(cast.commune_committee)
    )
    case.refresh_from_db()
    services.admit_member(case=case, ceremony_on=D(2026, 3, 20), actor=Actor.for_user(cast.cell_secretary))
    MemberFactory(organization=cast.cell_b, joined_on=dt.date(2026, 5, 1), official_on=None)
    MemberFactory(organization=cast.cell_a2, joined_on=dt.date(2025, 1, 5), official_on=dt.date(2026, 1, 5))

    f2026 = funnel.funnel(cast.commune_a, 2026)
    assert f2026 == {"course": 0, "applied": 0, "cell_resolved": 1, "decided": 1, "admitted": 1, "official": 1}
    f2025 = funnel.funnel(cast.commune_a, 2025)
    assert f2025["course"] == 1 and f2025["applied"] == 1 and f2025["admitted"] == 1
    assert funnel.funnel(cast.province, 2026)["admitted"] == 2  # cell_b's member too


def test_children_progress_sums_admissions_per_child_subtree(cast):
    funnel.set_target(organization=cast.base_a, year=2026, target=4, actor=Actor.system("command:test"))
    MemberFactory(organization=cast.cell_a2, joined_on=dt.date(2026, 4, 1), official_on=None)
    progress = {p.organization.pk: p for p in funnel.children_progress(cast.commune_a, 2026)}
    assert progress[cast.base_a.pk].admitted == 1 and progress[cast.base_a.pk].percent == 25
    assert progress[cast.cell_a.pk].target is None and progress[cast.cell_a.pk].percent is None


def test_page_committee_distributes_targets_to_its_cells_and_sees_the_funnel(cast, client):
    funnel.set_target(organization=cast.commune_a, year=2026, target=5, actor=Actor.for_user(cast.provincial_officer))
    client.force_login(cast.commune_committee)
    url = f"{reverse('admissions:targets')}?org={cast.commune_a.pk}&year=2026"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Còn 5 chỉ tiêu chưa giao" in html and "<svg" in html
    response = client.post(url, {f"target_{cast.cell_a.pk}": "3", f"target_{cast.base_a.pk}": "x"})
    assert response.status_code == 400 and not DevelopmentTarget.objects.filter(organization=cast.cell_a).exists()
    response = client.post(url, {f"target_{cast.cell_a.pk}": "3", f"target_{cast.base_a.pk}": "2"})
    assert response.status_code == 302
    assert funnel.target_of(cast.cell_a, 2026) == 3 and funnel.target_of(cast.base_a, 2026) == 2
    # The commune cannot give itself a target: that is the province's.
    client.post(reverse("admissions:own_target"), {"org": cast.commune_a.pk, "year": 2026, "target": "50"})
    assert funnel.target_of(cast.commune_a, 2026) == 5


def test_page_cell_secretary_sees_but_cannot_distribute_and_outsider_gets_404(cast, client):
    client.force_login(cast.cell_secretary)
    assert client.get(f"{reverse('admissions:targets')}?org={cast.cell_a.pk}").status_code == 200
    client.force_login(cast.outsider)
    assert client.get(f"{reverse('admissions:targets')}?org={cast.commune_a.pk}").status_code == 404
    response = client.post(f"{reverse('admissions:targets')}?org={cast.cell_b.pk}", {})
    assert response.status_code == 404


@pytest.mark.parametrize("raw", ["99999999999999999999999999999", "1000001", "²", "٣"])
def test_a_huge_or_odd_target_gets_a_message_and_changes_nothing(cast, client, raw):
    """An int past SQLite's 64 bits was an OverflowError, "²" passed isdigit() and failed int(): both 500s."""
    funnel.set_target(organization=cast.commune_a, year=2026, target=5, actor=Actor.for_user(cast.provincial_officer))
    client.force_login(cast.commune_committee)
    url = f"{reverse('admissions:targets')}?org={cast.commune_a.pk}&year=2026"
    response = client.post(url, {f"target_{cast.cell_a.pk}": raw})
    assert response.status_code == 400 and "chỉ tiêu" in response.content.decode().lower()
    assert not DevelopmentTarget.objects.filter(organization=cast.cell_a).exists()
    client.force_login(cast.provincial_officer)
    response = client.post(reverse("admissions:own_target"), {"org": cast.commune_a.pk, "year": 2026, "target": raw})
    assert response.status_code == 302
    assert funnel.target_of(cast.commune_a, 2026) == 5
