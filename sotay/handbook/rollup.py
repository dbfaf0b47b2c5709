"""Completion per organisation in a subtree ("83% of chi bộ X has read"), from receipt rows grouped by organisation."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from sotay.orgs.models import Organization, levels_below, path_within

from .audience import ancestor_paths


@dataclass
class Row:
    org: Organization
    total: int = 0
    done: int = 0
    depth: int = 0

    @property
    def pending(self) -> int:
        return self.total - self.done

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def ratio(self) -> float:
        return self.done / self.total if self.total else 0.0


def rollup(receipts, root: Organization, *, done: Q) -> list[Row]:
    """Rows for `root` and every organisation under it that has receipts (and the ones between), in tree order.

    `receipts` is a queryset of rows with an `organization`; `done` selects the finished ones.
    """
    grouped = receipts.values("organization__path").annotate(total=Count("pk"), done=Count("pk", filter=done))
    counts: dict[str, list[int]] = {}
    for g in grouped:
        for path in ancestor_paths(g["organization__path"]):
            if path_within(path, root.path):
                c = counts.setdefault(path, [0, 0])
                c[0] += g["total"]
                c[1] += g["done"]
    counts.setdefault(root.path, [0, 0])
    orgs = {o.path: o for o in Organization.objects.filter(path__in=list(counts))}
    return [
        Row(org=orgs[p], total=c[0], done=c[1], depth=min(levels_below(p, root.path), 3))
        for p, c in sorted(counts.items())
        if p in orgs
    ]
