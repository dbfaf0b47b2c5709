"""Who is called to a meeting (docs/rules/meetings.md#báo-cáo-số-lượng-dự-họp): the cell's members for a cell meeting;
every member of the subtree for a general meeting of a đảng bộ cơ sở (mid-year, year-end); the committee members
(holders of a committee role on the organisation who have a member record) for a committee meeting. Exempt members are
on the roll but not called (docs/rules/membership.md#miễn-công-tác-và-sinh-hoạt-đảng)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from sotay.members.choices import ACTIVE_STATUSES, MemberStatus
from sotay.members.models import Member, TemporaryAttachment
from sotay.orgs.models import Role, subtree_filter

from .models import CellMeeting, MeetingKind

COMMITTEE_ROLES = (Role.CELL_COMMITTEE, Role.BASE_COMMITTEE, Role.COMMITTEE)


def _temporarily_hosted(on):
    """Temporary attachments in force on the day (docs/rules/transfers.md#sinh-hoạt-tạm-thời: sinh hoạt tạm thời)."""
    return TemporaryAttachment.objects.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def roll(meeting: CellMeeting):
    """Every current member (exempt included) the meeting's attendance covers. A cell's own meetings take in the
    members temporarily active in it and leave out its own members temporarily active elsewhere: they keep their
    home record but attend where they are (docs/rules/transfers.md#chuyển-sinh-hoạt-chính-thức)."""
    members = Member.objects.filter(status__in=ACTIVE_STATUSES)
    if meeting.kind == MeetingKind.GENERAL:
        return members.filter(subtree_filter(meeting.organization.path, "organization__path"))
    if meeting.kind == MeetingKind.BOARD:
        return members.filter(
            user__role_grants__organization=meeting.organization, user__role_grants__role__in=COMMITTEE_ROLES
        ).distinct()
    day = timezone.localtime(meeting.starts_at).date()
    attached = _temporarily_hosted(day)
    hosted = attached.filter(host=meeting.organization).values("member_id")
    away = attached.exclude(host=meeting.organization).values("member_id")
    return members.filter(Q(organization=meeting.organization) & ~Q(pk__in=away) | Q(pk__in=hosted))


def away_ids(meeting: CellMeeting) -> set[int]:
    """Members attached temporarily (sinh hoạt tạm thời) to an organisation outside the meeting's on its day: they
    do not count when the meeting votes (Điều lệ Điều 9 khoản 5; 24-QĐ/TW and 294-QĐ/TW §9.3.2)."""
    if meeting.kind == MeetingKind.BOARD:
        return set()
    day = timezone.localtime(meeting.starts_at).date()
    attached = _temporarily_hosted(day)
    if meeting.kind == MeetingKind.GENERAL:
        attached = attached.exclude(subtree_filter(meeting.organization.path, "host__path"))
    else:
        attached = attached.exclude(host=meeting.organization)
    return set(attached.values_list("member_id", flat=True))


def called(meeting: CellMeeting):
    """The members invited: the roll without the exempt."""
    return roll(meeting).filter(status__in=[MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY])


def belongs(meeting: CellMeeting, member: Member) -> bool:
    return roll(meeting).filter(pk=member.pk).exists()
