"""Party age (tuổi đảng): from the admission decision, minus the periods out of Party activity
(docs/rules/party-age-and-badges.md#tuổi-đảng)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from sotay.audit.models import AuditEntry
from sotay.members.models import MemberChange, PartyAgeGap
from sotay.members.party_age import (
    Span,
    compute_date_reaching,
    compute_party_age,
    date_reaching,
    party_age,
    record_party_age_gap,
)
from sotay.members.tests.factories import MemberFactory
from sotay.orgs.actor import Actor

D = dt.date


def test_party_age_counts_from_the_decision_date_in_years_months_days():
    """docs/rules/party-age-and-badges.md#tuổi-đảng: Party age runs from the signing date of the admission decision."""
    age = compute_party_age(D(1996, 9, 2), D(2026, 11, 27))
    assert (age.years, age.months, age.days, age.gap_days) == (30, 2, 25, 0)
    assert compute_party_age(D(1996, 9, 2), D(2026, 9, 1)).years == 29
    assert compute_party_age(D(1996, 9, 2), D(2026, 9, 2)).years == 30


def test_gap_days_are_left_out_and_the_milestone_moves_by_their_number():
    """docs/rules/party-age-and-badges.md#tuổi-đảng, docs/rules/party-age-and-badges.md#ngày-đủ-điều-kiện: minus every
    period not in Party activity; eligibility = decision + N years + gaps."""
    gaps = [Span(D(2000, 1, 1), D(2000, 1, 10))]  # 10 days, both ends included
    assert compute_party_age(D(1996, 9, 2), D(2026, 9, 2), gaps).gap_days == 10
    assert compute_party_age(D(1996, 9, 2), D(2026, 9, 11), gaps).years == 29
    assert compute_party_age(D(1996, 9, 2), D(2026, 9, 12), gaps).years == 30
    assert compute_date_reaching(D(1996, 9, 2), 30, gaps) == D(2026, 9, 12)


def test_a_gap_still_running_counts_only_its_days_before_the_day():
    """docs/rules/party-age-and-badges.md#khoảng-không-sinh-hoạt-đảng: Party age stands still during a period out of
    Party activity."""
    gaps = [Span(D(2026, 1, 1), D(2026, 12, 31))]
    frozen = {compute_party_age(D(2000, 1, 1), D(2026, 1, 1) + dt.timedelta(days=n), gaps) for n in range(0, 366, 30)}
    assert {(a.years, a.months, a.days) for a in frozen} == {(26, 0, 0)}


def test_gaps_before_admission_and_overlaps_are_not_counted_twice():
    """docs/rules/party-age-and-badges.md#tuổi-đảng: only time after admission is Party age; a day is left out once."""
    gaps = [Span(D(1990, 1, 1), D(2000, 1, 10)), Span(D(2000, 1, 5), D(2000, 1, 20))]
    assert compute_party_age(D(2000, 1, 1), D(2010, 1, 1), gaps).gap_days == 20


def test_before_admission_party_age_is_zero():
    """docs/rules/party-age-and-badges.md#tuổi-đảng: no Party age before the admission decision."""
    age = compute_party_age(D(2020, 5, 1), D(2019, 1, 1))
    assert (age.years, age.months, age.days) == (0, 0, 0)


day = st.dates(min_value=D(1945, 1, 1), max_value=D(2060, 12, 31))


@st.composite
def gap_lists(draw, since: dt.date, count: int = 4):
    """Disjoint gaps after `since`, each up to 3 years, starting within 25 years of it."""
    spans: list[Span] = []
    for _ in range(draw(st.integers(0, count))):
        start = since + dt.timedelta(days=draw(st.integers(0, 25 * 365)))
        end = start + dt.timedelta(days=draw(st.integers(0, 3 * 365)))
        if all(end < s.start_on or start > s.end_on for s in spans):
            spans.append(Span(start, end))
    return spans


@given(data=st.data(), since=st.dates(min_value=D(1945, 1, 1), max_value=D(2000, 12, 31)))
def test_party_age_never_decreases_as_the_day_moves_on(data, since):
    """docs/rules/party-age-and-badges.md#khoảng-không-sinh-hoạt-đảng: Party age is monotonic in the day it is computed
    for, whatever the gaps."""
    gaps = data.draw(gap_lists(since))
    first = data.draw(day)
    later = first + dt.timedelta(days=data.draw(st.integers(0, 4000)))
    a, b = compute_party_age(since, first, gaps), compute_party_age(since, later, gaps)
    assert (a.years, a.months, a.days) <= (b.years, b.months, b.days)
    assert a.gap_days <= b.gap_days


@given(
    data=st.data(),
    since=st.dates(min_value=D(1945, 1, 1), max_value=D(2000, 12, 31)),
    years=st.sampled_from([30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]),
)
def test_a_gap_of_d_days_delays_the_eligibility_date_by_exactly_d_days(data, since, years):
    """docs/rules/party-age-and-badges.md#ngày-đủ-điều-kiện: eligibility date = decision date + N years + total gap
    length."""
    gaps = data.draw(gap_lists(since))
    before = compute_date_reaching(since, years, gaps)
    length = data.draw(st.integers(1, 2000))
    start = since + dt.timedelta(days=data.draw(st.integers(0, 25 * 365)))
    new = Span(start, start + dt.timedelta(days=length - 1))
    if any(new.start_on <= g.end_on and g.start_on <= new.end_on for g in gaps):
        return
    assert compute_date_reaching(since, years, [*gaps, new]) == before + dt.timedelta(days=length)


