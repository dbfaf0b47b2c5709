"""The demo data for evaluation runs through the services and leaves something to see on every page."""

from __future__ import annotations

import datetime as dt

import pytest

from sotay.demo.generator.evaluation import add_demo_evaluation
from sotay.evaluation import recognition_data, selectors
from sotay.evaluation.models import EvaluationCampaign, ModelCellEnrolment, SchemeAssessment, Stage

pytestmark = pytest.mark.django_db


def test_demo_evaluation_builds_campaigns_flags_and_programmes(cast):
    created = add_demo_evaluation(dt.date(2026, 11, 27))
    assert created > 0
    years = sorted(EvaluationCampaign.objects.values_list("year", flat=True))
    assert years == [2024, 2025, 2026]
    current = EvaluationCampaign.objects.get(year=2026)
    assert current.is_open
    mine = current.evaluations.get(member=cast.member_member)
    assert mine.stage == Stage.REVIEWED and mine.review_grade == "HTXSNV"
    flagged = list(selectors.two_years_not_completed(cast.commune_a, 2025))
    assert len(flagged) == 2
    assert selectors.progress(current, cast.commune_a)["pending"] > 0
    enrolments = ModelCellEnrolment.objects.all()
    assert enrolments.filter(stage="RECOGNISED").exists()
    scheme = enrolments.first().scheme
    kinds, _types = recognition_data.model_cell_progress(scheme, cast.commune_a)
    assert sum(r.recognised for r in kinds) >= 1
    assert SchemeAssessment.objects.filter(enrolment__isnull=True, recognised_on__isnull=False).exists()
