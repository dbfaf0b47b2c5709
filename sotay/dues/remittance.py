"""Dues totals of a subtree for a month, and how the collected money is kept or passed up the tree
(docs/rules/dues.md#trích-nộp-giữa-các-cấp).

Collected money starts at the cell whose member paid. Each level keeps its share (`RemittanceShare` in force for
the month, by organisation kind) of what reaches it and passes the rest to the level above. With no shares entered
(the default, §16.7) only the totals are reported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from sotay.orgs.models import Organization, child_path_toward, parent_path, subtree_filter

from .models import DuesLiability, DuesPayment, RemittanceShare


@dataclass
class Line:
    organization: Organization
    due: int = 0
    paid: int = 0
    reaching: Decimal = Decimal(0)  # what reaches the report's organisation from this child's subtree

    @property
    def outstanding(self) -> int:
        return max(self.due - self.paid, 0)


@dataclass
class Totals:
    organization: Organization
    month: dt.date
    lines: list[Line]
    shares: dict[str, Decimal] | None
    own: Line  # money collected directly at the organisation (a cell's own members)

    @property
    def due(self) -> int:
        return self.own.due + sum(line.due for line in self.lines)

    @property
    def paid(self) -> int:
        return self.own.paid + sum(line.paid for line in self.lines)

    @property
    def reaching(self) -> Decimal:
        return self.own.reaching + sum((line.reaching for line in self.lines), Decimal(0))

    @property
    def kept(self) -> Decimal | None:
        if self.shares is None:
            return None
        return (self.reaching * self.shares.get(self.organization.kind, Decimal(0)) / 100).quantize(Decimal(1))

    @property
    def remitted(self) -> Decimal | None:
        kept = self.kept
        return None if kept is None else self.reaching - kept


def shares_in_force(month: dt.date) -> dict[str, Decimal] | None:
    """The kept percentage per organisation kind for the month; None when no share has been entered."""
    rows = RemittanceShare.objects.filter(effective_from__lte=month).order_by("kind", "-effective_from")
    shares: dict[str, Decimal] = {}
    for row in rows:
        shares.setdefault(row.kind, row.kept_percent)
    return shares or None


def _sum_by_path(model, org: Organization, month: dt.date) -> dict[str, int]:
    rows = (
        model.objects.filter(subtree_filter(org.path, "organization__path"), month=month)
        .values("organization__path")
        .annotate(total=Sum("amount"))
    )
    return {r["organization__path"]: r["total"] or 0 for r in rows}


def subtree_totals(org: Organization, month: dt.date) -> Totals:
    due, paid = _sum_by_path(DuesLiability, org, month), _sum_by_path(DuesPayment, org, month)
    shares = shares_in_force(month)
    kinds = dict(Organization.objects.in_subtree(org).values_list("path", "kind"))
    children = list(Organization.objects.children_of(org))
    lines = {c.path: Line(c) for c in children}
    own = Line(org)
    for path in set(due) | set(paid):
        line = lines.get(child_path_toward(path, org.path)) if path != org.path else own
        if line is None:  # a dissolved child not listed: fold it into the organisation's own line
            line = own
        line.due += due.get(path, 0)
        line.paid += paid.get(path, 0)
        amount = Decimal(paid.get(path, 0))
        if shares is not None:
            # Each level from the paying cell up to (not including) `org` keeps its share on the way.
            node = path
            while node != org.path:
                amount -= amount * shares.get(kinds.get(node, ""), Decimal(0)) / 100
                node = parent_path(node)
        line.reaching += amount
    return Totals(org, month, [lines[c.path] for c in children], shares, own)
