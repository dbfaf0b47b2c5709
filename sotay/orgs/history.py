"""The organisation tree as it stood on a given day, from the effective-dated versions (OrgVersion).

Each organisation has one version per period of its name and parent; the tree of a day is the versions in force
that day, each under the parent it had then. A unit that no longer exists is labelled with the day it ended and
what it is part of now ("không còn từ 01/07/2025 · nay thuộc Đảng bộ xã X", or "nay là …" when its successor
was founded from it alone that day); a unit renamed since says its present name. The units are those of
`access.history_visible_to`: an actor sees the past units that are now inside their subtree, not another's.

Used by the tree page (web:org_as_of) and the API (GET /api/v1/orgs/tree?as_of=).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from sotay.lib.vntext import text_sort_key

from .access import history_visible_to
from .models import Organization, OrgVersion

MAX_SUCCESSIONS = 5  # how far a chain of mergers is followed to today's unit


@dataclass
class PastUnit:
    """One organisation on the day: its name and parent then, and what became of it."""

    org_id: int
    name: str
    kind: str
    code: str
    parent_id: int | None  # the parent shown that day (None: a top of the visible tree)
    depth: int = 1  # 1 for a top
    ended_on: dt.date | None = None
    note: str = ""
    children: list[PastUnit] = field(default_factory=list, repr=False)


@dataclass
class TreeAsOf:
    on: dt.date
    tops: list[PastUnit]
    by_id: dict[int, PastUnit]

    def __len__(self) -> int:
        return len(self.by_id)

    def walk(self):
        """Every unit, parents before their children, siblings by name."""
        stack = list(reversed(self.tops))
        while stack:
            unit = stack.pop()
            yield unit
            stack.extend(reversed(unit.children))


def _in_force(on: dt.date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=on)) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on))


def tree_as_of(user, on: dt.date) -> TreeAsOf:
    """The tree of `on` within what `user` may see of the history."""
    versions = list(
        OrgVersion.objects.filter(organization__in=history_visible_to(user))
        .filter(_in_force(on))
        .select_related("organization")
        .order_by("organization_id", "-valid_from")
    )
    seen: set[int] = set()
    units: dict[int, PastUnit] = {}
    parents: dict[int, int | None] = {}
    orgs: dict[int, Organization] = {}
    for v in versions:
        if v.organization_id in seen:  # two versions in force: the later one counts
            continue
        seen.add(v.organization_id)
        org = v.organization
        orgs[org.pk] = org
        units[org.pk] = PastUnit(org_id=org.pk, name=v.name, kind=v.kind, code=org.code, parent_id=None)
        parents[org.pk] = v.parent_id
    for pk, parent in parents.items():
        if parent in units:
            units[pk].parent_id = parent
            units[parent].children.append(units[pk])
    _label(units, orgs)
    tops = sorted((u for u in units.values() if u.parent_id is None), key=lambda u: text_sort_key(u.name))
    tree = TreeAsOf(on=on, tops=tops, by_id=units)
    for unit in units.values():
        unit.children.sort(key=lambda u: text_sort_key(u.name))
    for unit in tree.walk():
        if unit.parent_id is not None:
            unit.depth = units[unit.parent_id].depth + 1
    return tree


def _label(units: dict[int, PastUnit], orgs: dict[int, Organization]) -> None:
    """What became of each unit: ended (and what it belongs to now), renamed, or nothing to say."""
    ended = {pk: org for pk, org in orgs.items() if org.valid_to is not None}
    chain_ids = {org.successor_id for org in ended.values() if org.successor_id}
    successors: dict[int, Organization] = {}
    for _hop in range(MAX_SUCCESSIONS):
        missing = chain_ids - successors.keys()
        if not missing:
            break
        for org in Organization.objects.filter(pk__in=missing):
            successors[org.pk] = org
        chain_ids = {o.successor_id for o in successors.values() if o.successor_id and o.valid_to is not None}
    alone = set(
        Organization.objects.filter(successor_id__in=[org.successor_id for org in ended.values() if org.successor_id])
        .order_by()  # the manager's order by path would split the groups
        .values("successor_id")
        .annotate(n=Count("pk"))
        .filter(n=1)
        .values_list("successor_id", flat=True)
    )
    for pk, unit in units.items():
        org = orgs[pk]
        if org.valid_to is None:
            if unit.name != org.name:
                unit.note = _("nay là %(name)s") % {"name": org.name}
            continue
        unit.ended_on = org.valid_to
        gone = _("không còn từ %(day)s") % {"day": f"{org.valid_to:%d/%m/%Y}"}
        now = org.successor_id and successors.get(org.successor_id)
        hops = 0
        while now and now.valid_to is not None and now.successor_id and hops < MAX_SUCCESSIONS:
            now = successors.get(now.successor_id)
            hops += 1
        if not now:
            unit.note = gone
        elif hops == 0 and org.successor_id in alone and now.valid_from == org.valid_to:
            # founded from this unit alone on the day it ended: the same unit under a new name
            unit.note = gone + " · " + _("nay là %(name)s") % {"name": now.name}
        else:
            unit.note = gone + " · " + _("nay thuộc %(name)s") % {"name": now.name}
