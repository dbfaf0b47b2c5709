"""The lifecycle demo data goes through the services and leaves something to see on each page."""

from __future__ import annotations

import datetime as dt

import pytest

from sotay.admissions import funnel
from sotay.admissions.models import AdmissionCase, Stage
from sotay.demo.generator.lifecycle import add_demo_lifecycle
from sotay.members.models import FileLoan

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 27)


def test_demo_lifecycle_cases_targets_and_loan(cast):
    assert add_demo_lifecycle(TODAY) == 3
    stages = set(AdmissionCase.objects.filter(organization=cast.cell_a).values_list("stage", flat=True))
    assert stages == {Stage.VERIFIED, Stage.CELL_RESOLVED, Stage.DECIDED}
    assert funnel.target_of(cast.commune_a, TODAY.year) is not None
    assert funnel.target_of(cast.cell_a, TODAY.year) == 1
    loan = FileLoan.objects.get()
    assert loan.is_overdue(TODAY)
