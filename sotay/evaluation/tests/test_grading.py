"""The grade function and the seeded criteria sets (docs/rules/evaluation.md#thang-điểm-và-mức-xếp-loại; 366-QĐ/TW Điều
11; 124-QĐ/TW for past years)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sotay.evaluation.grading import GRADE_ORDER, Band, Facts, compute_grade, explain, quota_limit, rank
from sotay.evaluation.models import CriteriaSet, GradeQuota, Subject
from sotay.evaluation.seed import BANDS_366

BANDS = [Band(g, low, done, late, above, coll) for g, low, done, late, above, coll in BANDS_366]
EXCELLENT_WORK = {"tasks_above_percent": D(30)}


def grade(score, **facts) -> str:
    return compute_grade(Facts(score=D(str(score)), **facts), BANDS)


@pytest.mark.parametrize(
    ("score", "facts", "expected"),
    [
        (100, EXCELLENT_WORK, "HTXSNV"),
        (90, EXCELLENT_WORK, "HTXSNV"),
        ("89.99", EXCELLENT_WORK, "HTTNV"),
        (90, {"tasks_above_percent": D("29.99")}, "HTTNV"),
        (70, {}, "HTTNV"),
        ("69.99", {}, "HTNV"),
        (50, {}, "HTNV"),
        ("49.99", {}, "KHTNV"),
        (0, {}, "KHTNV"),
    ],
)
def test_366_grade_boundaries(score, facts, expected):
    """366-QĐ/TW Điều 11: ≥ 90 (+ 30% above) HTXSNV; 70–<90 HTTNV; 50–<70 HTNV; below 50 KHTNV."""
    assert grade(score, **facts) == expected


def test_366_htnv_allows_at_most_20_percent_late_tasks():
    """366-QĐ/TW Điều 11: HTNV needs every task done and ≤ 20% of tasks late; more late is KHTNV."""
    assert grade(60, tasks_late_percent=D(20)) == "HTNV"
    assert grade(60, tasks_late_percent=D("20.01")) == "KHTNV"
    assert grade(60, tasks_done_percent=D(95)) == "KHTNV"


def test_366_late_tasks_drop_a_high_score_to_htnv():
    """366-QĐ/TW Điều 11: HTTNV and HTXSNV need every task on time; 95 points with 10% late is HTNV."""
    assert grade(95, tasks_late_percent=D(10), tasks_above_percent=D(50)) == "HTNV"


def test_366_collective_conditions_bar_only_htxsnv():
    """366-QĐ/TW Điều 11: a collective with a disciplined unit cannot be HTXSNV but can be HTTNV."""
    bands = [Band(g, low, done, late, above, coll) for g, low, done, late, above, coll in BANDS_366]
    facts = Facts(score=D(95), tasks_above_percent=D(40), collective_conditions_met=False)
    assert compute_grade(facts, bands) == "HTTNV"


def test_explain_names_the_unmet_conditions():
    facts = Facts(score=D(88), tasks_above_percent=D(10))
    reasons = explain(facts, BANDS, "HTXSNV")
    assert any("dưới 90" in r for r in reasons)
    assert any("vượt yêu cầu dưới 30%" in r for r in reasons)


def test_quota_limit_is_20_percent_of_good_rounded_down():
    """21-HD/BTCTW: HTXSNV ≤ 20% of HTTNV in each TCCS."""
    assert quota_limit(10, D(20)) == 2
    assert quota_limit(9, D(20)) == 1
    assert quota_limit(4, D(20)) == 0


scores = st.decimals(min_value=0, max_value=100, places=2)
percents = st.decimals(min_value=0, max_value=100, places=2)
facts_st = st.builds(
    Facts,
    score=scores,
    tasks_done_percent=percents,
    tasks_late_percent=percents,
    tasks_above_percent=percents,
    collective_conditions_met=st.booleans(),
)


@given(facts_st, scores)
def test_366_grade_is_monotonic_in_score(facts, other):
    """366-QĐ/TW: with the same conditions, a higher score never gives a lower grade."""
    low, high = sorted([facts.score, other])
    g_low = compute_grade(Facts(low, *_rest(facts)), BANDS)
    g_high = compute_grade(Facts(high, *_rest(facts)), BANDS)
    assert rank(g_high) <= rank(g_low)


@given(facts_st, percents)
def test_366_grade_is_monotonic_in_late_tasks(facts, late):
    """More late tasks never improve the grade."""
    more = Facts(
        facts.score,
        facts.tasks_done_percent,
        max(facts.tasks_late_percent, late),
        facts.tasks_above_percent,
        facts.collective_conditions_met,
    )
    assert rank(compute_grade(more, BANDS)) >= rank(compute_grade(facts, BANDS))


@given(facts_st)
def test_366_grade_respects_its_score_band(facts):
    """The grade is always one of the four codes, and never above what the score alone allows."""
    g = compute_grade(facts, BANDS)
    assert g in GRADE_ORDER
    if facts.score < 50:
        assert g == "KHTNV"
    elif facts.score < 70:
        assert g in ("HTNV", "KHTNV")
    elif facts.score < 90:
        assert g != "HTXSNV"
    if g == "HTXSNV":
        assert facts.tasks_above_percent >= 30


def _rest(facts: Facts):
    return (
        facts.tasks_done_percent,
        facts.tasks_late_percent,
        facts.tasks_above_percent,
        facts.collective_conditions_met,
    )


@pytest.mark.django_db
def test_criteria_set_versioning_by_year_124_for_2024_and_366_for_2025():
    """366-QĐ/TW (30/8/2025) replaces 124-QĐ/TW: the 2024 review uses 124, the 2025 review uses 366."""
    for_2024 = CriteriaSet.objects.in_force(Subject.MEMBER, dt.date(2024, 12, 31))
    for_2025 = CriteriaSet.objects.in_force(Subject.MEMBER, dt.date(2025, 12, 31))
    assert for_2024.document_reference == "124-QĐ/TW" and not for_2024.scored
    assert for_2025.document_reference == "366-QĐ/TW" and for_2025.scored
    assert for_2025.max_total == 100
    assert CriteriaSet.objects.in_force(Subject.ORGANIZATION, dt.date(2025, 12, 31)).max_total == 100
    assert CriteriaSet.objects.in_force(Subject.MEMBER, dt.date(2022, 12, 31)) is None


@pytest.mark.django_db
def test_seeded_bands_match_the_pure_function_at_90():
    """366-QĐ/TW Điều 11, read from the database: 90 with 30% above is HTXSNV, 89.99 is HTTNV."""
    cs = CriteriaSet.objects.in_force(Subject.MEMBER, dt.date(2025, 12, 31))
    assert compute_grade(Facts(D(90), tasks_above_percent=D(30)), cs.bands()) == "HTXSNV"
    assert compute_grade(Facts(D("89.99"), tasks_above_percent=D(30)), cs.bands()) == "HTTNV"


@pytest.mark.django_db
def test_quota_in_force_is_20_percent_warn():
    """docs/rules/evaluation.md#tỷ-lệ-hoàn-thành-xuất-sắc: HTXSNV ≤ 20% of HTTNV per TCCS, warn only, unless changed."""
    quota = GradeQuota.in_force(dt.date(2025, 12, 31))
    assert quota.max_percent == 20 and quota.mode == "WARN"
