"""Subtree statistics, aggregated in the database (never by walking the tree in Python)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connections
from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.core.compiled import CompiledQuery
from sotay.lib import pgsettings
from sotay.orgs.models import Organization, child_path_expr, is_within, subtree_bounds

from . import counts as stored_counts
from . import snapshots
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


# A day further back than this, with no snapshot near it, is counted directly from the subtree's periods covering
# it: most of the subtree's periods changed since, so undoing them reads more (docs/decisions/0011).
DIRECT_AFTER_DAYS = 10 * 365

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

    Read from the counts kept per organisation (`sotay.members.counts`): today's from the members' current cell
    and status; with `as_of`, those of that day, from the nearest snapshot (`sotay.members.snapshots`) when there is
    one nearer than today, else — more than DIRECT_AFTER_DAYS back — counted from the periods covering that day, else
    from the open periods' counts with the periods that began or ended after that day undone (education, ethnicity
    and religion are the members' current values; bands are counted on that day). Equal to `full_statistics`
    (tests/test_stats_counts.py).
    """
    day = as_of or on or timezone.localdate()
    counts, bands = _subtree_counts(org, day, as_of, using)
    return _from_counts(counts, bands)


def combined_statistics(
    orgs: list[Organization], on: dt.date | None = None, using: str = "default", *, as_of: dt.date | None = None
) -> dict[str, list[Row]]:
    """The statistics of several subtrees together, e.g. the nation as the sum of its provinces: `subtree_statistics`
    of each, summed (an organisation inside another one's subtree is counted once, with that one).

    Today's figures are read in one pass over the organisations' own counts; a past day sums each subtree's.
    """
    tops = [o for o in orgs if not any(o.pk != p.pk and is_within(o, p) for p in orgs)]
    tops = list({o.pk: o for o in tops}.values())
    day = as_of or on or timezone.localdate()
    if as_of is None:
        counts, bands = _stored_counts([o.pk for o in tops], "c", day, using)
        return _from_counts(counts, bands)
    counts, bands = {}, {"b": [0] * len(AGE_BANDS), "p": [0] * len(PARTY_AGE_BANDS)}
    for org in tops:
        one, one_bands = _subtree_counts(org, day, as_of, using)
        for key, n in one.items():
            counts[key] = counts.get(key, 0) + n
        for dim, values in one_bands.items():
            bands[dim] = [a + b for a, b in zip(bands[dim], values, strict=True)]
    return _from_counts(counts, bands)


def _subtree_counts(
    org: Organization, day: dt.date, as_of: dt.date | None, using: str
) -> tuple[dict[tuple[str, str], int], dict[str, list[int]]]:
    near = snapshots.near(org, as_of, using) if as_of is not None else None
    if near is not None:
        return near
    if as_of is not None and (timezone.localdate() - as_of).days > DIRECT_AFTER_DAYS:
        return snapshots.counted_on(org, as_of, using)
    counts, bands = _stored_counts([org.pk], "h" if as_of is not None else "c", day, using)
    if as_of is not None:
        _undo_later_periods(org, as_of, counts, bands, using)
    return counts, bands


def _from_counts(counts: dict[tuple[str, str], int], bands: dict[str, list[int]]) -> dict[str, list[Row]]:
    by_dim: dict[str, dict[str, int]] = {}
    for (dim, value), n in counts.items():
        if n:
            by_dim.setdefault(dim, {})[value] = n
    totals = {"total": by_dim.get("a", {}).get("", 0)}
    totals.update({f"g_{g.value}": by_dim.get("g", {}).get(g.value, 0) for g in Gender})
    totals.update({f"a_{i}": n for i, n in enumerate(bands["b"])})
    totals.update({f"p_{i}": n for i, n in enumerate(bands["p"])})
    ethnicity = sorted(by_dim.get("e", {}).items(), key=lambda item: (-item[1], item[0]))
    return _present(
        by_dim.get("s", {}), totals, ethnicity, by_dim.get("d", {}), by_dim.get("t", {}), by_dim.get("r", {})
    )


