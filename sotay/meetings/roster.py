"""Who is called to a meeting (RULES.md §11): the cell's members for a cell meeting; every member of the subtree
for a general meeting of a đảng bộ cơ sở (mid-year, year-end); the committee members (holders of a committee role
on the organisation who have a member record) for a committee meeting. Exempt members are on the roll but not
called (RULES.md §4.7)."""

from __future__ import annotations

from sotay.members.choices import ACTIVE_STATUSES, MemberStatus
from sotay.members.models import Member
from sotay.orgs.models import Role, subtree_filter

from .models import CellMeeting, MeetingKind

COMMITTEE_ROLES = (Role.CELL_COMMITTEE, Role.BASE_COMMITTEE, Role.COMMITTEE)


def roll(meeting: CellMeeting):
    """Every current member (exempt included) the meeting's attendance covers."""
    members = Member.objects.filter(status__in=ACTIVE_STATUSES)
    if meeting.kind == MeetingKind.GENERAL:
        return members.filter(subtree_filter(meeting.organization.path, "organization__path"))
    if meeting.kind == MeetingKind.BOARD:
        return members.filter(
            user__role_grants__organization=meeting.organization, user__role_grants__role__in=COMMITTEE_ROLES
        ).distinct()
    return members.filter(organization=meeting.organization)


def called(meeting: CellMeeting):
    """The members invited: the roll without the exempt."""
    return roll(meeting).filter(status__in=[MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY])


def belongs(meeting: CellMeeting, member: Member) -> bool:
    return roll(meeting).filter(pk=member.pk).exists()
