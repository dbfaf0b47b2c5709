"""The demo: a year's inspection plan half done with open recommendations, three disciplinary decisions, and a
member disciplined in the demo year who shows KHTNV in evaluation and a delayed badge date."""

from __future__ import annotations

import datetime as dt

import pytest

from sotay.demo.generator.discipline import add_demo_discipline
from sotay.demo.generator.evaluation import add_demo_evaluation
from sotay.discipline.models import Discipline, Sanction
from sotay.evaluation.models import Evaluation, Stage
from sotay.inspection import rollup
from sotay.inspection.models import Result
from sotay.members.badges import eligibility_date
from sotay.members.models import Member
from sotay.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 27)


def test_demo_discipline(cast):
    add_demo_evaluation(TODAY)
    reaching = MemberFactory(full_name="Đinh Văn Quý", organization=cast.cell_a, joined_on=dt.date(1996, 8, 1))
    assert add_demo_discipline(TODAY) == 3
    assert Discipline.objects.count() == 3
    warning = Discipline.objects.get(kind=Sanction.WARNING)
    assert warning.member == reaching and warning.decided_on.year == 2026
    assert eligibility_date(Member.objects.get(pk=reaching.pk), 30) == dt.date(2026, 12, 10)  # not 01/08/2026
    mine = Evaluation.objects.get(member=reaching, campaign__year=2026)
    assert (mine.stage, mine.grade) == (Stage.DECIDED, "KHTNV")
    rows = rollup.plan_vs_done(cast.commune_a, 2026)
    assert sum(r.planned for r in rows) == 6 and sum(r.concluded for r in rows) == 3
    open_items = list(rollup.open_recommendations(cast.commune_a))
    assert len(open_items) == 3 and any(x.due_on < TODAY for x in open_items)
    assert Result.ALERT in set(rollup.Inspection.objects.values_list("result", flat=True))