def _band_bounds(day: dt.date) -> dict[str, list[tuple[str, str]]]:
    """For birth dates ("b") and Party-age start dates ("p"): each band as (after, up to) ISO dates."""
    return {
        dim: [(_years_ago(day, hi + 1).isoformat(), _years_ago(day, lo).isoformat()) for _l, lo, hi in bands]
        for dim, bands in (("b", AGE_BANDS), ("p", PARTY_AGE_BANDS))
    }


def _stored_counts(
    org_ids: list[int], kind: str, day: dt.date, using: str
) -> tuple[dict[tuple[str, str], int], dict[str, list[int]]]:
    """The stored counts of these organisations (summed) apart from the dates, and the date counts summed into bands
    on `day`; with the organisations' own members (or open periods, for kind "h"), which the stored counts leave out
    (`counts.own`).

    A band is a range of dates (after, up to]. The months wholly inside it are read from the month rows ("B", "P");
    only the months its two ends fall in are read day by day, through the index on (organisation, kind, dimension,
    value): about 1,500 month rows and a few hundred day rows for a province, instead of some 50,000 day rows.
    """
    bounds = _band_bounds(day)
    within = ", ".join(["%s"] * len(org_ids))
    # Kind "h" is stored as the open periods' difference from "c" (`counts`): read as their sum.
    kinds = ["c", "h"] if kind == "h" else [kind]
    of_kind = f"kind IN ({', '.join(['%s'] * len(kinds))})"
    # The months each dimension's band ends fall in: read day by day (and never as a whole month: a band's ends are
    # never inside another band of the same dimension).
    edges = {dim: sorted({date[:7] for pair in pairs for date in pair}) for dim, pairs in bounds.items()}
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT dim, value, SUM(n) FROM members_statcount WHERE organization_id IN ({within}) AND {of_kind} "
            # The dimensions named (not "NOT IN ('b', 'p')"), so that the planner reads them through the index.
            "AND dim IN ('s', 'a', 'g', 'e', 'r', 'd', 't', 'B', 'P') GROUP BY dim, value",
            [*org_ids, *kinds],
        )
        counts: dict[tuple[str, str], int] = {}
        months: dict[str, list[tuple[str, int]]] = {"b": [], "p": []}
        for dim, value, n in cursor.fetchall():
            if dim in ("B", "P"):
                months[dim.lower()].append((value, int(n)))
            else:
                counts[(dim, value)] = int(n)
        in_edges = " OR ".join(["(dim = %s AND value >= %s AND value <= %s)"] * sum(len(ms) for ms in edges.values()))
        cursor.execute(
            f"SELECT dim, value, SUM(n) FROM members_statcount WHERE organization_id IN ({within}) AND {of_kind} "
            f"AND ({in_edges}) GROUP BY dim, value",
            [*org_ids, *kinds, *(v for dim, ms in edges.items() for m in ms for v in (dim, f"{m}-01", f"{m}-31"))],
        )
        days = list(cursor.fetchall())
    for dim, value, n in stored_counts.own(org_ids, kind, months=False, using=using):
        if dim in bounds:
            days.append((dim, value, n))
        else:
            counts[(dim, value)] = counts.get((dim, value), 0) + n
    bands = {dim: [0] * len(pairs) for dim, pairs in bounds.items()}
    for dim, pairs in bounds.items():
        for i, (after, upto) in enumerate(pairs):
            first, last = after[:7], upto[:7]
            bands[dim][i] += sum(n for month, n in months[dim] if first < month < last)
    for dim, value, n in days:
        for i, (after, upto) in enumerate(bounds[dim]):
            if after < value <= upto:
                bands[dim][i] += int(n)
                break
    return counts, bands


