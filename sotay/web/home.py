"""The home page as "what to do now": the member's panels and the cell secretary's jobs of the day.

Each panel is one query at most (issue 14, P4): the member row carries the dues and channel counts as subqueries;
the next invitation, the unread announcements and the study due are one query each. Only the parts that apply are
shown, in the order issue 14 asks for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from sotay.dues.models import DuesLiability, DuesPayment
from sotay.handbook.access import announcement_feed, study_sessions_reaching
from sotay.handbook.models import Feedback, FeedbackStatus, StudyRecord
from sotay.meetings.checkin import window as checkin_window
from sotay.meetings.models import AbsenceRequest, AbsenceStatus, CellMeeting, Invitation, MeetingStatus
from sotay.members.access import members_visible_to

LIST_MAX = 3  # items listed per panel; the count says how many more
# An invitation stays "next" until six hours after its start (a meeting running late is still today's job).
RUNNING_HOURS = 6


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _sum(model, **filters):
    rows = model.objects.filter(member=OuterRef("pk"), **filters).order_by().values("member")
    return Coalesce(Subquery(rows.annotate(t=Sum("amount")).values("t")[:1]), Value(0), output_field=IntegerField())


@dataclass
class NextMeeting:
    meeting: CellMeeting
    invitation: Invitation
    absence: str  # the status of the member's absence request, "" when none
    checkin_open: bool
    opens: dt.datetime
    closes: dt.datetime


@dataclass
class MemberHome:
    member: object
    next: NextMeeting | None = None
    unread: list = field(default_factory=list)
    unread_more: bool = False
    study: list = field(default_factory=list)
    study_more: bool = False
    dues_owed: int = 0
    dues_month: dt.date | None = None
    feedback_answered: int = 0

    @property
    def nothing_to_do(self) -> bool:
        return not (self.next or self.unread or self.study or self.dues_owed > 0 or self.feedback_answered)


def member_home(user, *, now: dt.datetime | None = None) -> MemberHome | None:
    """The member's "what to do now", or None when the user is not a member (or the member is out of sight)."""
    if not user.member_id:
        return None
    now = now or timezone.now()
    today = timezone.localdate(now)
    month = _month_start(today)
    answered = Feedback.objects.filter(author=user, status=FeedbackStatus.ANSWERED).order_by().values("author")
    member = (
        members_visible_to(user)
        .filter(pk=user.member_id)
        .select_related("organization")
        .annotate(
            dues_due=_sum(DuesLiability, month=month),
            dues_paid=_sum(DuesPayment, month=month),
            feedback_answered=Coalesce(
                Subquery(answered.annotate(n=Count("pk")).values("n")[:1]), Value(0), output_field=IntegerField()
            ),
        )
        .first()
    )
    if member is None:
        return None
    user.member = member  # the audience helpers read user.member.organization: no second query
    home = MemberHome(member=member, dues_owed=max(0, member.dues_due - member.dues_paid), dues_month=month)
    home.feedback_answered = member.feedback_answered
    home.next = _next_meeting(member, now)
    unread = list(announcement_feed(user, today=today).filter(is_read=False)[: LIST_MAX + 1])
    home.unread, home.unread_more = unread[:LIST_MAX], len(unread) > LIST_MAX
    done = StudyRecord.objects.filter(session=OuterRef("pk"), user=user, studied_at__isnull=False)
    study = list(
        study_sessions_reaching(user)
        .filter(deadline__gte=today)
        .exclude(Exists(done))
        .select_related("document")
        .order_by("deadline", "pk")[: LIST_MAX + 1]
    )
    home.study, home.study_more = study[:LIST_MAX], len(study) > LIST_MAX
    return home


def _next_meeting(member, now: dt.datetime) -> NextMeeting | None:
    absence = AbsenceRequest.objects.filter(meeting=OuterRef("meeting_id"), member=member).values("status")[:1]
    invitation = (
        Invitation.objects.filter(
            member=member,
            meeting__status=MeetingStatus.PLANNED,
            meeting__starts_at__gte=now - dt.timedelta(hours=RUNNING_HOURS),
        )
        .select_related("meeting")
        .annotate(absence=Subquery(absence))
        .order_by("meeting__starts_at", "meeting_id")
        .first()
    )
    if invitation is None:
        return None
    meeting = invitation.meeting
    opens, closes = checkin_window(meeting)
    if closes < now:
        return None  # over: no longer a job
    checkin_open = bool(meeting.checkin_nonce) and opens <= now <= closes
    return NextMeeting(meeting, invitation, invitation.absence or "", checkin_open, opens, closes)


@dataclass
class CellJobs:
    next_meeting: CellMeeting | None
    absences_pending: int
    dues_unpaid: int
    dues_month: dt.date


