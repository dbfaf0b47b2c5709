"""Statistics snapshots: the subtree counts of a past day, kept at month ends and at the ends of June and December
(docs/decisions/0010-statistics-snapshots.md, 0011-statistics-any-past-day.md).

A `StatSnapshot` row says how many members of an organisation's whole subtree had one value of one dimension on
`day` — counted from the member periods covering that day, with the members' current attributes, exactly as
`stats.full_statistics(org, as_of=day)` counts them. The dimensions are those of `sotay.members.counts`, except that
birth dates ("b") and Party-age start dates ("p") are kept as the index of the band they fall in on `day`, or as the
date itself when it lies within EXACT_DAYS of a band boundary on `day`: a province's snapshot is about 1,600 rows. A
row of dimension "#" marks that the snapshot of (organisation, day) exists.

Snapshots are kept for the organisations at depth `settings.STAT_SNAPSHOT_DEPTH` or above (the province), for the
last 24 month ends and the ends of June and December of every year back to the earliest member period
(`wanted_days`). `refresh` (the daily task) builds the missing ones and drops the others; `rebuild` builds them all
again. Member writes keep them right through `counts.tracking`, which adds each member's share of every existing
snapshot (`contributions`) before and after the write, in the write's transaction — so a backdated status change, an
import with past dates, an edit of a birth date and a rollback all fix the snapshots they touch. A move in the tree
drops the snapshots of the organisations whose subtree changed (`dropped_by_move`); the next refresh builds them
again, and until then the read falls back.

`near` answers a day from the nearest snapshot within REACH days (before or after it): the snapshot's counts, its
whole dates cut into the asked day's bands (the other dates keep their band), and the periods that began or ended
between the two days applied or undone. A day before the oldest snapshot is answered from it when it is empty.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from sotay.orgs.models import Organization, ancestor_paths, subtree_bounds

from . import upsert
from .choices import ACTIVE_STATUSES, AGE_BANDS, PARTY_AGE_BANDS
from .models import MemberPeriod, StatSnapshot
from .querysets import _years_ago

MONTH_ENDS = 24
# Before the last MONTH_ENDS months, the ends of these months are kept every year back to the earliest period's start:
# any day is then within 92 days of a snapshot (docs/decisions/0011-statistics-any-past-day.md).
EVERY_YEAR = (6, 12)
MARK = "#"
# Birth dates and Party-age start dates within this many days of a band boundary on the snapshot's day are kept whole
# (the value is the ISO date), the others as their band's index: the bands of any day up to REACH days away are then
# exact from the snapshot alone (a boundary moves by the distance between the two days, one more for 29 February).
EXACT_DAYS = 94
REACH = EXACT_DAYS - 2
BANDS = {"b": AGE_BANDS, "p": PARTY_AGE_BANDS}
DATE_SQL = {
    "b": "m.birth_on",
    "p": "COALESCE(m.party_age_from, m.admission_decision_on, m.joined_on)",
}
Key = tuple[int, str, str, str]  # organization id, day (ISO), dimension, value


def depth() -> int:
    return int(getattr(settings, "STAT_SNAPSHOT_DEPTH", 1))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def earliest_start(using: str = "default") -> dt.date | None:
    """The first day any member period begins (one index lookup)."""
    return MemberPeriod.objects.using(using).order_by("valid_from").values_list("valid_from", flat=True).first()


def wanted_days(today: dt.date | None = None, since: dt.date | None = None) -> list[dt.date]:
    """The last MONTH_ENDS month ends before `today`, and the ends of the EVERY_YEAR months of every year back to the
    last one before `since` (by default the earliest period's start; none when there is no period), oldest first."""
    today = today or timezone.localdate()
    since = since or earliest_start()
    days = set()
    end = today.replace(day=1) - dt.timedelta(days=1)
    for _i in range(MONTH_ENDS):
        days.add(end)
        end = end.replace(day=1) - dt.timedelta(days=1)
    if since is not None:
        for year in range(since.year - 1, today.year + 1):
            days.update(d for m in EVERY_YEAR if (d := _month_end(year, m)) < today)
        first = max((d for d in days if d < since), default=None)
        days = {d for d in days if first is None or d >= first}
    return sorted(days)


def band_bounds(day: dt.date) -> dict[str, list[tuple[str, str]]]:
    """For "b" and "p": each band on `day` as (after, up to) ISO dates (the same cut as `stats._band_bounds`)."""
    return {
        dim: [(_years_ago(day, hi + 1).isoformat(), _years_ago(day, lo).isoformat()) for _l, lo, hi in bands]
        for dim, bands in BANDS.items()
    }


def band_of(bounds: list[tuple[str, str]], value: str | None) -> int | None:
    if not value:
        return None
    for i, (after, upto) in enumerate(bounds):
        if after < value <= upto:
            return i
    return None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def exact_windows(day: dt.date) -> dict[str, list[tuple[str, str]]]:
    """For "b" and "p": the dates kept whole in the snapshot of `day`, as (after, up to) ISO dates — within
    EXACT_DAYS of a band boundary on that day."""
    margin = dt.timedelta(days=EXACT_DAYS)
    found = {}
    for dim, bands in BANDS.items():
        years = sorted({lo for _l, lo, _h in bands} | {hi + 1 for _l, _lo, hi in bands})
        found[dim] = [
            ((edge - margin - dt.timedelta(days=1)).isoformat(), (edge + margin).isoformat())
            for edge in (_years_ago(day, k) for k in years)
        ]
    return found


def is_date(value: str) -> bool:
    """A snapshot's "b" or "p" value: a whole date (kept near a boundary) rather than a band index."""
    return len(value) > 3


def keys(
    status: str,
    attributes: tuple,
    bounds: dict[str, list[tuple[str, str]]],
    exact: dict[str, list[tuple[str, str]]] | None = None,
) -> list[tuple[str, str]]:
    """The (dimension, value) pairs one period covering a day adds to its counts: the dates as their band on that day
    (`bounds`), or, for a snapshot (`exact`: its `exact_windows`), as the date itself when within a window.

    `attributes`: gender, birth date, Party-age start, ethnicity, religion, education, political theory."""
    texts = tuple(_text(v) for v in attributes)
    found = _fixed_keys(status, texts)
    if status in ACTIVE_STATUSES:
        found += _date_keys(texts[1], texts[2], bounds, exact)
    return found


def _fixed_keys(status: str, texts: tuple[str, ...]) -> list[tuple[str, str]]:
    """The pairs that do not depend on the day: status, and for an active period total, gender, ethnicity, religion,
    education, political theory."""
    if status not in ACTIVE_STATUSES:
        return [("s", status)]
    gender, _birth, _since, ethnicity, religion, professional, theory = texts
    found = [("s", status), ("a", ""), ("g", gender), ("e", ethnicity), ("r", religion), ("d", professional)]
    return [*found, ("t", theory)]


def _snapshot_cut(day: dt.date) -> dict[str, tuple[list[str], list[str | None]]]:
    """For "b" and "p": the snapshot's value of any date on `day` by one bisection — the sorted edges of its band
    and exact windows, and what a date just up to each edge (or past the last) becomes: "=" for the date itself, a
    band's index, or None."""
    bounds, exact = band_bounds(day), exact_windows(day)
    found = {}
    for dim in BANDS:
        edges = sorted({edge for pair in bounds[dim] + exact[dim] for edge in pair})
        outcomes: list[str | None] = []
        for value in [*edges, "~"]:  # "~" sorts after every ISO date
            pairs = _date_keys(value, value, bounds, exact) if value != "~" else []
            kept = [v for d, v in pairs if d == dim]
            outcomes.append(None if not kept else "=" if kept[0] == value else kept[0])
        found[dim] = (edges, outcomes)
    return found


def _snapshot_date_keys(birth: str, since: str, cut) -> list[tuple[str, str]]:
    """`_date_keys` in a snapshot's form, through `_snapshot_cut`."""
    found = []
    for dim, value in (("b", birth), ("p", since)):
        if not value:
            continue
        edges, outcomes = cut[dim]
        outcome = outcomes[bisect_left(edges, value)]
        if outcome is not None:
            found.append((dim, value if outcome == "=" else outcome))
    return found


def _date_keys(birth: str, since: str, bounds, exact) -> list[tuple[str, str]]:
    found = []
    for dim, value in (("b", birth), ("p", since)):
        # Whole even outside every band: a date just past the youngest boundary enters a band a few days later.
        if value and exact is not None and any(after < value <= upto for after, upto in exact[dim]):
            found.append((dim, value))
        elif (band := band_of(bounds[dim], value)) is not None:
            found.append((dim, str(band)))
    return found


# Keeping them right ----------------------------------------------------------------------------------------------


def existing(using: str = "default") -> dict[dt.date, set[int]]:
    """The snapshots that exist: for each day, the organisations that have one."""
    found: dict[dt.date, set[int]] = {}
    for org_id, day in StatSnapshot.objects.using(using).filter(dim=MARK).values_list("organization_id", "day"):
        found.setdefault(day, set()).add(org_id)
    return found


class Shares:
    """What members add to the existing snapshots, from all their periods, as spans of snapshot days.

    A period covers the snapshot days on or after its start and before its end: a span of the sorted days. Its fixed
    pairs (`_fixed_keys`) count on the whole span; a date ("b", "p") counts as its snapshot value on each day, which
    changes only where the date crosses a band boundary or enters or leaves an exact window. The cut of every snapshot
    day has the same shape (`_snapshot_cut`: as many edges, the same outcomes in the same order), and each edge moves
    forward with the day, so for a date the days where it stands below edge q are a prefix of the days, found by one
    bisection of that edge's column: a date's values over all the days are a few runs, computed once per date. Each
    span then adds +n at its first day and -n past its last (`events`), and `rows` sums them up day by day.

    When the cuts are not all of one shape (never for month ends, checked once) it counts day by day instead."""

    def __init__(self, existing_snapshots: dict[dt.date, set[int]] | None = None) -> None:
        self.snapshots = existing() if existing_snapshots is None else existing_snapshots
        self.days = sorted(self.snapshots)
        self.isos = [day.isoformat() for day in self.days]
        self.orgs = set().union(*self.snapshots.values()) if self.snapshots else set()
        cuts = [_snapshot_cut(day) for day in self.days]
        self.cuts = cuts
        self.columns: dict[str, tuple[list[list[str]], list[str | None]]] | None = {}
        for dim in BANDS:
            shapes = {(len(cut[dim][0]), tuple(cut[dim][1])) for cut in cuts}
            if len(shapes) > 1:
                self.columns = None
                break
            if cuts:
                width = len(cuts[0][dim][0])
                self.columns[dim] = ([[cut[dim][0][q] for cut in cuts] for q in range(width)], cuts[0][dim][1])
        self.runs: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
        # (organisation, dimension, value) -> day index -> change of the count from that day on.
        self.events: dict[tuple[int, str, str], Counter[int]] = {}

    def _runs(self, dim: str, value: str) -> list[tuple[int, int, str]]:
        """The date's snapshot value on the days, as runs (first day index, past the last, value); days where it
        counts in no band are left out."""
        found = self.runs.get((dim, value))
        if found is not None:
            return found
        assert self.columns is not None
        columns, outcomes = self.columns[dim]
        # Below edge q (the edge is still < value) before day index limits[q]; non-increasing in q.
        limits = [bisect_left(column, value) for column in columns]
        found = []
        # Days where exactly `position` edges are < value: limits[position] <= j < limits[position - 1], earliest
        # days (the most edges below) first.
        bounds = [len(self.days), *limits, 0]
        for position in range(len(limits), -1, -1):
            low, high = bounds[position + 1], bounds[position]
            outcome = outcomes[position]
            if low >= high or outcome is None:
                continue
            kept = value if outcome == "=" else outcome
            if found and found[-1][1] == low and found[-1][2] == kept:
                found[-1] = (found[-1][0], high, kept)
            else:
                found.append((low, high, kept))
        self.runs[(dim, value)] = found
        return found

    def _add(self, org: int, dim: str, value: str, first: int, past: int, n: int = 1) -> None:
        changes = self.events.get((org, dim, value))
        if changes is None:
            changes = self.events[(org, dim, value)] = Counter()
        changes[first] += n
        changes[past] -= n

    def add(self, periods: Iterable[tuple[str, str, dt.date, dt.date | None, tuple[str, ...]]], ancestry) -> None:
        """Add periods: (organisation path, status, start, end, the member's attributes as `_text`s)."""
        if not self.days:
            return
        if self.columns is None:
            self._add_by_day(periods, ancestry)
            return
        days, count = self.days, len(self.days)
        # The same span of the same value under the same organisations, counted once with its number of periods.
        spans: Counter[tuple[tuple[int, ...], str, str, int, int]] = Counter()
        # The values that do not depend on the day, counted first per span and status with all of them together:
        # many periods share them (a few genders, ethnicities, religions…), unlike their dates.
        alike: Counter[tuple] = Counter()
        above: dict[str, tuple[int, ...]] = {}
        for path, status, start, end, member in periods:
            first = bisect_left(days, start)
            past = count if end is None else bisect_left(days, end)
            if first >= past:
                continue
            kept = above.get(path)
            if kept is None:
                kept = above[path] = tuple(org for org in ancestry.of(path) if org in self.orgs)
            if not kept:
                continue
            alike[(kept, first, past, status, member[0], *member[3:])] += 1
            if status in ACTIVE_STATUSES:
                for dim, value in (("b", member[1]), ("p", member[2])):
                    if value:
                        for low, high, kept_value in self._runs(dim, value):
                            if low < past and high > first:
                                spans[(kept, dim, kept_value, max(low, first), min(high, past))] += 1
        for (kept, first, past, status, gender, *rest), n in alike.items():
            for dim, value in _fixed_keys(status, (gender, "", "", *rest)):
                spans[(kept, dim, value, first, past)] += n
        for (kept, dim, value, low, high), n in spans.items():
            for org in kept:
                self._add(org, dim, value, low, high, n)

    def _add_by_day(self, periods, ancestry) -> None:
        for path, status, start, end, member in periods:
            first = bisect_left(self.days, start)
            past = len(self.days) if end is None else bisect_left(self.days, end)
            above = [org for org in ancestry.of(path) if org in self.orgs]
            fixed = _fixed_keys(status, member)
            for j in range(first, past):
                pairs = fixed
                if status in ACTIVE_STATUSES:
                    pairs = fixed + _snapshot_date_keys(member[1], member[2], self.cuts[j])
                for org in above:
                    for dim, value in pairs:
                        self._add(org, dim, value, j, j + 1)

    def rows(self) -> Iterator[tuple[Key, int]]:
        """The counts added, per (organisation, ISO day, dimension, value), on the days the organisation has a
        snapshot."""
        for (org, dim, value), changes in self.events.items():
            running = 0
            marks = sorted(changes)
            for mark, following in zip(marks, [*marks[1:], len(self.days)], strict=True):
                running += changes[mark]
                if running:
                    for j in range(mark, following):
                        if org in self.snapshots[self.days[j]]:
                            yield (org, self.isos[j], dim, value), running


def contributions(member_ids: list[int], attributes: dict[int, tuple], ancestry) -> Counter[Key]:
    """What these members add to the existing snapshots, from all their periods (`counts.contributions` calls it
    with the members' attributes and its lookup of organisations above a path)."""
    total: Counter[Key] = Counter()
    shares = Shares()
    if not shares.days or not member_ids:
        return total
    shares.add(member_periods(member_ids, attributes, ancestry), ancestry)
    total.update(dict(shares.rows()))
    return total


def member_periods(member_ids: list[int], attributes: dict[int, tuple], ancestry) -> list[tuple]:
    """The members' periods as `Shares.add` takes them, the organisations above them loaded into `ancestry`."""
    periods = list(
        MemberPeriod.objects.filter(member_id__in=member_ids).values_list(
            "member_id", "organization__path", "status", "valid_from", "valid_to"
        )
    )
    ancestry.load([row[1] for row in periods])
    texts = {pk: tuple(_text(v) for v in values) for pk, values in attributes.items()}
    return [(path, status, start, end, texts[member_id]) for member_id, path, status, start, end in periods]


def apply(rows: list[tuple[int, str, str, str, int]]) -> None:
    """Add (organisation, ISO day, dimension, value, n) rows to the snapshots, in key order."""
    upsert.add(
        "members_statsnapshot",
        ("organization_id", "day", "dim", "value", "n"),
        ("bigint", "date", "text", "text", "integer"),
        sorted(rows),
    )


def dropped_by_move(old_path: str, new_path: str) -> None:
    """A subtree moved: drop the snapshots of the organisations above its old or new place (not both) and of the
    subtree itself (its depth may have changed). The daily refresh builds them again."""
    changed = set(ancestor_paths(old_path)[:-1]) ^ set(ancestor_paths(new_path)[:-1])
    low, high = subtree_bounds(new_path)
    orgs = Organization.objects.filter(path__in=changed) | Organization.objects.filter(path__gte=low, path__lte=high)
    StatSnapshot.objects.filter(organization_id__in=orgs.values("pk")).delete()


# Counting from scratch ---------------------------------------------------------------------------------------------


def band_case(dim: str, bounds: list[tuple[str, str]], exact: list[tuple[str, str]]) -> tuple[str, list[str]]:
    """The snapshot's value of a date, as `keys` gives it: the date itself within an exact window, else the index of
    its band, else NULL."""
    expression = f"CAST({DATE_SQL[dim]} AS VARCHAR(16))"
    whens = [f"WHEN {expression} > %s AND {expression} <= %s THEN {expression}"] * len(exact)
    params = [edge for pair in exact for edge in pair]
    for i, (after, upto) in enumerate(bounds):
        whens.append(f"WHEN {expression} > %s AND {expression} <= %s THEN '{i}'")
        params += [after, upto]
    return f"CASE {' '.join(whens)} END", params


def roots(org: Organization | None = None) -> list[Organization]:
    """The organisations that keep snapshots (within `org`'s subtree when given)."""
    found = Organization.objects.filter(depth__lte=depth())
    if org is not None:
        low, high = subtree_bounds(org.path)
        found = found.filter(path__gte=low, path__lte=high)
    return list(found.order_by("path"))


_COUNTED = (
    "SELECT q.status, m.gender, {birth}, {since}, m.ethnicity, m.religion, m.professional_education, "
    "m.political_theory, COUNT(*) FROM members_memberperiod q JOIN members_member m ON m.id = q.member_id "
    "JOIN orgs_organization o ON o.id = q.organization_id "
    "WHERE o.path >= %s AND o.path <= %s AND q.valid_from <= %s AND (q.valid_to IS NULL OR q.valid_to > %s) "
    "GROUP BY 1, 2, 3, 4, 5, 6, 7, 8"
)


def _counted(cursor, path: str, day: dt.date, exact: bool) -> Counter[tuple[str, str]]:
    """The (dimension, value) counts of the periods of `path`'s subtree covering `day`, in one query grouped by every
    dimension: the dates as their band on that day, or in the snapshot's form (`exact`)."""
    bounds = band_bounds(day)
    windows = exact_windows(day) if exact else {"b": [], "p": []}
    birth, birth_params = band_case("b", bounds["b"], windows["b"])
    since, since_params = band_case("p", bounds["p"], windows["p"])
    low, high = subtree_bounds(path)
    cursor.execute(
        _COUNTED.format(birth=birth, since=since),
        [*birth_params, *since_params, low, high, day, day],
    )
    found: Counter[tuple[str, str]] = Counter()
    for status, gender, b, p, ethnicity, religion, professional, theory, n in cursor.fetchall():
        found[("s", status)] += n
        if status not in ACTIVE_STATUSES:
            continue
        pairs = [("a", ""), ("g", gender), ("e", ethnicity), ("r", religion), ("d", professional), ("t", theory)]
        pairs += [(dim, value) for dim, value in (("b", b), ("p", p)) if value is not None]
        for dim, value in pairs:
            found[(dim, _text(value))] += n
    return found


def recompute(orgs: Iterable[Organization], days: Iterable[dt.date], using: str = "default") -> dict[Key, int]:
    """The snapshots of these organisations on these days, from the member periods (one query per organisation
    and day, grouped by every dimension at once), marker rows included."""
    found: Counter[Key] = Counter()
    with connections[using].cursor() as cursor:
        for day in days:
            iso = day.isoformat()
            for org in orgs:
                found[(org.pk, iso, MARK, "")] += 0
                for (dim, value), n in _counted(cursor, org.path, day, exact=True).items():
                    found[(org.pk, iso, dim, value)] += n
    return dict(found)


def counted_on(
    org: Organization, day: dt.date, using: str = "default"
) -> tuple[dict[tuple[str, str], int], dict[str, list[int]]]:
    """The counts of `org`'s subtree on `day` (apart from the bands) and its bands, counted directly from the periods
    covering that day (one grouped query over the subtree's periods: for an organisation without snapshots, cheaper
    than undoing the periods changed since a day long ago)."""
    with connections[using].cursor() as cursor:
        found = _counted(cursor, org.path, day, exact=False)
    counts: dict[tuple[str, str], int] = {}
    bands = {dim: [0] * len(b) for dim, b in BANDS.items()}
    for (dim, value), n in found.items():
        if dim in BANDS:
            bands[dim][int(value)] += n
        else:
            counts[(dim, value)] = n
    return counts, bands


def stored(orgs: Iterable[Organization], days: Iterable[dt.date] | None = None) -> dict[Key, int]:
    rows = StatSnapshot.objects.filter(organization_id__in=[o.pk for o in orgs])
    if days is not None:
        rows = rows.filter(day__in=list(days))
    fields = ("organization_id", "day", "dim", "value", "n")
    return {
        (pk, day.isoformat(), dim, value): n for pk, day, dim, value, n in rows.values_list(*fields) if n or dim == MARK
    }


def compared(org: Organization | None = None) -> tuple[dict[Key, int], dict[Key, int]]:
    """The existing snapshots of `org`'s subtree (all when None): counted again from scratch, and as stored."""
    have = existing()
    found = Organization.objects.filter(pk__in={pk for ids in have.values() for pk in ids})
    if org is not None:
        low, high = subtree_bounds(org.path)
        found = found.filter(path__gte=low, path__lte=high)
    orgs = {o.pk: o for o in found}
    expected: dict[Key, int] = {}
    for day, ids in sorted(have.items()):
        expected.update(recompute([orgs[pk] for pk in sorted(ids) if pk in orgs], [day]))
    scope = {(pk, day.isoformat()) for day, ids in have.items() for pk in ids if pk in orgs}
    kept = {key: n for key, n in stored(list(orgs.values())).items() if (key[0], key[1]) in scope}
    return {key: n for key, n in expected.items() if n or key[2] == MARK}, kept


def _write(found: dict[Key, int]) -> None:
    StatSnapshot.objects.bulk_create(
        [
            StatSnapshot(organization_id=pk, day=dt.date.fromisoformat(day), dim=dim, value=value, n=n)
            for (pk, day, dim, value), n in sorted(found.items())
        ],
        batch_size=2000,
    )


def build(orgs: list[Organization], days: list[dt.date]) -> int:
    """(Re)build the snapshots of these organisations on these days; the number of snapshots built."""
    if not orgs or not days:
        return 0
    with transaction.atomic():
        StatSnapshot.objects.filter(organization_id__in=[o.pk for o in orgs], day__in=days).delete()
        _write(recompute(orgs, days))
    return len(orgs) * len(days)


def rebuild(org: Organization | None = None, today: dt.date | None = None) -> int:
    """Drop every snapshot of `org`'s subtree (all when None) and build the wanted ones again."""
    kept = roots(org)
    with transaction.atomic():
        rows = StatSnapshot.objects.all()
        if org is not None:
            low, high = subtree_bounds(org.path)
            rows = rows.filter(organization__path__gte=low, organization__path__lte=high)
        rows.delete()
        return build(kept, wanted_days(today))


def refresh(today: dt.date | None = None) -> dict[str, int]:
    """The daily step: build the wanted snapshots that are missing (the newest month end, those dropped by a move,
    those of a new province) and drop those no longer wanted (older days, organisations now deeper)."""
    days = wanted_days(today)
    kept = roots()
    have = existing()
    with transaction.atomic():
        dropped = StatSnapshot.objects.exclude(day__in=days).delete()[0]
        dropped += StatSnapshot.objects.exclude(organization_id__in=[o.pk for o in kept]).delete()[0]
        built = 0
        for day in days:
            missing = [o for o in kept if o.pk not in have.get(day, set())]
            built += build(missing, [day])
    return {"built": built, "rows_dropped": dropped}


# Reading ---------------------------------------------------------------------------------------------------------

# Periods that cover one of two days and not the other, in a subtree (a province: most of the database), looked up by
# date first in the period indexes on `valid_to` or `valid_from` — few periods begin or end between two near days —
# then kept when their organisation, read by its primary key, is in the subtree. CROSS JOIN fixes that order on
# SQLite; on PostgreSQL a join lets the planner hash every organisation of the range (and start parallel workers),
# three times slower for a fortnight's periods, so the organisation's path is a scalar subquery there. The COALESCEs
# keep the planners off the other date's index. Grouped by every dimension with the dates cut into bands on the asked
# day: a few hundred rows for Python, not one per period.
_BETWEEN = (
    "SELECT {sign}, q.status, m.gender, {birth}, {since}, "
    "m.ethnicity, m.religion, m.professional_education, m.political_theory, COUNT(*) FROM members_memberperiod q "
    "{subtree} AND {where} GROUP BY 2, 3, 4, 5, 6, 7, 8, 9"
)
_SUBTREE = {
    "sqlite": "CROSS JOIN orgs_organization o CROSS JOIN members_member m "
    "WHERE o.id = q.organization_id AND m.id = q.member_id AND o.path >= %s AND o.path <= %s",
    "postgresql": "JOIN members_member m ON m.id = q.member_id "
    "WHERE (SELECT o.path FROM orgs_organization o WHERE o.id = q.organization_id) BETWEEN %s AND %s",
}
_ENDED = "q.valid_to > %s AND q.valid_to <= %s AND COALESCE(q.valid_from, q.valid_from) <= %s"
_BEGAN = (
    "q.valid_from > %s AND q.valid_from <= %s "
    "AND (COALESCE(q.valid_to, q.valid_to) IS NULL OR COALESCE(q.valid_to, q.valid_to) > %s)"
)


def near(
    org: Organization, day: dt.date, using: str = "default"
) -> tuple[dict[tuple[str, str], int], dict[str, list[int]]] | None:
    """The counts of `org`'s subtree on `day` (apart from the bands) and its age and Party-age bands, from the
    nearest snapshot; None when there is none within REACH days, or when today is nearer (the counts of the open
    periods then answer: both ways read the periods that began or ended between the day and their starting point)."""
    today = timezone.localdate()
    with connections[using].cursor() as cursor:
        # The literal lets both planners use the partial index on the marker rows (stat_snapshot_marks).
        cursor.execute(f"SELECT day FROM members_statsnapshot WHERE organization_id = %s AND dim = '{MARK}'", [org.pk])
        days = [d if isinstance(d, dt.date) else dt.date.fromisoformat(d) for (d,) in cursor.fetchall()]
        if not days:
            return None
        base = min(days, key=lambda d: (abs((d - day).days), d))
        gap = abs((base - day).days)
        if gap >= (today - day).days or (gap > REACH and day > base):
            return None
        cursor.execute(
            "SELECT dim, value, n FROM members_statsnapshot WHERE organization_id = %s AND day = %s "
            f"AND dim <> '{MARK}' AND n <> 0",
            [org.pk, base],
        )
        rows = cursor.fetchall()
        # Further back than the oldest snapshot: only from an empty one (before the first period), whose bands
        # need no moving; the periods between the two days are then the only ones.
        if gap > REACH and rows:
            return None
        counts: dict[tuple[str, str], int] = {}
        bands = {dim: [0] * len(b) for dim, b in BANDS.items()}
        bounds = band_bounds(day)
        for dim, value, n in rows:
            if dim not in BANDS:
                counts[(dim, value)] = n
            elif not is_date(value):
                # Far from every boundary: the same band on any day within REACH of the snapshot's.
                bands[dim][int(value)] += n
            elif (band := band_of(bounds[dim], value)) is not None:
                bands[dim][band] += n
        if base != day:
            low, high = subtree_bounds(org.path)
            _apply_between(cursor, base, day, low, high, counts, bands)
    return counts, bands


def _apply_between(cursor, base: dt.date, day: dt.date, low: str, high: str, counts, bands) -> None:
    """Take off the periods that cover `base` and not `day`, and add those that cover `day` and not `base`."""
    early, late = min(base, day), max(base, day)
    # Covering the earlier day only: ended between the two; covering the later only: began between the two.
    sign_ended, sign_began = (1, -1) if day < base else (-1, 1)
    bounds = band_bounds(day)
    birth, birth_params = band_case("b", bounds["b"], [])
    since, since_params = band_case("p", bounds["p"], [])
    sql = " UNION ALL ".join(
        _BETWEEN.format(
            sign=sign, where=where, birth=birth, since=since, subtree=_SUBTREE.get(cursor.db.vendor, _SUBTREE["sqlite"])
        )
        for sign, where in ((sign_ended, _ENDED), (sign_began, _BEGAN))
    )
    bands_params = [*birth_params, *since_params]
    cursor.execute(sql, [*bands_params, low, high, early, late, early, *bands_params, low, high, early, late, late])
    add_grouped(cursor.fetchall(), counts, bands)


def add_grouped(rows: Iterable[tuple], counts: dict[tuple[str, str], int], bands: dict[str, list[int]]) -> None:
    """Add rows of (sign, status, gender, age band, Party-age band, ethnicity, religion, education, political theory,
    number of periods) to the counts and bands of a day."""
    for sign, status, gender, band_b, band_p, ethnicity, religion, professional, theory, n in rows:
        counts[("s", status)] = counts.get(("s", status), 0) + sign * n
        if status not in ACTIVE_STATUSES:
            continue
        attributes = (("g", gender), ("e", ethnicity), ("r", religion), ("d", professional), ("t", theory))
        for dim, value in (("a", ""), *attributes):
            key = (dim, _text(value))
            counts[key] = counts.get(key, 0) + sign * n
        for dim, band in (("b", band_b), ("p", band_p)):
            if band is not None:
                bands[dim][int(band)] += sign * n
