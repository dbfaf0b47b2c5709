"""The cadres demo goes through the services and leaves something to see on each page (issue 17, demo data)."""

from __future__ import annotations

import datetime as dt

from sotay.cadres import planning
from sotay.cadres.models import Appointment, CadrePlan, Position
from sotay.demo.generator.cadres import add_demo_cadres
from sotay.members.tests.factories import MemberFactory
from sotay.verification.models import VerificationCase

TODAY = dt.date(2026, 11, 27)


def test_demo_positions_plan_rotations_and_verification_cases(cast):
    from sotay.admissions.tests.helpers import open_case, through_verification

    through_verification(cast, open_case(cast))
    for i in range(24):
        MemberFactory(organization=cast.cell_a, full_name=f"Nguyễn Văn Demo {i}", status="OFFICIAL")
    assert add_demo_cadres(TODAY) == 3
    assert Position.objects.filter(organization=cast.commune_a).count() == 4
    assert Position.objects.filter(organization=cast.commune_b).exists()
    rotations = Appointment.objects.filter(kind="ROTATION", ended_on__isnull=True, planned_end_on__gt=TODAY)
    assert rotations.count() == 2
    plan = CadrePlan.objects.get(organization=cast.commune_a, term_start=2030)
    review = planning.review(plan)
    assert any("Thiếu người quy hoạch" in w for w in review.warnings)
    assert plan.entries.exclude(removed_on=None).count() == 1
    cases = VerificationCase.objects.filter(organization=cast.commune_a)
    assert sorted(c.conclusion for c in cases) == ["", "", "MEETS"]
    admission = cases.get(purpose="ADMISSION")
    assert any(letter.is_overdue(TODAY) for letter in admission.letters.all())
    # The demo's logins keep their roles: nobody with a login was appointed.
    assert not Appointment.objects.filter(member__user__isnull=False).exists()
