"""Statistics counts per organisation subtree and dimension (docs/decisions/0009-statistics-counts.md).

A `StatCount` row says how many members of the organisations below one organisation (its subtree without itself)
have one value of one dimension. An organisation's own members — a cell's, nearly always — are counted when its
statistics are read (`own`): a cell holds a few dozen members, whose rows would be about one count per member and
date, more than half of every row an import writes, and reading them directly is as quick (docs/decisions/0015).

- kind "c": the members' current cell and status (what today's statistics count);
- kind "h": the members' open periods (`MemberPeriod` without an end), stored as their difference from kind "c"
  (open periods minus members; nearly always none: a member's open period is their current cell and status unless a
  change is dated ahead), from which, added to "c", `sotay.members.stats` rebuilds a
  past day by undoing the periods that began or ended after it.

Dimensions: "s" status (every member), and for active members only "a" (the total, value ""), "g" gender, "b" birth
date, "p" the day Party age counts from, "e" ethnicity, "r" religion, "d" professional education, "t" political
theory. Dates are kept whole (ISO text), so age and Party-age bands are cut at query time on any day; "B" and "P" count
the same dates by month ("YYYY-MM"), so that a band is read from a few hundred month rows and the day rows of the
months its boundaries fall in, not from every day (`sotay.members.stats`).

Every service that writes members or their periods wraps the write in `tracking(member_ids)` (or calls `added`
for new members): the members' share of the counts is read before and after, and the difference is added in the
same transaction, so a rolled-back write leaves no count. `recompute` rebuilds the counts from scratch in SQL,
independently of that bookkeeping; `sotay stats-verify` compares the two.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection, connections
from django.db.models import QuerySet

from sotay.lib import pgsettings
from sotay.orgs.models import Organization, ancestor_paths, depth_of, path_length, subtree_bounds

from . import periods, snapshots, upsert
from .choices import ACTIVE_STATUSES
from .models import Member, MemberPeriod, StatCount
from .querysets import PARTY_SINCE

ATTRIBUTE_DIMS = ("g", "b", "p", "e", "r", "d", "t")
ATTRIBUTE_FIELDS = (
    "gender",
    "birth_on",
    "party_since",
    "ethnicity",
    "religion",
    "professional_education",
    "political_theory",
)
# The same attributes as SQL over members_member m (used by `recompute` and by the past-day correction).
ATTRIBUTE_SQL = (
    "m.gender",
    "CAST(m.birth_on AS VARCHAR(16))",
    "CAST(COALESCE(m.party_age_from, m.admission_decision_on, m.joined_on) AS VARCHAR(16))",
    "m.ethnicity",
    "m.religion",
    "m.professional_education",
    "m.political_theory",
)
# The date dimensions also counted by month: dimension -> its month dimension.
MONTH_DIMS = {"b": "B", "p": "P"}
ACTIVE_SQL = ", ".join(f"'{s.value}'" for s in ACTIVE_STATUSES)
CHUNK = 2000

Key = tuple[int, str, str, str]  # organization id, kind ("c", "h", or a snapshot's ISO day), dimension, value


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def keys(status: str, attributes: Iterable) -> list[tuple[str, str]]:
    """The (dimension, value) pairs one member or period adds to the counts."""
    found = [("s", status)]
    if status in ACTIVE_STATUSES:
        found.append(("a", ""))
        values = [(d, text(v)) for d, v in zip(ATTRIBUTE_DIMS, attributes, strict=True)]
        found += values
        found += [(MONTH_DIMS[d], v[:7]) for d, v in values if d in MONTH_DIMS]
    return found


class _Ancestry:
    """Organisation ids of a path and of every node above it, looked up once per path."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def load(self, paths: Iterable[str]) -> None:
        wanted = {p for path in paths for p in ancestor_paths(path)} - self.ids.keys()
        for chunk in _chunks(sorted(wanted)):
            self.ids.update(Organization.objects.filter(path__in=chunk).values_list("path", "pk"))

    def of(self, path: str) -> list[int]:
        return [self.ids[p] for p in ancestor_paths(path) if p in self.ids]

    def above(self, path: str) -> list[int]:
        """The organisations strictly above the one at `path`: those whose counts hold its members."""
        return [self.ids[p] for p in ancestor_paths(path)[:-1] if p in self.ids]


