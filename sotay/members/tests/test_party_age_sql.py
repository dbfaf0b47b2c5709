"""Party age with gaps counts the same in SQL (filters, statistics) as in Python
(docs/rules/party-age-and-badges.md#khoảng-không-sinh-hoạt-đảng)."""

from __future__ import annotations

import datetime as dt

import pytest

from sotay.members import services
from sotay.members.models import Member
from sotay.members.party_age import party_age, record_party_age_gap
from sotay.members.stats import subtree_statistics
from sotay.members.tests.factories import MemberFactory
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 11, 27)


def _band(stats, key: str) -> int:
    return next(r.count for r in stats["party_age"] if r.key == key)


def test_gap_moves_a_member_into_the_lower_party_age_band_in_filters_and_statistics(cast):
    veteran = MemberFactory(organization=cast.cell_b, joined_on=dt.date(1995, 6, 1), admission_decision_on=None)
    assert party_age(veteran, ON).years == 31
    before = subtree_statistics(cast.cell_b, ON)
    record_party_age_gap(
        member=veteran,
        start_on=dt.date(2000, 1, 1),
        end_on=dt.date(2002, 12, 31),
        reason="x",
        actor=Actor.system("command:test"),
    )
    veteran.refresh_from_db()
    assert party_age(veteran, ON).years == 28
    assert veteran.party_age_from == dt.date(1998, 6, 1)  # 1,096 days later
    assert Member.objects.party_aged_between(10, 29, on=ON).filter(pk=veteran.pk).exists()
    assert not Member.objects.party_aged_between(30, 49, on=ON).filter(pk=veteran.pk).exists()
    after = subtree_statistics(cast.cell_b, ON)
    assert _band(after, "2") == _band(before, "2") - 1 and _band(after, "1") == _band(before, "1") + 1


def test_changing_the_decision_date_moves_party_age_from_with_it(cast):
    member = MemberFactory(organization=cast.cell_b, joined_on=dt.date(2000, 3, 1), admission_decision_on=None)
    record_party_age_gap(
        member=member,
        start_on=dt.date(2010, 1, 1),
        end_on=dt.date(2010, 1, 10),
        reason="x",
        actor=Actor.system("command:test"),
    )
    services.update_member(
        member=member, data={"admission_decision_on": dt.date(2000, 2, 20)}, actor=Actor.system("command:test")
    )
    member.refresh_from_db()
    assert member.party_age_from == dt.date(2000, 3, 1)  # 20/02 + 10 days


def test_members_without_gaps_keep_no_party_age_from(cast):
    assert not Member.objects.exclude(party_age_from=None).exists()
