"""What the service worker keeps for a member to read offline from the meetings side: their meetings page and the
invitation of their next meeting(s) (issue 14, Offline)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from . import stats
from .models import CellMeeting, MeetingStatus

NEXT_MEETINGS = 2


def urls_for(user) -> list[str]:
    member = user.member if getattr(user, "member_id", None) else None
    if member is None:
        return []
    upcoming = (
        stats.member_meetings(member)
        .filter(starts_at__gte=timezone.now() - dt.timedelta(hours=6))
        .exclude(status__in=[MeetingStatus.HELD, MeetingStatus.CANCELLED])
        .order_by("starts_at")
        .values_list("pk", flat=True)[:NEXT_MEETINGS]
    )
    return [reverse("meetings:mine"), *(reverse("meetings:detail", args=[pk]) for pk in upcoming)]


__all__ = ["CellMeeting", "urls_for"]
