"""The demo province's congresses: a term of cell congresses in progress, and the commune's held congress with its
two-round election (a floor nominee, one invalid ballot, a vacancy filled in round 2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sotay.congresses import rollup, services
from sotay.congresses.models import CandidateSource, Congress, Election, ElectionStatus


@pytest.mark.django_db
def test_demo_has_cell_congresses_in_progress_and_a_held_commune_election(settings):
    from sotay.demo.generator import generate
    from sotay.rules.seed import load

    load()
    today = timezone.localdate() - dt.timedelta(days=1)
    generate(400, seed=7, today=today)
    cells = Congress.objects.filter(plan__isnull=False)
    assert cells.filter(held_on__isnull=False).count() >= 3
    assert cells.filter(held_on__isnull=True).count() >= 3
    province = Congress.objects.first().organization.get_root()
    data = rollup.rollup(province, today=today)
    assert data.late >= 1 and data.held >= 3
    election = Election.objects.get()
    assert election.status == ElectionStatus.APPROVED
    first, second = election.rounds.order_by("number")
    assert first.invalid == 1
    assert first.candidates.filter(source=CandidateSource.FLOOR).count() == 1
    assert first.result["vacant"] == 1 and len(first.result["elected"]) == 6
    assert len(second.result["elected"]) == 1
    assert len(services.elected_so_far(election)) == 7