def _chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def contributions(member_ids: Iterable[int]) -> Counter[Key]:
    """What these members add to the counts now, as read from their rows and open periods."""
    total: Counter[Key] = Counter()
    ancestry = _Ancestry()
    for chunk in _chunks(sorted(set(member_ids))):
        members = list(
            Member.objects.filter(pk__in=chunk)
            .annotate(party_since=PARTY_SINCE)
            .values_list("pk", "organization__path", "status", *ATTRIBUTE_FIELDS)
        )
        opened = list(
            MemberPeriod.objects.filter(member_id__in=chunk, valid_to__isnull=True).values_list(
                "member_id", "organization__path", "status"
            )
        )
        ancestry.load([row[1] for row in members] + [row[1] for row in opened])
        attributes = {row[0]: row[3:] for row in members}
        for _pk, path, status, *values in members:
            for org in ancestry.above(path):
                for dim, value in keys(status, values):
                    total[(org, "c", dim, value)] += 1
                    total[(org, "h", dim, value)] -= 1  # "h" is stored as the open periods' difference from "c"
        for member_id, path, status in opened:
            for org in ancestry.above(path):
                for dim, value in keys(status, attributes[member_id]):
                    total[(org, "h", dim, value)] += 1
        # And to the snapshots of past days (kind: the snapshot's ISO day), from all their periods.
        total.update(snapshots.contributions(chunk, attributes, ancestry))
    return total


def difference(after: Counter[Key], before: Counter[Key]) -> dict[Key, int]:
    return {k: n for k in after.keys() | before.keys() if (n := after.get(k, 0) - before.get(k, 0))}


def apply(delta: dict[Key, int]) -> None:
    """Add `delta` to the stored counts (one upsert per key, in key order so concurrent writers lock alike); keys of
    a day's kind go to the snapshots."""
    rows = [(*key, n) for key, n in sorted(delta.items()) if n and len(key[1]) == 1]
    snapshots.apply([(*key, n) for key, n in delta.items() if n and len(key[1]) > 1])
    upsert.add(
        "members_statcount",
        ("organization_id", "kind", "dim", "value", "n"),
        ("bigint", "text", "text", "text", "integer"),
        rows,
    )


class NewMembers:
    """The snapshot shares of members registered in bulk, gathered from the rows as they are written (the import's
    apply, chunk by chunk), so that `added_in_bulk` need not read the members and their periods back. Only for
    members whose periods are still those `periods.open_first` opened."""

    def __init__(self) -> None:
        self.shares = snapshots.Shares()
        self.ancestry = _Ancestry()
        self.paths: dict[int, str] = {}

    def add(self, members: list[Member]) -> None:
        if not self.shares.days:
            return
        if missing := {m.organization_id for m in members} - self.paths.keys():
            self.paths.update(Organization.objects.filter(pk__in=missing).values_list("pk", "path"))
            self.ancestry.load([self.paths[pk] for pk in missing])
        texts = {
            m.pk: tuple(
                text(v)
                for v in (
                    m.gender,
                    m.birth_on,
                    m.party_age_from or m.admission_decision_on or m.joined_on,  # as querysets.PARTY_SINCE
                    m.ethnicity,
                    m.religion,
                    m.professional_education,
                    m.political_theory,
                )
            )
            for m in members
        }
        self.shares.add(
            [
                (self.paths[m.organization_id], status, start, end, texts[m.pk])
                for m, start, end, status in periods.first_periods(members)
            ],
            self.ancestry,
        )


