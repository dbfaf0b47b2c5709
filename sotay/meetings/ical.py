"""A member's personal iCalendar feed of their meetings, at a secret URL (no login: calendar apps cannot log in)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event

from sotay.audit.log import log
from sotay.audit.models import AuditAction

from .models import CalendarFeed, CellMeeting, MeetingStatus
from .stats import member_meetings


def feed_for(user) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def reset_feed(user) -> CalendarFeed:
    """A new secret: the old URL stops working at once."""
    from .models import _feed_token

    feed = feed_for(user)
    feed.token = _feed_token()
    feed.save()
    log(AuditAction.UPDATE, feed, by=user, object_repr="lịch cá nhân", data={"event": "ical_reset"})
    return feed


def calendar_bytes(user, *, base_url: str, since: dt.date | None = None) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Sổ tay//Sinh hoạt chi bộ//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Sinh hoạt chi bộ")
    member = getattr(user, "member", None)
    qs = member_meetings(member) if member is not None else CellMeeting.objects.filter(invitations__guest=user)
    since = since or (timezone.localdate() - dt.timedelta(days=365))
    for meeting in qs.filter(month__gte=since.replace(day=1)).select_related("organization").order_by("starts_at"):
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@sotay")
        event.add("summary", f"{meeting.get_kind_display()} — {meeting.organization.name}")
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at)
        event.add("dtstamp", timezone.now())
        if meeting.place:
            event.add("location", meeting.place)
        event.add("url", f"{base_url}/meetings/{meeting.pk}/")
        if meeting.status == MeetingStatus.CANCELLED:
            event.add("status", "CANCELLED")
        else:
            event.add("status", "CONFIRMED")
        cal.add_component(event)
    return cal.to_ical()