def cell_jobs(org, *, now: dt.datetime | None = None) -> CellJobs:
    """The cell secretary's jobs of the day: the next meeting, absence requests to decide, members owing this
    month's dues (the pending members' items — probation due — come from members.checks, as before)."""
    now = now or timezone.now()
    month = _month_start(timezone.localdate(now))
    next_meeting = (
        CellMeeting.objects.filter(
            organization=org, status=MeetingStatus.PLANNED, starts_at__gte=now - dt.timedelta(hours=RUNNING_HOURS)
        )
        .order_by("starts_at", "pk")
        .first()
    )
    pending = AbsenceRequest.objects.filter(
        meeting__organization=org, status=AbsenceStatus.PENDING, meeting__status=MeetingStatus.PLANNED
    ).count()
    due = DuesLiability.objects.filter(organization=org, month=month).values("member").annotate(t=Sum("amount"))
    paid = dict(
        DuesPayment.objects.filter(organization=org, month=month)
        .values("member")
        .annotate(t=Sum("amount"))
        .values_list("member", "t")
    )
    unpaid = sum(1 for row in due if row["t"] - paid.get(row["member"], 0) > 0)
    return CellJobs(next_meeting, pending, unpaid, month)


# --- The cached member panels (P4) ---

CACHE_SECONDS = 600  # a backstop only: the stamp and valid-until decide freshness
CSRF_MARK = (
    "__sotay_csrf_token__"  # the token is per browser, so the cached HTML carries a mark replaced on each request
)


def valid_until(home: MemberHome | None, now: dt.datetime) -> dt.datetime:
    """When the panels change by the clock alone: midnight (deadlines, the dues month, expiries), and the next
    meeting's check-in window opening and closing and its end."""
    local = timezone.localtime(now)
    midnight = (local + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    times = [midnight]
    if home is not None and home.next is not None:
        n = home.next
        times += [t for t in (n.opens, n.closes, n.meeting.starts_at + dt.timedelta(hours=RUNNING_HOURS)) if t > now]
    return min(times)


def member_panels(request, *, now: dt.datetime | None = None) -> str:
    """The member's panels as HTML: from the per-user cache when the home stamp has not moved (one query), else
    computed and stored. Inside a transaction (a test's, or a request that wrote) nothing is cached: it might see
    its own uncommitted writes."""
    from django.core.cache import cache
    from django.db import connection
    from django.middleware.csrf import get_token
    from django.template.loader import render_to_string
    from django.utils.translation import get_language

    from . import stamps

    user = request.user
    if not user.member_id:
        return ""
    now = now or timezone.now()
    cacheable = not connection.in_atomic_block
    key = f"sotay:home:{user.pk}:{user.member_id}:{stamps.current_for(user)}:{get_language()}" if cacheable else ""
    hit = cache.get(key) if cacheable else None
    if hit is not None and now.timestamp() < hit[1]:
        html, until = hit
    else:
        home = member_home(user, now=now)
        html = render_to_string("web/home.html#member-panels", {"home": home, "csrf_mark": CSRF_MARK}) if home else ""
        until = valid_until(home, now).timestamp()
        if cacheable:
            cache.set(key, (html, until), CACHE_SECONDS)
    request.sotay_panels_until = until  # the whole page's cache (page_key below) expires with its panels
    if getattr(request, "sotay_csrf_placeholder", False):
        return html  # the page is being cached: the token goes in when it is served
    return html.replace(CSRF_MARK, get_token(request))


# --- The cached member home page (P4) ---
#
# A member's home page (no organisation to look after) is the base layout, the navigation and the panels: the
# rendered page is cached per user and served with the browser's CSRF token put in. Its key holds everything the page
# shows that can change: the home stamp (moved after the commit of every write the panels show), the language, the
# member's name, the navigation's shape (roles), the unread notifications and announcements; and it expires when the
# panels change by the clock alone (valid_until). A page with messages to show, a query string or an htmx request is
# never served from or stored in the cache.


def page_key(request, nav_key: tuple) -> str:
    """The cache key of this member's home page, or "" when the page must be rendered afresh."""
    import hashlib

    from django.contrib.messages import get_messages
    from django.db import connection
    from django.utils.translation import get_language

    from sotay.core.context_processors import unread_notifications

    from . import badge, stamps

    user = request.user
    if connection.in_atomic_block or request.GET or request.headers.get("HX-Request") or len(get_messages(request)):
        return ""
    parts = (
        user.pk,
        user.member_id,
        stamps.current_for(user),
        get_language(),
        unread_notifications(user),
        badge.unread_announcements(user),
        hashlib.sha256(repr(nav_key).encode()).hexdigest()[:16],  # the same in every process
    )
    return "sotay:home-page:" + ":".join(str(p) for p in parts)


def cached_page(request, key: str, *, now: dt.datetime | None = None, token=None) -> str | None:
    """The cached page with this browser's CSRF token (`token(request)`, Django's get_token unless given), or None."""
    from django.core.cache import cache
    from django.middleware.csrf import get_token

    hit = cache.get(key) if key else None
    if hit is None or (now or timezone.now()).timestamp() >= hit[1]:
        return None
    return hit[0].replace(CSRF_MARK, (token or get_token)(request))


def store_page(request, key: str, html: str) -> str:
    """Keep the page rendered with the CSRF mark, and give this browser its own token."""
    from django.core.cache import cache
    from django.middleware.csrf import get_token

    until = getattr(request, "sotay_panels_until", None)
    if key and until is not None:
        cache.set(key, (html, until), CACHE_SECONDS)
    return html.replace(CSRF_MARK, get_token(request))