def added_in_bulk(member_ids: QuerySet, new: NewMembers | None = None) -> None:
    """Count many members just created (with their periods) in the database itself: kinds "c" and "h" in one
    ``INSERT … SELECT … ON CONFLICT`` that adds the members' share, keys in the same order as `apply` (so
    concurrent writers lock alike); the snapshots of past days from the members' periods as spans of days
    (`snapshots.Shares`).

    `member_ids`: a ``values_list("…", flat=True)`` query of the members' ids; `new`, when given, their snapshot
    shares gathered as they were written (`NewMembers`), instead of reading them back. The same counts as
    ``added(ids)``;
    the import's apply uses it: a 100,000-row batch adds about 700,000 keys, too many to hold in memory and
    upsert one by one."""
    sql, params = member_ids.query.sql_with_params()
    # The members (kind "c") and their open periods (kind "h") read once each; each organisation strictly above
    # their cells (`above`: cell, organisation) listed once; then per kind and dimension, counted per cell first,
    # and those counts summed into every organisation above.
    member_columns = ", ".join(f"m.{name}" for name in _MEMBER_COLUMNS)
    top = max(Organization.objects.values_list("depth", flat=True), default=0)
    levels = list(range(1, top + 1))
    above = " UNION ALL ".join(
        "SELECT c.cell, anc.id AS org FROM cells c JOIN orgs_organization anc ON anc.path = SUBSTR(c.path, 1, %s) "
        "WHERE c.depth > %s"
        for _level in levels
    )
    added = (
        f"WITH added_c AS MATERIALIZED (SELECT m.id AS member, m.status, {member_columns}, m.organization_id AS cell "
        f"FROM members_member m WHERE m.id IN ({sql})), "
        # Each open period marked plain when it is its member's only one and their cell and status (so are all of an
        # import's): a plain member's share of "h" is none, so "h" is counted from the others only. (A window, not a
        # join: the planner, whose statistics do not yet know the rows just inserted, must not loop over them.)
        f"added_h AS MATERIALIZED (SELECT q.member_id AS member, q.status, {member_columns}, "
        "q.organization_id AS cell, CASE WHEN q.organization_id = m.organization_id AND q.status = m.status "
        "AND COUNT(*) OVER (PARTITION BY q.member_id) = 1 THEN 1 ELSE 0 END AS plain "
        f"FROM members_memberperiod q JOIN members_member m ON m.id = q.member_id "
        f"WHERE q.valid_to IS NULL AND m.id IN ({sql})), "
        "other_c AS MATERIALIZED (SELECT * FROM added_c "
        "WHERE member NOT IN (SELECT member FROM added_h WHERE plain = 1)), "
        "other_h AS MATERIALIZED (SELECT * FROM added_h WHERE plain = 0), "
        "cells AS MATERIALIZED (SELECT o.id AS cell, o.path, o.depth FROM orgs_organization o "
        "WHERE o.id IN (SELECT cell FROM added_c UNION SELECT cell FROM added_h)), "
        f"above AS MATERIALIZED ({above}) "
    )
    selects = []
    for dim, expression in _dims():
        active = "" if dim == "s" else f" WHERE m.status IN ({ACTIVE_SQL})"
        per_cell = (
            f"SELECT m.cell, COALESCE({expression or 'm.status'}, '') AS value, {{sign}}COUNT(*) AS n "
            f"FROM {{rows}} m{active} GROUP BY 1, 2"
        )
        # "c": the members; "h": the open periods minus the members, of the members not plain.
        for kind, cells in (
            ("c", per_cell.format(sign="", rows="added_c")),
            ("h", f"{per_cell.format(sign='', rows='other_h')} UNION ALL {per_cell.format(sign='-', rows='other_c')}"),
        ):
            selects.append(
                f"SELECT a.org AS org, '{kind}' AS kind, '{dim}' AS dim, g.value AS value, SUM(g.n) AS n "
                f"FROM ({cells}) g JOIN above a ON a.cell = g.cell GROUP BY 1, 4"
            )
    collate = ' COLLATE "C"' if connection.vendor == "postgresql" else ""
    order = f"org, kind{collate}, dim{collate}, value{collate}"
    # On PostgreSQL, sorted and grouped in memory (the default 4 MB sent the sort of an import's 700,000 keys to disk).
    with connection.cursor() as cursor, pgsettings.setting(cursor, "work_mem", "128MB"):
        cursor.execute(
            "INSERT INTO members_statcount (organization_id, kind, dim, value, n) "
            f"{added}SELECT org, kind, dim, value, n FROM ({' UNION ALL '.join(selects)}) added WHERE n <> 0 "
            f"ORDER BY {order} "
            "ON CONFLICT (organization_id, kind, dim, value) DO UPDATE SET n = members_statcount.n + excluded.n",
            [*params, *params, *(p for level in levels for p in (path_length(level), level))],
        )
    # The snapshots of past days: the members' periods counted as spans of days (`Shares`), read in chunks unless
    # gathered as they were written.
    if new is not None:
        snapshots.apply([(*key, n) for key, n in new.shares.rows()])
        return
    shares = snapshots.Shares()
    if not shares.days:
        return
    ancestry = _Ancestry()
    for chunk in _chunks(sorted(member_ids)):
        attributes = {
            row[0]: row[1:]
            for row in Member.objects.filter(pk__in=chunk)
            .annotate(party_since=PARTY_SINCE)
            .values_list("pk", *ATTRIBUTE_FIELDS)
        }
        shares.add(snapshots.member_periods(chunk, attributes, ancestry), ancestry)
    snapshots.apply([(*key, n) for key, n in shares.rows()])


