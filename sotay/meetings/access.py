"""Scoped lookups: a meeting is managed by holders of MANAGE_MEETINGS over its cell and seen by the cell's members
and invited guests. Anyone else gets 404."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from sotay.accounts.http import signed_in
from sotay.orgs import policy

from .models import AbsenceRequest, ActionItem, AgendaItem, CellMeeting, MeetingKind

if TYPE_CHECKING:
    from sotay.accounts.http import AnyUser


PERM = policy.MANAGE_MEETINGS


def _pk(value: int | str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("Không tìm thấy buổi sinh hoạt.") from None


def managed_meetings(user: AnyUser) -> QuerySet[CellMeeting]:
    return CellMeeting.objects.filter(policy.subtree_q(user, PERM, field="organization__path"))


def visible_meetings(user: AnyUser) -> QuerySet[CellMeeting]:
    q = policy.subtree_q(user, PERM, field="organization__path") | Q(invitations__guest_id=user.pk)
    person = signed_in(user)
    member = person.member if person is not None and person.member_id else None
    if member is not None:
        # The member's own cell's meetings (not its committee's), and any meeting they are called to or attended.
        q |= (
            Q(organization_id=member.organization_id) & ~Q(kind=MeetingKind.BOARD)
            | Q(invitations__member_id=member.pk)
            | Q(attendances__member_id=member.pk)
        )
    return CellMeeting.objects.filter(q).distinct()


def get_meeting(user: AnyUser, meeting_id: int | str) -> CellMeeting:
    meeting = visible_meetings(user).filter(pk=_pk(meeting_id)).select_related("organization").first()
    if meeting is None:
        raise Http404("Không tìm thấy buổi sinh hoạt.")
    return meeting


def get_managed_meeting(user: AnyUser, meeting_id: int | str) -> CellMeeting:
    meeting = managed_meetings(user).filter(pk=_pk(meeting_id)).select_related("organization").first()
    if meeting is None:
        raise Http404("Không tìm thấy buổi sinh hoạt.")
    return meeting


def may_manage(user: AnyUser, meeting: CellMeeting) -> bool:
    return policy.user_has_permission_for_org(user, PERM, meeting.organization)


def get_agenda_item(user: AnyUser, item_id: int | str) -> AgendaItem:
    item = (
        AgendaItem.objects.filter(policy.subtree_q(user, PERM, field="meeting__organization__path"), pk=_pk(item_id))
        .select_related("meeting", "meeting__organization")
        .first()
    )
    if item is None:
        raise Http404
    return item


def get_absence_request(user: AnyUser, request_id: int | str) -> AbsenceRequest:
    req = (
        AbsenceRequest.objects.filter(
            policy.subtree_q(user, PERM, field="meeting__organization__path"), pk=_pk(request_id)
        )
        .select_related("meeting", "meeting__organization", "member")
        .first()
    )
    if req is None:
        raise Http404
    return req


def get_action_item(user: AnyUser, item_id: int | str) -> ActionItem:
    item = (
        ActionItem.objects.filter(policy.subtree_q(user, PERM, field="meeting__organization__path"), pk=_pk(item_id))
        .select_related("meeting", "owner")
        .first()
    )
    if item is None:
        raise Http404
    return item
