"""QR check-in: signed, time-limited codes tied to the open session; refusals change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sotay.meetings import checkin, services
from sotay.meetings.checkin import CheckinRefused
from sotay.meetings.models import Attendance, AttendanceStatus, MeetingStatus
from sotay.members.choices import MemberStatus
from sotay.members.tests.factories import MemberFactory
from sotay.orgs.actor import Actor

from .helpers import at, meeting_of

pytestmark = pytest.mark.django_db

START = at(2026, 3, 19)


def opened(cast, **kw):
    meeting = meeting_of(cast)
    checkin.open_checkin(meeting=meeting, actor=Actor.for_user(cast.cell_secretary), **kw)
    return meeting


def refused(code, **kw):
    with pytest.raises(CheckinRefused) as info:
        checkin.check_in(**kw)
    assert info.value.code == code
    return info.value.messages[0]


def test_member_checks_in_with_the_shown_code(cast):
    meeting = opened(cast)
    token = checkin.make_token(meeting, now=START - dt.timedelta(minutes=5))
    att = checkin.check_in(token=token, actor=Actor.for_user(cast.member), now=START - dt.timedelta(minutes=2))
    assert att.status == AttendanceStatus.PRESENT and att.method == "QR" and not att.late


def test_late_arrival_is_recorded(cast):
    meeting = opened(cast)
    token = checkin.make_token(meeting, now=START + dt.timedelta(minutes=25))
    att = checkin.check_in(token=token, actor=Actor.for_user(cast.member), now=START + dt.timedelta(minutes=26))
    assert att.late


def test_twice_is_refused_and_changes_nothing(cast):
    meeting = opened(cast)
    token = checkin.make_token(meeting, now=START)
    first = checkin.check_in(token=token, actor=Actor.for_user(cast.member), now=START)
    message = refused("twice", token=token, actor=Actor.for_user(cast.member), now=START + dt.timedelta(minutes=3))
    assert "đã điểm danh" in message
    assert Attendance.objects.get(pk=first.pk).checked_in_at == first.checked_in_at


def test_another_cell_is_refused(cast):
    meeting = opened(cast)
    token = checkin.make_token(meeting, now=START)
    message = refused("other_cell", token=token, actor=Actor.for_user(cast.outsider), now=START)
    assert "Chi bộ thôn Đông" in message
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_forged_or_tampered_code_is_refused(cast):
    meeting = opened(cast)
    refused("forged", token="khong-phai-ma", actor=Actor.for_user(cast.member), now=START)
    other = signing.dumps({"m": meeting.pk, "n": meeting.checkin_nonce, "t": int(START.timestamp())}, salt="khác")
    refused("forged", token=other, actor=Actor.for_user(cast.member), now=START)
    token = checkin.make_token(meeting, now=START)
    refused(
        "forged",
        token=token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1],
        actor=Actor.for_user(cast.member),
        now=START,
    )
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_closing_check_in_invalidates_every_code(cast):
    """A code photographed and sent elsewhere is useless once check-in closes (and after reopening)."""
    meeting = opened(cast)
    token = checkin.make_token(meeting, now=START)
    checkin.close_checkin(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    message = refused("window", token=token, actor=Actor.for_user(cast.member), now=START + dt.timedelta(minutes=1))
    assert "đã đóng" in message
    checkin.open_checkin(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    refused("window", token=token, actor=Actor.for_user(cast.member), now=START + dt.timedelta(minutes=2))
    assert not Attendance.objects.filter(meeting=meeting, status=AttendanceStatus.PRESENT).exists()


def test_cancelled_meeting_refuses(cast):
    meeting = opened(cast)
    token = checkin.make_token(meeting, now=START)
    services.cancel_meeting(meeting=meeting, reason="Mưa bão", actor=Actor.for_user(cast.cell_secretary))
    refused("window", token=token, actor=Actor.for_user(cast.member), now=START)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shown=st.integers(-90 * 60, 60 * 60), used_after=st.integers(-600, 3600))
def test_token_validity_over_times(cast, shown, used_after):
    """A code is accepted iff used within `meetings.checkin_token_minutes` (15) of being shown (a minute of clock
    skew allowed) during the check-in window, and refused as expired or forged otherwise, changing nothing."""
    meeting = opened(cast)
    shown_at = START + dt.timedelta(seconds=shown)
    token = checkin.make_token(meeting, now=shown_at)
    used_at = shown_at + dt.timedelta(seconds=used_after)
    if -60 <= used_after <= 15 * 60:
        att = checkin.check_in(token=token, actor=Actor.for_user(cast.member), now=used_at)
        assert att.status == AttendanceStatus.PRESENT
        att.delete()
    else:
        refused("expired" if used_after > 0 else "forged", token=token, actor=Actor.for_user(cast.member), now=used_at)
        assert not Attendance.objects.filter(meeting=meeting).exists()
    meeting.delete()


def test_location_check(cast):
    meeting = opened(cast, latitude=20.65, longitude=106.05, location_check=True)
    token = checkin.make_token(meeting, now=START)
    refused("location", token=token, actor=Actor.for_user(cast.member), now=START)  # location not shared
    message = refused(
        "location", token=token, actor=Actor.for_user(cast.member), now=START, latitude=20.70, longitude=106.05
    )
    assert "cách địa điểm họp" in message
    att = checkin.check_in(
        token=token, actor=Actor.for_user(cast.member), now=START, latitude=20.6510, longitude=106.0505
    )
    assert att.status == AttendanceStatus.PRESENT


def test_manual_marking_and_completion_on_close(cast):
    """docs/rules/meetings.md#báo-cáo-số-lượng-dự-họp: attendance report = total, present, exempt, absent with reasons;
    exempt members who come are present but counted apart."""
    exempt = MemberFactory(full_name="Cao Văn Già", organization=cast.cell_a, status=MemberStatus.EXEMPT)
    meeting = opened(cast)
    req = services.request_absence(
        meeting=meeting, member=cast.others_a[0], reason="Ốm", actor=Actor.for_user(cast.cell_secretary)
    )
    services.decide_absence(request=req, approve=True, actor=Actor.for_user(cast.cell_secretary))
    checkin.mark(
        meeting=meeting,
        member=cast.secretary_member,
        status=AttendanceStatus.PRESENT,
        actor=Actor.for_user(cast.cell_secretary),
    )
    checkin.mark(
        meeting=meeting,
        member=cast.member_member,
        status=AttendanceStatus.PRESENT,
        late=True,
        left_early=True,
        actor=Actor.for_user(cast.cell_secretary),
    )
    checkin.close_checkin(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and not meeting.checkin_is_open
    s = checkin.summary(meeting)
    assert (s.total, s.expected, s.present, s.exempt) == (5, 4, 2, 1)
    assert s.absent_excused == [("Lê Văn Cường", "Ốm")]
    assert s.absent_unexcused == ["Phạm Đức Dũng"]
    assert s.late == ["Nguyễn Văn Ấn"] and s.left_early == ["Nguyễn Văn Ấn"]
    assert Attendance.objects.get(meeting=meeting, member=exempt).status == AttendanceStatus.EXEMPT
    with pytest.raises(ValidationError):
        checkin.mark(
            meeting=meeting,
            member=cast.member_member,
            status=AttendanceStatus.EXEMPT,
            actor=Actor.for_user(cast.cell_secretary),
        )


def test_refused_absence_after_close_becomes_unexcused(cast):
    meeting = opened(cast)
    req = services.request_absence(
        meeting=meeting, member=cast.member_member, reason="Bận", actor=Actor.for_user(cast.member)
    )
    checkin.close_checkin(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    services.decide_absence(request=req, approve=False, actor=Actor.for_user(cast.cell_secretary))
    assert Attendance.objects.get(meeting=meeting, member=cast.member_member).status == "ABSENT_UNEXCUSED"


def test_tokens_use_the_real_clock_by_default(cast):
    meeting = opened(cast)
    token = checkin.make_token(meeting)
    assert checkin.read_token(token).meeting_id == meeting.pk
    assert checkin.read_token(token, now=timezone.now()).nonce == meeting.checkin_nonce


def test_invited_guest_from_the_committee_above_checks_in_as_guest(cast):
    """Guests from the committee above may attend; they are listed apart and never counted in the cell's rate."""
    from sotay.members.tests.factories import MemberFactory as MF

    cast.commune_committee.member = MF(full_name="Đặng Văn Phúc", organization=cast.cell_b)
    cast.commune_committee.save()
    meeting = opened(cast)
    services.send_invitations(
        meeting=meeting, actor=Actor.for_user(cast.cell_secretary), guests=[cast.commune_committee]
    )
    token = checkin.make_token(meeting, now=START)
    att = checkin.check_in(token=token, actor=Actor.for_user(cast.commune_committee), now=START)
    assert att.is_guest
    checkin.close_checkin(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    s = checkin.summary(meeting)
    assert s.guests == ["Đặng Văn Phúc"] and s.expected == 4 and s.present == 0


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(offset=st.one_of(st.integers(-3 * 24 * 3600, -2 * 3600 - 1), st.integers(4 * 3600 + 1, 30 * 24 * 3600)))
def test_check_in_outside_the_window_is_refused(cast, offset):
    """A fresh code, an open session, but a time more than 2 hours before the start or after the planned end
    (19:30 + 120 minutes): refused, nothing recorded."""
    meeting = opened(cast)
    now = START + dt.timedelta(seconds=offset)
    message = refused("window", token=checkin.make_token(meeting, now=now), actor=Actor.for_user(cast.member), now=now)
    assert "Ngoài giờ điểm danh" in message
    assert not Attendance.objects.filter(meeting=meeting).exists()
    meeting.delete()
