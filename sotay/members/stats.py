"""Subtree statistics, aggregated in the database (never by walking the tree in Python)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.core.compiled import CompiledQuery
from sotay.orgs.models import Organization, subtree_bounds

from .choices import (
    ACTIVE_STATUSES,
    AGE_BANDS,
    ETHNICITY_NAMES,
    PARTY_AGE_BANDS,
    Gender,
    MemberStatus,
    PoliticalTheory,
    ProfessionalEducation,
    Religion,
)
from .models import Member, MemberPeriod
from .querysets import _years_ago


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    count: int


def _band_q(field: str, low: int, high: int, on: dt.date) -> Q:
    return Q(**{f"{field}__gt": _years_ago(on, high + 1), f"{field}__lte": _years_ago(on, low)})


# Sentinels for the subtree bounds while the statistics queries are compiled (see sotay.core.compiled).
_LOW, _HIGH = "\x00subtree-low", "\x00subtree-high"


@lru_cache(maxsize=16)
def _statistics_queries(on: dt.date, using: str, historical: bool) -> dict[str, CompiledQuery]:
    """The statistics queries for day `on`, compiled once; only the subtree bounds change per call.

    `historical` counts from member periods (who was where, with which status, on that day) instead of the
    members' current cell and status.
    """
    everyone: QuerySet[Any]
    active: QuerySet[Any]
    if historical:
        everyone = MemberPeriod.objects.using(using).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=on),
            organization__path__gte=_LOW,
            organization__path__lte=_HIGH,
            valid_from__lte=on,
        )
        active, m = everyone.filter(status__in=ACTIVE_STATUSES), "member__"
    else:
        members = Member.objects.using(using).filter(organization__path__gte=_LOW, organization__path__lte=_HIGH)
        everyone, active, m = members, members.active(), ""
    # Party age counts from the admission decision, or the ceremony when the decision date is unknown, moved later
    # by the days out of activity when there are any (`party_age_from`).
    since = Coalesce(f"{m}party_age_from", f"{m}admission_decision_on", f"{m}joined_on")
    active = active.order_by().annotate(party_since=since)
    aggregates = {f"g_{g.value}": Count("pk", filter=Q(**{f"{m}gender": g.value})) for g in Gender}
    for prefix, field, bands in (("a", f"{m}birth_on", AGE_BANDS), ("p", "party_since", PARTY_AGE_BANDS)):
        aggregates.update(
            {f"{prefix}_{i}": Count("pk", filter=_band_q(field, lo, hi, on)) for i, (_l, lo, hi) in enumerate(bands)}
        )
    # values(_one=Value(1)) makes an aggregate query without GROUP BY that can be compiled like any queryset.
    totals = active.values(_one=Value(1)).annotate(total=Count("pk"), **aggregates).values_list("total", *aggregates)
    querysets = {
        "status": everyone.order_by().values_list("status").annotate(n=Count("pk")),
        "totals": totals,
        "ethnicity": active.values_list(f"{m}ethnicity").annotate(n=Count("pk")).order_by("-n", f"{m}ethnicity"),
        "professional_education": active.values_list(f"{m}professional_education").annotate(n=Count("pk")),
        "political_theory": active.values_list(f"{m}political_theory").annotate(n=Count("pk")),
        "religion": active.values_list(f"{m}religion").annotate(n=Count("pk")),
    }
    placeholders = {"low": _LOW, "high": _HIGH}
    return {name: CompiledQuery.from_queryset(qs, placeholders) for name, qs in querysets.items()}


def subtree_statistics(
    org: Organization, on: dt.date | None = None, using: str = "default", *, as_of: dt.date | None = None
) -> dict[str, list[Row]]:
    """Counts by status, gender, age band, Party age band, ethnicity, education and religion for a subtree.

    With `as_of`, the figures are those of that day, rebuilt from member periods (education, ethnicity and religion
    are the members' current values; bands are counted on that day).
    """
    day = as_of or on or timezone.localdate()
    queries = _statistics_queries(day, using, as_of is not None)
    low, high = subtree_bounds(org.path)
    rows = {name: query.fetchall(low=low, high=high) for name, query in queries.items()}
    by_status = dict(rows["status"])
    totals = dict(zip(["total", *_TOTAL_KEYS], rows["totals"][0], strict=True))
    by_professional = dict(rows["professional_education"])
    by_theory = dict(rows["political_theory"])
    by_religion = dict(rows["religion"])
    return {
        "total": [Row("active", _("Đang sinh hoạt"), totals["total"])],
        "status": [Row(s.value, str(s.label), by_status.get(s.value, 0)) for s in MemberStatus],
        "gender": [Row(g.value, str(g.label), totals[f"g_{g.value}"]) for g in Gender],
        "age": [Row(str(i), str(label), totals[f"a_{i}"]) for i, (label, _lo, _hi) in enumerate(AGE_BANDS)],
        "party_age": [Row(str(i), str(label), totals[f"p_{i}"]) for i, (label, _lo, _hi) in enumerate(PARTY_AGE_BANDS)],
        "ethnicity": [Row(code, ETHNICITY_NAMES.get(code, code), n) for code, n in rows["ethnicity"]],
        "professional_education": [
            Row(c.value, str(c.label), by_professional.get(c.value, 0)) for c in ProfessionalEducation
        ]
        + ([Row("", _("Chưa rõ"), by_professional[""])] if by_professional.get("") else []),
        "political_theory": [Row(c.value, str(c.label), by_theory.get(c.value, 0)) for c in PoliticalTheory]
        + ([Row("", _("Chưa rõ"), by_theory[""])] if by_theory.get("") else []),
        "religion": [Row(c.value, str(c.label), by_religion.get(c.value, 0)) for c in Religion],
    }


_TOTAL_KEYS = (
    [f"g_{g.value}" for g in Gender]
    + [f"a_{i}" for i in range(len(AGE_BANDS))]
    + [f"p_{i}" for i in range(len(PARTY_AGE_BANDS))]
)


def child_member_counts(org: Organization) -> dict[int, int]:
    """Active members under each direct child of `org`, in one grouped query."""
    children = {c.path: c.pk for c in Organization.objects.children_of(org)}
    if not children:
        return {}
    length = len(org.path) + org.steplen
    rows = (
        Member.objects.active()
        .in_subtree(org)
        .annotate(prefix=Substr("organization__path", 1, length))
        .values_list("prefix")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {children[prefix]: n for prefix, n in rows if prefix in children}


def understaffed_cells(org: Organization, minimum: int):
    """Active cells in the subtree with fewer official members than the founding minimum."""
    from sotay.orgs.models import CELL_KINDS

    return (
        Organization.objects.active()
        .in_subtree(org)
        .filter(kind__in=CELL_KINDS)
        .annotate(official=Count("members", filter=Q(members__status=MemberStatus.OFFICIAL)))
        .filter(official__lt=minimum)
        .order_by("path")
    )
