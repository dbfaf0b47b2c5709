"""Shared set-up for the meetings tests: a meeting of the cast's cell, at a fixed local time."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sotay.meetings import services
from sotay.orgs.actor import Actor


def at(year, month, day, hour=19, minute=30) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


def meeting_of(cast, starts_at=None, kind="REGULAR", invite=True):
    meeting = services.create_meeting(
        org=cast.cell_a,
        kind=kind,
        starts_at=starts_at or at(2026, 3, 19),
        place="Nhà văn hóa thôn Đông",
        actor=Actor.for_user(cast.cell_secretary),
    )
    if invite:
        services.send_invitations(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    return meeting