def added(member_ids: Iterable[int]) -> None:
    """Count members just created (with their periods)."""
    apply(dict(contributions(member_ids)))


_tracked = threading.local()


@contextmanager
def tracking(member_ids: Iterable[int]) -> Iterator[None]:
    """Keep the counts right across a write to these members or their periods (inside the write's transaction).

    Nested calls (a service calling another) count each member once, in the outermost call that tracks it.
    """
    busy: set[int] = getattr(_tracked, "ids", set())
    ids = sorted(set(member_ids) - busy)
    before = contributions(ids)
    _tracked.ids = busy | set(ids)
    try:
        yield
    finally:
        _tracked.ids = busy
    apply(difference(contributions(ids), before))


def subtree_moved(org_id: int, old_path: str, new_path: str) -> None:
    """Move an organisation's counts from the organisations above its old place to those above its new one.

    What moves is the organisation's rows (the members below it) and its own members' share (`own`); the moved
    subtree's rows do not change: they count the same members.
    """
    snapshots.dropped_by_move(old_path, new_path)
    old_above = set(ancestor_paths(old_path)[:-1])
    new_above = set(ancestor_paths(new_path)[:-1])
    rows: Counter[tuple[str, str, str]] = Counter()
    stored_rows = StatCount.objects.filter(organization_id=org_id).values_list("kind", "dim", "value", "n")
    for kind, dim, value, n in stored_rows:
        rows[(kind, dim, value)] += n
    for dim, value, n in own([org_id], "c"):
        rows[("c", dim, value)] += n
        rows[("h", dim, value)] -= n  # "h" as stored: the open periods' difference from "c"
    for dim, value, n in own([org_id], "h"):
        rows[("h", dim, value)] += n
    moved = {key: n for key, n in rows.items() if n}
    if not moved:
        return
    delta: Counter[Key] = Counter()
    targets = dict(Organization.objects.filter(path__in=old_above ^ new_above).values_list("path", "pk"))
    for path, pk in targets.items():
        sign = 1 if path in new_above else -1
        for (kind, dim, value), n in moved.items():
            delta[(pk, kind, dim, value)] += sign * n
    apply(dict(delta))


# An organisation's own members ------------------------------------------------------------------------------------

_OWN_SOURCES = {
    "c": ("members_member m", "m.organization_id", "m.status", ""),
    "h": (
        "members_memberperiod q JOIN members_member m ON m.id = q.member_id",
        "q.organization_id",
        "q.status",
        " AND q.valid_to IS NULL",
    ),
}


def own(org_ids: list[int], source: str, *, months: bool = True, using: str = "default") -> list[tuple[str, str, int]]:
    """(dimension, value, n) of the members directly in these organisations (summed), which no stored count holds:
    `source` "c" their members, "h" the open periods there (whole, not as a difference). `months=False` leaves out
    the month dimensions ("B", "P"), which the statistics read only from stored counts."""
    if not org_ids:
        return []
    table, column, status, where = _OWN_SOURCES[source]
    within = ", ".join(["%s"] * len(org_ids))
    selects, params = [], []
    for dim, expression in _dims():
        if not months and dim in MONTH_DIMS.values():
            continue
        active = "" if dim == "s" else f" AND {status} IN ({ACTIVE_SQL})"
        selects.append(
            f"SELECT '{dim}' AS dim, COALESCE({expression or status}, '') AS value, COUNT(*) AS n FROM {table} "
            f"WHERE {column} IN ({within}){where}{active} GROUP BY 2"
        )
        params += org_ids
    with connections[using].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        return [(dim, text(value), int(n)) for dim, value, n in cursor.fetchall()]


# Rebuilding from scratch, in SQL ---------------------------------------------------------------------------------

_SOURCES = {
    "c": ("members_member m JOIN orgs_organization o ON o.id = m.organization_id", "m.status", "1 = 1"),
    "h": (
        "members_memberperiod q JOIN members_member m ON m.id = q.member_id "
        "JOIN orgs_organization o ON o.id = q.organization_id",
        "q.status",
        "q.valid_to IS NULL",
    ),
}


