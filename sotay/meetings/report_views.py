"""Attendance statistics and flags, the committees' oversight, a member's own meetings and the iCalendar feed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_stubs_ext import StrOrPromise

from sotay.accounts.http import AuthedRequest
from sotay.core.exports import file_response
from sotay.lib.vntext import fold
from sotay.orgs.access import org_for_list

from . import access, ical, stats
from .models import Attendance, CalendarFeed, CellMeeting, Invitation, MeetingStatus, Rsvp

FLAGS_SHOWN = 300


@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    org = org_for_list(request.user, request.GET.get("org"), perm=access.PERM)
    period = stats.parse_period(request.GET.get("period"), request.GET.get("year"), request.GET.get("n"))
    result = stats.attendance_stats(org, period, with_members=org.is_cell)
    flags = stats.xoa_ten_flags(org, period.year)
    return render(
        request,
        "meetings/stats.html",
        {
            "org": org,
            "period": period,
            "result": result,
            "flags": flags[:FLAGS_SHOWN],
            "flag_count": len(flags),
            "flags_shown": FLAGS_SHOWN,
        },
    )


def _month(text: str | None) -> dt.date:
    today = timezone.localdate()
    try:
        year, month = (int(x) for x in (text or "").split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


@require_GET
def oversight(request: HttpRequest) -> HttpResponse:
    """The committee's view of its cells' meetings in a month, filtered by parent, status and cell name (all kept in
    the URL) and paginated; each cell is shown with its parent."""
    org = org_for_list(request.user, request.GET.get("org"), perm=access.PERM)
    month = _month(request.GET.get("month"))
    rows = stats.oversight(org, month)
    prev = (month - dt.timedelta(days=1)).replace(day=1)
    nxt = (month + dt.timedelta(days=32)).replace(day=1)
    parents = sorted({r.parent.pk: r.parent for r in rows if r.parent is not None}.values(), key=lambda o: o.path)
    status = request.GET.get("status") or ""
    parent = request.GET.get("parent") or ""
    query = (request.GET.get("q") or "").strip()
    shown = [r for r in rows if OVERSIGHT_STATUSES.get(status, _any)(r)]
    if parent:
        shown = [r for r in shown if r.parent is not None and str(r.parent.pk) == parent]
    if query:
        folded = fold(query)
        shown = [r for r in shown if folded in r.cell.name_folded]
    page = Paginator(shown, OVERSIGHT_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/oversight.html",
        {
            "org": org,
            "month": month,
            "rows": page.object_list,
            "page": page,
            "shown": len(shown),
            "parents": parents,
            "statuses": OVERSIGHT_STATUS_LABELS,
            "status": status,
            "parent": parent,
            "q": query,
            "prev": prev,
            "next": nxt,
            "held": sum(r.held for r in rows),
            "missed": sum(not r.held for r in rows),
            "overdue": sum(r.minutes_overdue for r in rows),
        },
    )


def _any(row: stats.CellOversight) -> bool:
    return True


OVERSIGHT_PAGE = 50
OVERSIGHT_STATUSES = {
    "missed": lambda r: not r.held,
    "held": lambda r: r.held,
    "overdue": lambda r: r.minutes_overdue,
    "thematic": lambda r: r.thematic_short,
}
OVERSIGHT_STATUS_LABELS = (
    ("missed", gettext_lazy("Chưa sinh hoạt")),
    ("held", gettext_lazy("Đã sinh hoạt")),
    ("overdue", gettext_lazy("Biên bản quá hạn")),
    ("thematic", gettext_lazy("Thiếu chuyên đề trong quý")),
)


@dataclass(frozen=True)
class UpcomingRow:
    """A meeting I am invited to, with my answer to the invitation ("" before I answer)."""

    meeting: CellMeeting
    my_rsvp: StrOrPromise


@dataclass(frozen=True)
class PastRow:
    """A past meeting with my attendance record, if one was taken."""

    meeting: CellMeeting
    my_attendance: Attendance | None


@require_GET
def my_meetings(request: AuthedRequest) -> HttpResponse:
    member = request.user.member if request.user.member_id else None
    if member is None:
        meetings = CellMeeting.objects.filter(invitations__guest=request.user)
    else:
        meetings = stats.member_meetings(member)
    now = timezone.now()
    meetings = meetings.select_related("organization")
    feed = ical.feed_for(request.user)
    attendance = {a.meeting_id: a for a in member.attendances.all()} if member else {}
    upcoming = list(
        meetings.filter(starts_at__gte=now - dt.timedelta(hours=6))
        .exclude(status=MeetingStatus.HELD)
        .order_by("starts_at")[:12]
    )
    answers = dict(
        Invitation.objects.filter(meeting__in=[m.pk for m in upcoming], member=member).values_list("meeting_id", "rsvp")
        if member
        else []
    )
    upcoming_rows = [UpcomingRow(m, Rsvp(answers[m.pk]).label if m.pk in answers else "") for m in upcoming]
    past = [PastRow(m, attendance.get(m.pk)) for m in meetings.filter(starts_at__lt=now).order_by("-starts_at")[:12]]
    return render(
        request,
        "meetings/mine.html",
        {
            "upcoming": upcoming_rows,
            "past": past,
            "feed_url": request.build_absolute_uri(reverse("meetings:ical", args=[feed.token])),
        },
    )


@require_POST
def reset_feed(request: HttpRequest) -> HttpResponse:
    ical.reset_feed(request.user)
    messages.success(request, _("Đã đổi đường dẫn lịch; đường dẫn cũ không còn dùng được."))
    return redirect("meetings:mine")


@login_not_required
@require_GET
def ical_feed(request: HttpRequest, token: str) -> HttpResponseBase:
    feed = CalendarFeed.objects.filter(token=token).select_related("user", "user__member").first()
    if feed is None or not feed.user.is_active:
        raise Http404
    base = request.build_absolute_uri("/").rstrip("/")
    # The user's own calendar, read by their calendar application with the feed's secret address: not an export.
    return file_response("sinh-hoat-chi-bo.ics", ical.calendar_bytes(feed.user, base_url=base), inline=True)
