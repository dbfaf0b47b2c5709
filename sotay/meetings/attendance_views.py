"""The secretary's attendance screen at the meeting, on a phone: the cell's members as big buttons, "everyone present"
then the exceptions, running counts and the quorum. Each tap is one htmx POST that swaps the member's card and the
counts in place; without JavaScript the same forms post and come back to this screen. Writes go through
`checkin.mark` / `checkin.mark_all_present`."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sotay.accounts.http import AuthedRequest
from sotay.members.choices import MemberStatus
from sotay.members.models import Member
from sotay.orgs.actor import Actor

from . import access, checkin, roster
from .forms import MarkForm
from .minutes import get_minutes
from .models import AbsenceRequest, AbsenceStatus, AttendanceStatus, CellMeeting, MeetingStatus
from .quorum import quorum_met

TEMPLATE = "meetings/attendance.html"


@dataclass
class Counts:
    present: int
    excused: int
    unexcused: int
    exempt: int
    unmarked: int
    voting_base: int
    voting_present: int
    quorum: bool


def counts(meeting: CellMeeting) -> Counts:
    rows = list(meeting.attendances.filter(is_guest=False).select_related("member"))
    by_status = {s: 0 for s in AttendanceStatus.values}
    for row in rows:
        by_status[row.status] += 1
    marked = {r.member_id for r in rows}
    unmarked = roster.roll(meeting).exclude(pk__in=marked).count()
    summary = checkin.summary(meeting)
    return Counts(
        present=by_status[AttendanceStatus.PRESENT],
        excused=by_status[AttendanceStatus.ABSENT_EXCUSED],
        unexcused=by_status[AttendanceStatus.ABSENT_UNEXCUSED],
        exempt=by_status[AttendanceStatus.EXEMPT],
        unmarked=unmarked,
        voting_base=summary.voting_base,
        voting_present=summary.voting_present,
        quorum=quorum_met(summary.voting_present, summary.voting_base),
    )


def _locked(meeting: CellMeeting) -> bool:
    minutes = get_minutes(meeting)
    return meeting.status == MeetingStatus.CANCELLED or bool(minutes and minutes.is_final)


def _card(meeting: CellMeeting, member: Member, attendance, approved: dict[int, str], locked: bool) -> dict:
    return {
        "m": member,
        "att": attendance,
        "exempt": member.status == MemberStatus.EXEMPT,
        "leave": approved.get(member.pk),
        "locked": locked,
    }


def _approved(meeting: CellMeeting) -> dict[int, str]:
    return dict(
        AbsenceRequest.objects.filter(meeting=meeting, status=AbsenceStatus.APPROVED).values_list("member_id", "reason")
    )


@require_GET
def attendance_screen(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_managed_meeting(request.user, meeting_id)
    locked = _locked(meeting)
    attendance = {a.member_id: a for a in meeting.attendances.all()}
    approved = _approved(meeting)
    cards = [_card(meeting, m, attendance.get(m.pk), approved, locked) for m in roster.roll(meeting).vietnamese_order()]
    context = {
        "meeting": meeting,
        "cards": cards,
        "counts": counts(meeting),
        "locked": locked,
        "statuses": AttendanceStatus,
    }
    return render(request, TEMPLATE, context)


@require_POST
def attendance_all_present(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_managed_meeting(request.user, meeting_id)
    try:
        added = checkin.mark_all_present(meeting=meeting, actor=Actor.from_request(request))
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Đã ghi có mặt cho %(n)s đảng viên chưa điểm danh.") % {"n": added})
    return redirect("meetings:attendance", meeting.pk)


@require_POST
def attendance_mark(request: AuthedRequest, meeting_id: int, member_id: int) -> HttpResponse:
    meeting = access.get_managed_meeting(request.user, meeting_id)
    member = (
        Member.objects.filter(pk=member_id)
        .filter(Q(pk__in=roster.roll(meeting).values("pk")) | Q(attendances__meeting=meeting))
        .distinct()
        .first()
    )
    if member is None:
        raise Http404
    form = MarkForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Điểm danh không hợp lệ.")
    else:
        data = form.cleaned_data
        previous = meeting.attendances.filter(member=member).first()
        try:
            checkin.mark(
                meeting=meeting,
                member=member,
                status=data["status"],
                # A tap keeps what was recorded before (late, left early) unless the tap says otherwise.
                late=data["late"] or bool(previous and previous.late and data["status"] == AttendanceStatus.PRESENT),
                left_early=data["left_early"],
                note=data["note"] or (previous.note if previous else ""),
                actor=Actor.from_request(request),
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(f"{_screen_url(meeting)}#m{member.pk}")
    locked = _locked(meeting)
    card = _card(meeting, member, meeting.attendances.filter(member=member).first(), _approved(meeting), locked)
    html = render_to_string(
        f"{TEMPLATE}#card", {**card, "meeting": meeting, "statuses": AttendanceStatus, "error": error}, request=request
    )
    html += render_to_string(f"{TEMPLATE}#counts", {"counts": counts(meeting), "oob": True}, request=request)
    return HttpResponse(html, status=200)


def _screen_url(meeting: CellMeeting) -> str:
    from django.urls import reverse

    return reverse("meetings:attendance", args=[meeting.pk])
