"""Statistics snapshots: the subtree counts of a past day, kept at month ends and year ends
(docs/decisions/0010-statistics-snapshots.md).

A `StatSnapshot` row says how many members of an organisation's whole subtree had one value of one dimension on
`day` — counted from the member periods covering that day, with the members' current attributes, exactly as
`stats.full_statistics(org, as_of=day)` counts them. The dimensions are those of `sotay.members.counts`, except that
birth dates ("b") and Party-age start dates ("p") are kept as the index of the band they fall in on `day`, so a
snapshot is about a hundred rows. A row of dimension "#" marks that the snapshot of (organisation, day) exists.

Snapshots are kept for the organisations at depth `settings.STAT_SNAPSHOT_DEPTH` or above (the province), for the
last 24 month ends and the last 10 year ends (`wanted_days`). `refresh` (the daily task) builds the missing ones and
drops the others; `rebuild` builds them all again. Member writes keep them right through `counts.tracking`, which
adds each member's share of every existing snapshot (`contributions`) before and after the write, in the write's
transaction — so a backdated status change, an import with past dates, an edit of a birth date and a rollback all
fix the snapshots they touch. A move in the tree drops the snapshots of the organisations whose subtree changed
(`dropped_by_move`); the next refresh builds them again, and until then the read falls back.

`near` answers a day from the nearest snapshot (before or after it): the snapshot's counts, the bands moved from the
snapshot's day to the asked day for the few members whose date lies between the two days' band boundaries, and the
periods that began or ended between the two days applied or undone.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from sotay.orgs.models import Organization, ancestor_paths, subtree_bounds

from .choices import ACTIVE_STATUSES, AGE_BANDS, PARTY_AGE_BANDS
from .models import MemberPeriod, StatSnapshot
from .querysets import _years_ago

MONTH_ENDS = 24
YEAR_ENDS = 10
MARK = "#"
# A snapshot answers days at most this far from it (any day of the last 24 months is within 16 days of a month end):
# further, the members near the moved band boundaries and the periods between the days cost more than the 0009 way.
MAX_GAP_DAYS = 31
BANDS = {"b": AGE_BANDS, "p": PARTY_AGE_BANDS}
ACTIVE_SQL = ", ".join(f"'{s.value}'" for s in ACTIVE_STATUSES)
DATE_SQL = {
    "b": "m.birth_on",
    "p": "COALESCE(m.party_age_from, m.admission_decision_on, m.joined_on)",
}
Key = tuple[int, str, str, str]  # organization id, day (ISO), dimension, value


def depth() -> int:
    return int(getattr(settings, "STAT_SNAPSHOT_DEPTH", 1))


def wanted_days(today: dt.date | None = None) -> list[dt.date]:
    """The last MONTH_ENDS month ends and the last YEAR_ENDS year ends before `today`, oldest first."""
    today = today or timezone.localdate()
    days = set()
    end = today.replace(day=1) - dt.timedelta(days=1)
    for _i in range(MONTH_ENDS):
        days.add(end)
        end = end.replace(day=1) - dt.timedelta(days=1)
    days.update(dt.date(today.year - k, 12, 31) for k in range(1, YEAR_ENDS + 1))
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


def keys(status: str, attributes: tuple, bounds: dict[str, list[tuple[str, str]]]) -> list[tuple[str, str]]:
    """The (dimension, value) pairs one period covering a snapshot's day adds to it.

    `attributes`: gender, birth date, Party-age start, ethnicity, religion, education, political theory."""
    found = [("s", status)]
    if status not in ACTIVE_STATUSES:
        return found
    gender, birth, since, ethnicity, religion, professional, theory = (_text(v) for v in attributes)
    found += [("a", ""), ("g", gender), ("e", ethnicity), ("r", religion), ("d", professional), ("t", theory)]
    for dim, value in (("b", birth), ("p", since)):
        band = band_of(bounds[dim], value)
        if band is not None:
            found.append((dim, str(band)))
    return found


# Keeping them right ----------------------------------------------------------------------------------------------


def existing(using: str = "default") -> dict[dt.date, set[int]]:
    """The snapshots that exist: for each day, the organisations that have one."""
    found: dict[dt.date, set[int]] = {}
    for org_id, day in StatSnapshot.objects.using(using).filter(dim=MARK).values_list("organization_id", "day"):
        found.setdefault(day, set()).add(org_id)
    return found


def contributions(member_ids: list[int], attributes: dict[int, tuple], ancestry) -> Counter[Key]:
    """What these members add to the existing snapshots, from all their periods (`counts.contributions` calls it
    with the members' attributes and its lookup of organisations above a path)."""
    total: Counter[Key] = Counter()
    snapshots = existing()
    if not snapshots or not member_ids:
        return total
    periods = list(
        MemberPeriod.objects.filter(member_id__in=member_ids).values_list(
            "member_id", "organization__path", "status", "valid_from", "valid_to"
        )
    )
    ancestry.load([row[1] for row in periods])
    bounds = {day: band_bounds(day) for day in snapshots}
    for member_id, path, status, start, end in periods:
        above = ancestry.of(path)
        for day, orgs in snapshots.items():
            if start > day or (end is not None and end <= day):
                continue
            kept = [org for org in above if org in orgs]
            if not kept:
                continue
            iso = day.isoformat()
            for dim, value in keys(status, attributes[member_id], bounds[day]):
                for org in kept:
                    total[(org, iso, dim, value)] += 1
    return total


_UPSERT = (
    "INSERT INTO members_statsnapshot (organization_id, day, dim, value, n) VALUES (%s, %s, %s, %s, %s) "
    "ON CONFLICT (organization_id, day, dim, value) DO UPDATE SET n = members_statsnapshot.n + excluded.n"
)


def apply(rows: list[tuple[int, str, str, str, int]]) -> None:
    """Add (organisation, ISO day, dimension, value, n) rows to the snapshots, in key order."""
    if rows:
        with connections["default"].cursor() as cursor:
            cursor.executemany(_UPSERT, sorted(rows))


def dropped_by_move(old_path: str, new_path: str) -> None:
    """A subtree moved: drop the snapshots of the organisations above its old or new place (not both) and of the
    subtree itself (its depth may have changed). The daily refresh builds them again."""
    changed = set(ancestor_paths(old_path)[:-1]) ^ set(ancestor_paths(new_path)[:-1])
    low, high = subtree_bounds(new_path)
    orgs = Organization.objects.filter(path__in=changed) | Organization.objects.filter(path__gte=low, path__lte=high)
    StatSnapshot.objects.filter(organization_id__in=orgs.values("pk")).delete()


# Counting from scratch ---------------------------------------------------------------------------------------------


def _band_case(dim: str, bounds: list[tuple[str, str]]) -> tuple[str, list[str]]:
    expression = f"CAST({DATE_SQL[dim]} AS VARCHAR(16))"
    whens, params = [], []
    for i, (after, upto) in enumerate(bounds):
        whens.append(f"WHEN {expression} > %s AND {expression} <= %s THEN {i}")
        params += [after, upto]
    return f"CASE {' '.join(whens)} END", params


def roots(org: Organization | None = None) -> list[Organization]:
    """The organisations that keep snapshots (within `org`'s subtree when given)."""
    found = Organization.objects.filter(depth__lte=depth())
    if org is not None:
        low, high = subtree_bounds(org.path)
        found = found.filter(path__gte=low, path__lte=high)
    return list(found.order_by("path"))


def recompute(orgs: Iterable[Organization], days: Iterable[dt.date], using: str = "default") -> dict[Key, int]:
    """The snapshots of these organisations on these days, from the member periods (one query per organisation
    and day, grouped by every dimension at once), marker rows included."""
    found: Counter[Key] = Counter()
    with connections[using].cursor() as cursor:
        for day in days:
            bounds = band_bounds(day)
            birth, birth_params = _band_case("b", bounds["b"])
            since, since_params = _band_case("p", bounds["p"])
            iso = day.isoformat()
            for org in orgs:
                low, high = subtree_bounds(org.path)
                cursor.execute(
                    f"SELECT q.status, m.gender, {birth}, {since}, m.ethnicity, m.religion, "
                    "m.professional_education, m.political_theory, COUNT(*) "
                    "FROM members_memberperiod q JOIN members_member m ON m.id = q.member_id "
                    "JOIN orgs_organization o ON o.id = q.organization_id "
                    "WHERE o.path >= %s AND o.path <= %s AND q.valid_from <= %s "
                    "AND (q.valid_to IS NULL OR q.valid_to > %s) GROUP BY 1, 2, 3, 4, 5, 6, 7, 8",
                    [*birth_params, *since_params, low, high, day, day],
                )
                found[(org.pk, iso, MARK, "")] += 0
                for status, gender, b, p, ethnicity, religion, professional, theory, n in cursor.fetchall():
                    found[(org.pk, iso, "s", status)] += n
                    if status not in ACTIVE_STATUSES:
                        continue
                    for dim, value in (
                        ("a", ""),
                        ("g", gender),
                        ("e", ethnicity),
                        ("r", religion),
                        ("d", professional),
                        ("t", theory),
                        ("b", b),
                        ("p", p),
                    ):
                        if dim in "bp" and value is None:
                            continue
                        found[(org.pk, iso, dim, _text(value))] += n
    return dict(found)


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
# then kept when their organisation is in the subtree. CROSS JOIN fixes that order on SQLite (PostgreSQL finds it:
# the subtree is most organisations); the COALESCEs keep the planners off the other date's index.
_BETWEEN = (
    "SELECT {sign}, q.status, m.gender, CAST(m.birth_on AS VARCHAR(16)), "
    f"CAST({DATE_SQL['p']} AS VARCHAR(16)), "
    "m.ethnicity, m.religion, m.professional_education, m.political_theory FROM members_memberperiod q "
    "CROSS JOIN orgs_organization o CROSS JOIN members_member m "
    "WHERE o.id = q.organization_id AND m.id = q.member_id "
    "AND o.path >= %s AND o.path <= %s AND {where}"
)
_ENDED = "q.valid_to > %s AND q.valid_to <= %s AND COALESCE(q.valid_from, q.valid_from) <= %s"
_BEGAN = (
    "q.valid_from > %s AND q.valid_from <= %s "
    "AND (COALESCE(q.valid_to, q.valid_to) IS NULL OR COALESCE(q.valid_to, q.valid_to) > %s)"
)
# Active periods covering a day whose member's date lies in a window: their band may differ between two days. The
# members first, by the index on the date (birth date, or the Party-age start expression).
_WINDOW = (
    "SELECT '{dim}', CAST({expression} AS VARCHAR(16)) FROM members_member m "
    "CROSS JOIN members_memberperiod q CROSS JOIN orgs_organization o "
    "WHERE q.member_id = m.id AND o.id = q.organization_id "
    "AND {expression} > %s AND {expression} <= %s AND COALESCE(q.valid_from, q.valid_from) <= %s "
    "AND (COALESCE(q.valid_to, q.valid_to) IS NULL OR COALESCE(q.valid_to, q.valid_to) > %s) "
    f"AND q.status IN ({ACTIVE_SQL}) AND o.path >= %s AND o.path <= %s"
)


def near(
    org: Organization, day: dt.date, using: str = "default"
) -> tuple[dict[tuple[str, str], int], dict[str, list[int]]] | None:
    """The counts of `org`'s subtree on `day` (apart from the bands) and its age and Party-age bands, from the
    nearest snapshot; None when there is none within MAX_GAP_DAYS and nearer than today (the counts of the open
    periods then answer)."""
    today = timezone.localdate()
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT day FROM members_statsnapshot WHERE organization_id = %s AND dim = %s", [org.pk, MARK])
        days = [d if isinstance(d, dt.date) else dt.date.fromisoformat(d) for (d,) in cursor.fetchall()]
        if not days:
            return None
        base = min(days, key=lambda d: (abs((d - day).days), d))
        gap = abs((base - day).days)
        if gap > MAX_GAP_DAYS or gap >= (today - day).days:
            return None
        cursor.execute(
            "SELECT dim, value, n FROM members_statsnapshot WHERE organization_id = %s AND day = %s AND dim <> %s",
            [org.pk, base, MARK],
        )
        counts: dict[tuple[str, str], int] = {}
        bands = {dim: [0] * len(b) for dim, b in BANDS.items()}
        for dim, value, n in cursor.fetchall():
            if dim in BANDS:
                bands[dim][int(value)] += n
            else:
                counts[(dim, value)] = n
        if base != day:
            low, high = subtree_bounds(org.path)
            _move_bands(cursor, base, day, low, high, bands)
            _apply_between(cursor, base, day, low, high, counts, bands)
    return counts, bands


def _move_bands(cursor, base: dt.date, day: dt.date, low: str, high: str, bands: dict[str, list[int]]) -> None:
    """The snapshot's bands are cut on `base`: move to `day`'s band each member whose date lies between a band
    boundary on `base` and the same boundary on `day` (the only ones whose band can differ)."""
    selects, params = [], []
    for dim, band_list in BANDS.items():
        years = sorted({lo for _l, lo, _h in band_list} | {hi + 1 for _l, _lo, hi in band_list})
        for k in years:
            one, other = _years_ago(base, k), _years_ago(day, k)
            if one == other:
                continue
            selects.append(_WINDOW.format(dim=dim, expression=DATE_SQL[dim]))
            params += [min(one, other), max(one, other), base, base, low, high]
    if not selects:
        return
    cursor.execute(" UNION ALL ".join(selects), params)
    before, after = band_bounds(base), band_bounds(day)
    for dim, value in cursor.fetchall():
        old, new = band_of(before[dim], value), band_of(after[dim], value)
        if old != new:
            if old is not None:
                bands[dim][old] -= 1
            if new is not None:
                bands[dim][new] += 1


def _apply_between(cursor, base: dt.date, day: dt.date, low: str, high: str, counts, bands) -> None:
    """Take off the periods that cover `base` and not `day`, and add those that cover `day` and not `base`."""
    early, late = min(base, day), max(base, day)
    # Covering the earlier day only: ended between the two; covering the later only: began between the two.
    sign_ended, sign_began = (1, -1) if day < base else (-1, 1)
    sql = " UNION ALL ".join(
        [_BETWEEN.format(sign=sign_ended, where=_ENDED), _BETWEEN.format(sign=sign_began, where=_BEGAN)]
    )
    cursor.execute(sql, [low, high, early, late, early, low, high, early, late, late])
    bounds = band_bounds(day)
    for sign, status, *attributes in cursor.fetchall():
        for dim, value in keys(status, tuple(attributes), bounds):
            if dim in BANDS:
                bands[dim][int(value)] += sign
            else:
                counts[(dim, value)] = counts.get((dim, value), 0) + sign
