"""Property tests for the rule helpers: periods, quorum and majority (Điều lệ Đảng Điều 9 khoản 5)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sotay.meetings.quorum import quorum_met, vote_passes
from sotay.meetings.stats import Period

pytestmark = pytest.mark.django_db


@given(day=st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)))
def test_each_day_lies_in_exactly_one_month_quarter_and_year(day):
    month = Period("month", day.year, day.month)
    quarter = Period("quarter", day.year, (day.month - 1) // 3 + 1)
    year = Period("year", day.year)
    for period in (month, quarter, year):
        assert period.start <= day < period.end
    assert year.start <= quarter.start <= month.start and month.end <= quarter.end <= year.end


@given(eligible=st.integers(0, 500), present=st.integers(0, 500), votes_for=st.integers(0, 500))
def test_more_than_half_of_the_official_members(eligible, present, votes_for):
    """Điều lệ Đảng Điều 9 khoản 5 (default shares 1/2, `meetings.quorum_share` / `meetings.pass_share`): valid
    when more than half of the members who count are present; passed when more than half of them vote for."""
    assert quorum_met(present, eligible) == (eligible > 0 and 2 * present > eligible)
    assert vote_passes(votes_for, eligible) == (eligible > 0 and 2 * votes_for > eligible)


def test_shares_are_configurable_rules():
    from sotay.rules.models import Rule

    Rule.objects.create(
        key="meetings.quorum_share",
        value="2/3",
        document_reference="Quy chế làm việc",
        effective_from=dt.date(2020, 1, 1),
    )
    assert not quorum_met(6, 9) and quorum_met(7, 9)