# The member columns that ATTRIBUTE_SQL reads.
_MEMBER_COLUMNS = (
    "gender",
    "birth_on",
    "party_age_from",
    "admission_decision_on",
    "joined_on",
    "ethnicity",
    "religion",
    "professional_education",
    "political_theory",
)


def _dims() -> list[tuple[str, str | None]]:
    """Each dimension and its SQL over ``m`` (None: the status)."""
    dims: list[tuple[str, str | None]] = [("s", None), ("a", "''"), *zip(ATTRIBUTE_DIMS, ATTRIBUTE_SQL, strict=True)]
    return dims + [(MONTH_DIMS[d], f"SUBSTR({sql}, 1, 7)") for d, sql in dims if d in MONTH_DIMS and sql]


def _recompute_selects(path: str = "") -> list[tuple[str, list]]:
    """SELECT statements giving (organization_id, kind, dim, value, n), named (org, kind, dim, value, n), for every
    organisation in the subtree at `path` (all when empty), straight from the members and periods."""
    orgs = Organization.objects.all()
    within, bounds = "", []
    if path:
        low, high = subtree_bounds(path)
        orgs = orgs.filter(path__gte=low, path__lte=high)
        within, bounds = " AND o.path >= %s AND o.path <= %s", [low, high]
    top = max(orgs.values_list("depth", flat=True), default=0)
    first = depth_of(path) if path else 1
    selects = []
    for kind, (source, status, where) in _SOURCES.items():
        for level in range(max(first, 1), top + 1):
            for dim, expression in _dims():
                value = f"COALESCE({expression or status}, '')"
                active = "" if dim == "s" else f" AND {status} IN ({ACTIVE_SQL})"
                selects.append(
                    (
                        f"SELECT anc.id AS org, '{kind}' AS kind, '{dim}' AS dim, {value} AS value, COUNT(*) AS n "
                        f"FROM {source} "
                        "JOIN orgs_organization anc ON anc.path = SUBSTR(o.path, 1, %s) "
                        f"WHERE {where}{active} AND o.depth > %s{within} "
                        "GROUP BY 1, 4",
                        [path_length(level), level, *bounds],
                    )
                )
    return selects


def recompute(org: Organization | None = None) -> dict[Key, int]:
    """The counts of every organisation in `org`'s subtree (all organisations when None), from scratch: kind "h" as
    stored, the open periods' difference from "c"."""
    found: Counter[Key] = Counter()
    with connection.cursor() as cursor:
        for sql, params in _recompute_selects(org.path if org else ""):
            cursor.execute(sql, params)
            for pk, kind, dim, value, n in cursor.fetchall():
                found[(pk, kind, dim, text(value))] += n
                if kind == "c":
                    found[(pk, "h", dim, text(value))] -= n
    return {key: n for key, n in found.items() if n}


def stored(org: Organization | None = None) -> dict[Key, int]:
    rows = StatCount.objects.exclude(n=0)
    if org is not None:
        low, high = subtree_bounds(org.path)
        rows = rows.filter(organization__path__gte=low, organization__path__lte=high)
    fields = ("organization_id", "kind", "dim", "value", "n")
    return {(pk, kind, dim, value): n for pk, kind, dim, value, n in rows.values_list(*fields)}


def rebuild(org: Organization | None = None) -> None:
    """Replace the stored counts of `org`'s subtree (everything when None) by `recompute`'s, in SQL."""
    rows = StatCount.objects.all()
    if org is not None:
        low, high = subtree_bounds(org.path)
        rows = StatCount.objects.filter(
            organization_id__in=Organization.objects.filter(path__gte=low, path__lte=high).values("pk")
        )
    rows.delete()
    selects = _recompute_selects(org.path if org else "")
    with connection.cursor() as cursor:
        for sql, params in selects:
            cursor.execute(f"INSERT INTO members_statcount (organization_id, kind, dim, value, n) {sql}", params)
        # "h" as stored: the open periods minus the members.
        for sql, params in selects:
            if "'c' AS kind" in sql:
                cursor.execute(
                    "INSERT INTO members_statcount (organization_id, kind, dim, value, n) "
                    f"SELECT org, 'h', dim, value, -n FROM ({sql}) members WHERE n <> 0 "
                    "ON CONFLICT (organization_id, kind, dim, value) "
                    "DO UPDATE SET n = members_statcount.n + excluded.n",
                    params,
                )
    rows.filter(kind="h", n=0).delete()
