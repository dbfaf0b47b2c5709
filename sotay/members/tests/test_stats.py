from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sotay.lib.dates import age_in_years
from sotay.members import counts
from sotay.members.choices import AGE_BANDS, MemberStatus
from sotay.members.models import Member
from sotay.members.stats import child_member_counts, subtree_statistics
from sotay.members.tests.factories import MemberFactory
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db


def test_subtree_statistics_count_in_the_database(cast, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        stats = subtree_statistics(cast.commune_a)
    assert stats["total"][0].count == 5
    assert {r.key: r.count for r in stats["gender"]} == {"M": 3, "F": 2}
    assert {r.key: r.count for r in stats["status"]}["OFFICIAL"] == 5
    assert subtree_statistics(cast.province)["total"][0].count == 8


def test_child_counts_are_one_grouped_query(cast, django_assert_num_queries):
    with django_assert_num_queries(2):
        counts = child_member_counts(cast.commune_a)
    assert counts == {cast.cell_a.pk: 4, cast.base_a.pk: 1}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.dates(dt.date(1930, 1, 1), dt.date(2007, 12, 31)), min_size=1, max_size=12))
def test_age_bands_match_completed_years(cast, births):
    with counts.tracking(Member.objects.filter(organization=cast.cell_b).values_list("pk", flat=True)):
        Member.objects.filter(organization=cast.cell_b).update(status=MemberStatus.DECEASED)
    created = [MemberFactory(organization=cast.cell_b, birth_on=b, joined_on=dt.date(2008, 1, 1)) for b in births]
    today = dt.date.today()
    stats = subtree_statistics(cast.commune_b, on=today)
    for i, (_label, low, high) in enumerate(AGE_BANDS):
        expected = sum(1 for m in created if low <= age_in_years(m.birth_on, today) <= high)
        assert stats["age"][i].count == expected
    with counts.tracking([m.pk for m in created]):
        Member.objects.filter(pk__in=[m.pk for m in created]).update(status=MemberStatus.DECEASED)


def test_party_age_counts_from_the_admission_decision(cast):
    """docs/rules/party-age-and-badges.md#các-mốc-ngày-cần-lưu: Party age runs from the decision date (the ceremony date
    when the decision is unknown)."""
    import datetime as dt

    today = dt.date(2026, 11, 27)
    with counts.tracking(Member.objects.filter(organization=cast.cell_b).values_list("pk", flat=True)):
        Member.objects.filter(organization=cast.cell_b).update(joined_on=dt.date(2016, 12, 20))
        Member.objects.filter(pk=cast.outsider_members[0].pk).update(admission_decision_on=dt.date(2016, 11, 20))
    stats = subtree_statistics(cast.commune_b, on=today)
    # Decision 20/11/2016 → 10 years on 27/11/2026; ceremony 20/12/2016 alone → still 9 years.
    assert [r.count for r in stats["party_age"]][:2] == [2, 1]
    assert cast.outsider_members[0].__class__.objects.get(pk=cast.outsider_members[0].pk).party_age(today) == 10
    assert Member.objects.in_subtree(cast.commune_b).party_aged_between(10, 29, today).count() == 1


def test_statistics_as_of_a_past_day_come_from_member_periods(cast):
    """Figures for 31/05/2025 are the same before and after a transfer on 01/06/2025 (reproducible reports)."""
    import datetime as dt

    from sotay.members import services

    day = dt.date(2025, 5, 31)
    before = subtree_statistics(cast.commune_a, as_of=day)
    services.transfer_member(
        member=cast.others_a[0], to_org=cast.cell_b, on=dt.date(2025, 6, 1), actor=Actor.system("command:test")
    )
    after = subtree_statistics(cast.commune_a, as_of=day)
    assert before == after and after["total"][0].count == 5
    assert subtree_statistics(cast.commune_a)["total"][0].count == 4
    assert sum(r.count for r in after["age"]) == 5 and {r.key: r.count for r in after["gender"]} == {"M": 3, "F": 2}
