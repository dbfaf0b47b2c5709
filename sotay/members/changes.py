"""Increase and decrease (tăng giảm) of a subtree's membership in a period, read from MemberPeriod rows.

A period that starts or ends inside the interval is an event. (Counts as of a past day: `stats.subtree_statistics`
with `as_of`.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from sotay.orgs.models import Organization, subtree_filter

from .choices import ACTIVE_STATUSES, MemberStatus
from .models import MemberPeriod

EVENTS = ("admitted", "transferred_in", "transferred_out", "left", "deceased")


@dataclass(frozen=True)
class Interval:
    start: dt.date
    end: dt.date  # inclusive

    def contains(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.start, f"{field}__lte": self.end})


def _in_subtree(org: Organization, prefix: str = "") -> Q:
    return subtree_filter(org.path, f"{prefix}organization__path")


def event_member_ids(org: Organization, interval: Interval, event: str) -> QuerySet:
    """The ids of the members behind one increase–decrease figure."""
    periods = MemberPeriod.objects.filter(_in_subtree(org))
    if event == "admitted":
        chosen = periods.filter(interval.contains("valid_from"), valid_from=F("member__joined_on"))
    elif event == "transferred_in":
        came_from_inside = MemberPeriod.objects.filter(
            _in_subtree(org), member_id=OuterRef("member_id"), valid_to=OuterRef("valid_from")
        )
        chosen = (
            periods.filter(interval.contains("valid_from"), status__in=ACTIVE_STATUSES)
            .exclude(valid_from=F("member__joined_on"))
            .filter(~Exists(came_from_inside))
        )
    elif event == "transferred_out":
        went_inside = MemberPeriod.objects.filter(
            _in_subtree(org),
            member_id=OuterRef("member_id"),
            valid_from=OuterRef("valid_to"),
            status__in=ACTIVE_STATUSES,
        )
        moved_away = periods.filter(interval.contains("valid_to"), status__in=ACTIVE_STATUSES).filter(
            ~Exists(went_inside)
        )
        left_or_died = MemberPeriod.objects.filter(
            member_id=OuterRef("member_id"),
            valid_from=OuterRef("valid_to"),
            status__in=[MemberStatus.LEFT, MemberStatus.DECEASED],
        )
        chosen = moved_away.filter(~Exists(left_or_died))
    elif event in ("left", "deceased"):
        status = MemberStatus.LEFT if event == "left" else MemberStatus.DECEASED
        chosen = periods.filter(interval.contains("valid_from"), status=status)
    else:
        raise ValueError(event)
    return chosen.values("member_id")


def membership_changes(org: Organization, interval: Interval) -> dict[str, int]:
    return {event: event_member_ids(org, interval, event).distinct().count() for event in EVENTS}
