"""The committee's roll-up (docs/discipline.md#kiểm-tra-giám-sát): the year's plan against what was done, and the open
recommendations by age (days past their due date)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from sotay.orgs.models import Organization, subtree_filter

from .models import Inspection, Kind, Recommendation, Status

# (label, lowest days overdue, highest) — "not yet due" is below 0.
AGE_BUCKETS = (
    (_("Chưa đến hạn"), None, -1),
    (_("Quá hạn đến 30 ngày"), 0, 30),
    (_("Quá hạn 31–90 ngày"), 31, 90),
    (_("Quá hạn trên 90 ngày"), 91, None),
)


@dataclass
class PlanRow:
    kind: str
    label: str
    planned: int
    concluded: int
    in_progress: int
    cancelled: int

    @property
    def not_started(self) -> int:
        return self.planned - self.concluded - self.in_progress - self.cancelled


@dataclass
class AgeRow:
    label: str
    count: int


def plan_vs_done(org: Organization, year: int) -> list[PlanRow]:
    """Inspections and supervisions planned in `year` by `org` and the committees below it, by kind and status."""
    rows = []
    base = Inspection.objects.filter(subtree_filter(org.path, "organization__path"), plan__year=year)
    for kind, label in Kind.choices:
        items = list(base.filter(kind=kind).values_list("status", flat=True))
        rows.append(
            PlanRow(
                kind,
                str(label),
                len(items),
                items.count(Status.CONCLUDED),
                items.count(Status.DECIDED),
                items.count(Status.CANCELLED),
            )
        )
    return rows


def open_recommendations(org: Organization):
    return (
        Recommendation.objects.filter(subtree_filter(org.path, "organization__path"), done_on__isnull=True)
        .select_related("inspection__subject_organization", "inspection__subject_member", "organization")
        .order_by("due_on", "pk")
    )


def days_overdue(item: Recommendation, on: dt.date) -> int:
    return (on - item.due_on).days


def by_age(items, on: dt.date) -> list[AgeRow]:
    rows = []
    for label, low, high in AGE_BUCKETS:
        n = sum(
            1
            for item in items
            if (low is None or days_overdue(item, on) >= low) and (high is None or days_overdue(item, on) <= high)
        )
        rows.append(AgeRow(str(label), n))
    return rows