@given(
    data=st.data(),
    since=st.dates(min_value=D(1945, 1, 1), max_value=D(2000, 12, 31)),
    years=st.integers(1, 90),
)
def test_the_eligibility_date_is_the_first_day_of_n_full_years(data, since, years):
    """docs/rules/party-age-and-badges.md#tuổi-đảng, docs/rules/party-age-and-badges.md#mốc-huy-hiệu-đảng: the badge
    date and the Party age agree to the day."""
    gaps = data.draw(gap_lists(since))
    reached = compute_date_reaching(since, years, gaps)
    assert compute_party_age(since, reached, gaps).years == years
    assert compute_party_age(since, reached - dt.timedelta(days=1), gaps).years == years - 1


@pytest.mark.django_db
def test_member_party_age_uses_the_decision_then_the_ceremony_and_the_recorded_gaps(cast):
    """docs/rules/party-age-and-badges.md#các-mốc-ngày-cần-lưu: decision date, or the ceremony date when the decision
    date is unknown; minus gaps."""
    m = MemberFactory(organization=cast.cell_a, admission_decision_on=D(1996, 8, 20), joined_on=D(1996, 9, 2))
    assert m.party_age(D(2026, 8, 20)) == 30
    without_decision = MemberFactory(organization=cast.cell_a, joined_on=D(1996, 9, 2))
    assert without_decision.party_age(D(2026, 8, 20)) == 29
    record_party_age_gap(
        member=m,
        start_on=D(2001, 1, 1),
        end_on=D(2001, 1, 31),
        reason="Bỏ sinh hoạt",
        decision_number="",
        actor=Actor.system("command:test"),
    )
    assert m.party_age(D(2026, 8, 20)) == 29
    assert date_reaching(m, 30) == D(2026, 8, 20) + dt.timedelta(days=31)
    assert party_age(m, D(2026, 9, 20)).years == 30 and party_age(m, D(2026, 9, 20)).gap_days == 31


@pytest.mark.django_db
def test_recording_a_gap_writes_history_and_audit(cast):
    """docs/rules/party-age-and-badges.md#khoảng-không-sinh-hoạt-đảng,
    docs/rules/personal-data.md#nhật-ký-xem-và-xuất-hồ-sơ: a gap is recorded on a decision, kept in the history and the
    audit log."""
    m = cast.member_member
    gap = record_party_age_gap(
        member=m,
        start_on=D(2015, 3, 1),
        end_on=D(2015, 8, 31),
        reason="Không sinh hoạt đảng",
        decision_number="12-QĐ/ĐU",
        actor=Actor.for_user(cast.commune_committee),
    )
    assert gap.days == 184
    change = MemberChange.objects.get(member=m, kind=MemberChange.Kind.GAP)
    assert change.decision_number == "12-QĐ/ĐU" and change.by == cast.commune_committee
    entry = AuditEntry.objects.get(action="create", object_type="members.partyagegap", object_id=str(gap.pk))
    assert entry.organization == cast.cell_a and entry.data["days"] == 184


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        (D(2016, 3, 1), D(2016, 2, 1), "end_on", "Ngày kết thúc phải sau"),
        (D(2009, 1, 1), D(2011, 1, 1), "start_on", "trước ngày kết nạp (02/03/2010)"),
        (D(2015, 8, 1), D(2015, 9, 30), "start_on", "Trùng với thời gian không tính tuổi đảng đã ghi: 01/03/2015"),
        (D(2014, 1, 1), D(2015, 3, 1), "start_on", "Trùng với"),
    ],
)
def test_bad_gaps_are_refused_in_vietnamese_and_nothing_is_written(cast, start, end, field, message):
    """docs/rules/party-age-and-badges.md#khoảng-không-sinh-hoạt-đảng: gaps lie after admission, do not overlap, and end
    on or after their start."""
    m = cast.member_member  # joined 02/03/2010, no decision date
    record_party_age_gap(
        member=m, start_on=D(2015, 3, 1), end_on=D(2015, 8, 31), reason="Lý do", actor=Actor.system("command:test")
    )
    counts = (PartyAgeGap.objects.count(), MemberChange.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as exc:
        record_party_age_gap(
            member=m,
            start_on=start,
            end_on=end,
            reason="Lý do",
            decision_number="1-QĐ",
            actor=Actor.system("command:test"),
        )
    assert message in " ".join(exc.value.message_dict[field])
    assert (PartyAgeGap.objects.count(), MemberChange.objects.count(), AuditEntry.objects.count()) == counts


@pytest.mark.django_db
def test_a_gap_needs_a_reason(cast):
    """docs/rules/party-age-and-badges.md#khoảng-không-sinh-hoạt-đảng: a period is left out of Party age for a stated
    reason."""
    with pytest.raises(ValidationError) as exc:
        record_party_age_gap(
            member=cast.member_member,
            start_on=D(2015, 1, 1),
            end_on=D(2015, 2, 1),
            reason=" ",
            actor=Actor.system("command:test"),
        )
    assert "reason" in exc.value.message_dict
    assert not PartyAgeGap.objects.exists()
