"""Rates of Quy định 01-QĐ/TW (03/02/2026), applying from dues month 02/2026, and the switch from 342-QĐ/TW."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sotay.dues import rates, services
from sotay.dues.models import DuesReduction
from sotay.members.tests.factories import MemberFactory
from sotay.orgs.actor import Actor

from .helpers import MARCH_2026, with_basis

pytestmark = pytest.mark.django_db


def test_insured_salary_is_one_percent():
    """01-QĐ/TW: a member on compulsory BHXH pays 1% of the previous month's insured salary."""
    member = with_basis(basis="INSURED_SALARY", amount=8_000_000)
    assessment = rates.assess(member, MARCH_2026)
    assert assessment.amount == 80_000
    assert assessment.rule.document_reference == "01-QĐ/TW"


def test_social_benefit_is_one_percent():
    """01-QĐ/TW: a member on BHXH sick or maternity benefit pays 1% of the benefit."""
    assert rates.assess(with_basis(basis="SOCIAL_BENEFIT", amount=6_000_000), MARCH_2026).amount == 60_000


def test_pension_is_half_a_percent():
    """01-QĐ/TW: a member receiving a pension (not on compulsory BHXH) pays 0.5% of the pension."""
    assert rates.assess(with_basis(basis="PENSION", amount=7_000_000), MARCH_2026).amount == 35_000


def test_student_pays_5000_dong():
    """01-QĐ/TW: a student (học sinh, sinh viên) pays 5,000 đ a month."""
    assert rates.assess(with_basis(basis="STUDENT"), MARCH_2026).amount == 5_000


def test_others_below_retirement_age_pay_0_3_percent_of_regional_minimum_wage():
    """01-QĐ/TW: others below retirement age pay 0.3% of the vùng I minimum wage (NĐ 293/2025: 5,310,000 đ)."""
    assert rates.assess(with_basis(basis="OTHER_WORKING_AGE", region=1), MARCH_2026).amount == 15_930


def test_others_at_retirement_age_pay_0_2_percent_of_regional_minimum_wage():
    """01-QĐ/TW: others at or above retirement age pay 0.2% of the vùng II minimum wage (4,730,000 đ)."""
    assert rates.assess(with_basis(basis="OTHER_RETIRED", region=2), MARCH_2026).amount == 9_460


def test_other_rates_rise_from_2028():
    """01-QĐ/TW: from 01/01/2028 others pay 0.5% (below retirement age) and 0.3% (at or above it)."""
    january_2028, december_2027 = dt.date(2028, 1, 1), dt.date(2027, 12, 1)
    working = with_basis(basis="OTHER_WORKING_AGE", region=1)
    retired = with_basis(basis="OTHER_RETIRED", region=2)
    assert rates.assess(working, december_2027).amount == 15_930
    assert rates.assess(working, january_2028).amount == 26_550
    assert rates.assess(retired, january_2028).amount == 14_190


def test_january_2026_uses_342_and_february_uses_01():
    """342-QĐ/TW governs dues months before 02/2026; 01-QĐ/TW applies from dues month 02/2026."""
    member = with_basis(basis="STUDENT")
    assert rates.assess(member, dt.date(2026, 1, 1)).rule.document_reference == "342-QĐ/TW"
    february = rates.assess(member, dt.date(2026, 2, 1))
    assert february.rule.document_reference == "01-QĐ/TW"
    assert february.amount == 5_000


def test_amounts_round_half_up_to_whole_dong():
    """01-QĐ/TW 1% of 5,310,050 đ is 53,100.5 đ, rounded half-up to 53,101 đ."""
    assert rates.assess(with_basis(basis="INSURED_SALARY", amount=5_310_050), MARCH_2026).amount == 53_101


def test_fifty_years_of_party_age_is_exempt_from_the_month_reached():
    """01-QĐ/TW: full exemption at ≥ 50 years of Party age (from the month the member reaches it)."""
    member = with_basis(MemberFactory(joined_on=dt.date(1976, 3, 15)), basis="PENSION", amount=7_000_000)
    assert rates.assess(member, dt.date(2026, 2, 1)).amount == 35_000
    march = rates.assess(member, MARCH_2026)
    assert march.amount == 0
    assert "50" in march.note


def test_exemption_by_decision_owes_nothing():
    """01-QĐ/TW: exemption for poor or near-poor households, by decision, for the months it covers."""
    member = with_basis(basis="INSURED_SALARY", amount=8_000_000)
    services.grant_exemption(
        member=member,
        reason="POOR_HOUSEHOLD",
        start_month=MARCH_2026,
        end_month=dt.date(2026, 4, 1),
        actor=Actor.system("command:test"),
    )
    assert rates.assess(member, dt.date(2026, 2, 1)).amount == 80_000
    assert rates.assess(member, MARCH_2026).amount == 0
    assert rates.assess(member, dt.date(2026, 5, 1)).amount == 80_000


@pytest.mark.parametrize(("percent", "owed"), [(30, 56_000), (50, 40_000), (70, 24_000)])
def test_reductions_of_30_50_70_percent(percent, owed):
    """01-QĐ/TW: dues may be reduced by 30%, 50% or 70% (1% of 8,000,000 đ = 80,000 đ before reduction)."""
    member = with_basis(basis="INSURED_SALARY", amount=8_000_000)
    services.grant_reduction(
        member=member,
        percent=percent,
        start_month=MARCH_2026,
        end_month=dt.date(2027, 2, 1),
        reason="Hoàn cảnh khó khăn",
        actor=Actor.system("command:test"),
    )
    assert rates.assess(member, MARCH_2026).amount == owed
    assert rates.assess(member, dt.date(2027, 3, 1)).amount == 80_000


def test_reduction_longer_than_12_months_is_refused():
    """01-QĐ/TW: a reduction decision covers at most 12 months; 13 months is refused and nothing is written."""
    member = with_basis(basis="INSURED_SALARY", amount=8_000_000)
    with pytest.raises(ValidationError) as exc:
        services.grant_reduction(
            member=member,
            percent=50,
            start_month=MARCH_2026,
            end_month=dt.date(2027, 3, 1),
            reason="Khó khăn",
            actor=Actor.system("command:test"),
        )
    assert "end_month" in exc.value.message_dict
    assert not DuesReduction.objects.exists()


def test_reduction_percent_other_than_30_50_70_is_refused():
    """01-QĐ/TW: only 30%, 50% or 70% reductions exist."""
    member = with_basis(basis="INSURED_SALARY", amount=8_000_000)
    with pytest.raises(ValidationError):
        services.grant_reduction(
            member=member,
            percent=40,
            start_month=MARCH_2026,
            end_month=MARCH_2026,
            reason="Khó khăn",
            actor=Actor.system("command:test"),
        )
    assert not DuesReduction.objects.exists()


def test_missing_basis_is_reported():
    """01-QĐ/TW rates need the member's declared basis; without one there is nothing to compute."""
    with pytest.raises(rates.NoBasis):
        rates.assess(MemberFactory(), MARCH_2026)