# Periods that make a past day differ from the open periods: an open period that began after the day (undo it) and
# a closed period that covered the day (count it again); grouped by every dimension with the dates cut into bands on
# the day, so Python reads a few hundred rows however many periods changed.
_LATER_PERIODS = (
    "SELECT {sign}, q.status, m.gender, {birth}, {since}, m.ethnicity, m.religion, m.professional_education, "
    "m.political_theory, COUNT(*) FROM orgs_organization o "
    "JOIN members_memberperiod q ON q.organization_id = o.id JOIN members_member m ON m.id = q.member_id "
    "WHERE o.path >= %s AND o.path <= %s AND {where} GROUP BY 2, 3, 4, 5, 6, 7, 8, 9"
)


def _undo_later_periods(org: Organization, day: dt.date, counts, bands, using: str) -> None:
    bounds = snapshots.band_bounds(day)
    birth, birth_params = snapshots.band_case("b", bounds["b"], [])
    since, since_params = snapshots.band_case("p", bounds["p"], [])
    sql = " UNION ALL ".join(
        _LATER_PERIODS.format(sign=sign, birth=birth, since=since, where=where)
        for sign, where in (
            # The COALESCEs keep the planner on the (organization, valid_from) and (organization, valid_to) indexes,
            # the subtree's organisations first: few periods begin or end after a recent day.
            (-1, "q.valid_from > %s AND COALESCE(q.valid_to, q.valid_to) IS NULL"),
            (1, "q.valid_to > %s AND COALESCE(q.valid_from, q.valid_from) <= %s"),
        )
    )
    low, high = subtree_bounds(org.path)
    params = [*birth_params, *since_params, low, high]
    # Without parallel workers on PostgreSQL: starting them cost more than the few thousand index lookups they share
    # (the largest commune as of a day five years back: 34 ms with them, 24 ms without, on 2 shared cores).
    with connections[using].cursor() as cursor, pgsettings.setting(cursor, "max_parallel_workers_per_gather", "0"):
        cursor.execute(sql, [*params, day, *params, day, day])
        snapshots.add_grouped(cursor.fetchall(), counts, bands)


def full_statistics(
    org: Organization, on: dt.date | None = None, using: str = "default", *, as_of: dt.date | None = None
) -> dict[str, list[Row]]:
    """Counts by status, gender, age band, Party age band, ethnicity, education and religion for a subtree, computed
    over every member (or member period) of the subtree: the reference the fast `subtree_statistics` must equal.

    With `as_of`, the figures are those of that day, rebuilt from member periods (education, ethnicity and religion
    are the members' current values; bands are counted on that day).
    """
    day = as_of or on or timezone.localdate()
    queries = _statistics_queries(day, using, as_of is not None)
    low, high = subtree_bounds(org.path)
    rows = {name: query.fetchall(low=low, high=high) for name, query in queries.items()}
    totals = dict(zip(["total", *_TOTAL_KEYS], rows["totals"][0], strict=True))
    return _present(
        dict(rows["status"]),
        totals,
        rows["ethnicity"],
        dict(rows["professional_education"]),
        dict(rows["political_theory"]),
        dict(rows["religion"]),
    )


def _present(by_status, totals, ethnicity, by_professional, by_theory, by_religion) -> dict[str, list[Row]]:
    return {
        "total": [Row("active", _("Đang sinh hoạt"), totals["total"])],
        "status": [Row(s.value, str(s.label), by_status.get(s.value, 0)) for s in MemberStatus],
        "gender": [Row(g.value, str(g.label), totals[f"g_{g.value}"]) for g in Gender],
        "age": [Row(str(i), str(label), totals[f"a_{i}"]) for i, (label, _lo, _hi) in enumerate(AGE_BANDS)],
        "party_age": [Row(str(i), str(label), totals[f"p_{i}"]) for i, (label, _lo, _hi) in enumerate(PARTY_AGE_BANDS)],
        "ethnicity": [Row(code, ETHNICITY_NAMES.get(code, code), n) for code, n in ethnicity],
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
    rows = (
        Member.objects.active()
        .in_subtree(org)
        .annotate(prefix=child_path_expr(org, "organization__path"))
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
