"""The oversight's attendance per meeting is counted in the database (issue 18: a query per meeting, not a row per
member read into Python); the sums must be those of `Tally.add` over the rows, every combination of status, late
and exemption included."""

from __future__ import annotations

import itertools

import pytest

from sotay.meetings import stats
from sotay.meetings.models import Attendance, AttendanceStatus
from sotay.members.tests.factories import MemberFactory

from .helpers import at, meeting_of

pytestmark = pytest.mark.django_db


def test_tallies_in_the_database_equal_the_python_sums(cast):
    first = meeting_of(cast, starts_at=at(2026, 3, 19), invite=False)
    second = meeting_of(cast, starts_at=at(2026, 4, 16), invite=False)
    combos = list(itertools.product(AttendanceStatus.values, (False, True), (False, True)))
    for i, (status, late, exempt) in enumerate(combos):
        member = MemberFactory(organization=cast.cell_a)
        Attendance.objects.create(meeting=first, member=member, status=status, late=late, is_exempt=exempt)
        if i % 3 == 0:
            Attendance.objects.create(meeting=second, member=member, status=status, late=late, is_exempt=exempt)
    expected: dict[int, stats.Tally] = {}
    for row in Attendance.objects.all():
        expected.setdefault(row.meeting_id, stats.Tally()).add(row.status, row.late, row.is_exempt)
    counted = stats.meeting_tallies(Attendance.objects.all())
    assert counted == expected
    assert counted[first.pk].expected == 6 and counted[first.pk].exempt == 8 and counted[first.pk].late == 8


def test_a_meeting_without_attendance_has_no_rate(cast):
    meeting = meeting_of(cast, starts_at=at(2026, 3, 19), invite=False)
    assert stats.meeting_tallies(Attendance.objects.filter(meeting=meeting)) == {}
