"""Increase and decrease (tăng giảm) of a subtree's membership in a period, and counts as of a past day.

Both read MemberPeriod rows: a period that starts or ends inside the interval is an event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from sotay.orgs.models import Organization, subtree_filter

from .choices import ACTIVE_STATUSES, ETHNICITY_NAMES, MemberStatus
from .models import Member, MemberPeriod

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


def members_as_of(org: Organization, day: dt.date) -> QuerySet:
    """Members who belonged to the subtree on `day` (any status), annotated with their status on that day."""
    on_day = Q(periods__valid_from__lte=day) & (Q(periods__valid_to__isnull=True) | Q(periods__valid_to__gt=day))
    return Member.objects.filter(on_day & _in_subtree(org, "periods__"))


def counts_as_of(org: Organization, day: dt.date) -> dict[str, object]:
    """Totals by status, gender and ethnicity as they were on `day`."""
    on_day = MemberPeriod.objects.filter(_in_subtree(org), valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=day)
    )
    by_status = dict(on_day.values_list("status").annotate(n=Count("member_id", distinct=True)).order_by())
    active = on_day.filter(status__in=ACTIVE_STATUSES)
    by_gender = dict(active.values_list("member__gender").annotate(n=Count("member_id", distinct=True)).order_by())
    by_ethnicity = active.values_list("member__ethnicity").annotate(n=Count("member_id", distinct=True)).order_by("-n")
    return {
        "total": sum(n for s, n in by_status.items() if s in ACTIVE_STATUSES),
        "status": by_status,
        "gender": by_gender,
        "ethnicity": [(ETHNICITY_NAMES.get(code, code), n) for code, n in by_ethnicity],
    }
