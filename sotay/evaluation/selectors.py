"""Read-only queries: who is not yet evaluated, the grade roll-up of a subtree, the two-year KHTNV flag.

Aggregated in the database (docs/rules/organisation.md#quy-mô: lists page and filter on the server, reports aggregate in
the database).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, OuterRef, Q, Subquery

from sotay.members.models import Member
from sotay.orgs.models import Organization, ancestor_paths, child_path_expr, subtree_filter

from .grading import GRADE_ORDER
from .models import Evaluation, EvaluationCampaign, Grade, Period, Stage
from .subjects import members_in_scope, orgs_in_scope


def pending_members(campaign: EvaluationCampaign, org: Organization):
    """Members in `org`'s subtree the campaign covers without a decided grade, with the stage reached (or None)."""
    stage = Evaluation.objects.filter(campaign=campaign, member=OuterRef("pk")).values("stage")[:1]
    return (
        members_in_scope(org)
        .exclude(
            pk__in=Evaluation.objects.filter(campaign=campaign, stage=Stage.DECIDED, member__isnull=False).values(
                "member_id"
            )
        )
        .annotate(evaluation_stage=Subquery(stage))
        .select_related("organization")
        .order_by("organization__path", "name_sort_key")
    )


def pending_orgs(campaign: EvaluationCampaign, org: Organization):
    stage = Evaluation.objects.filter(campaign=campaign, subject_organization=OuterRef("pk")).values("stage")[:1]
    return (
        orgs_in_scope(campaign.organization, org)
        .exclude(
            pk__in=Evaluation.objects.filter(
                campaign=campaign, stage=Stage.DECIDED, subject_organization__isnull=False
            ).values("subject_organization_id")
        )
        .annotate(evaluation_stage=Subquery(stage))
        .order_by("path")
    )


def progress(campaign: EvaluationCampaign, org: Organization) -> dict[str, int]:
    """How many members of the subtree are covered, and how many reached each stage."""
    rows = dict(
        Evaluation.objects.filter(campaign=campaign, member__isnull=False)
        .filter(subtree_filter(org.path, "organization__path"))
        .values_list("stage")
        .annotate(n=Count("pk"))
    )
    total = members_in_scope(org).count()
    decided = rows.get(Stage.DECIDED, 0)
    return {
        "total": total,
        "self": rows.get(Stage.SELF, 0),
        "reviewed": rows.get(Stage.REVIEWED, 0),
        "decided": decided,
        "not_started": max(total - sum(rows.values()), 0),
        "pending": max(total - decided, 0),
    }


def percent(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal(0)
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class RollupRow:
    org: Organization | None  # None: the whole subtree
    label: str
    year: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def cells(self) -> list[tuple[int, Decimal]]:
        """(count, percent) per grade, best first."""
        return [(self.counts.get(g, 0), percent(self.counts.get(g, 0), self.total)) for g in GRADE_ORDER]


def grade_rollup(org: Organization, years: list[int], *, subject: str = "MEMBER") -> list[RollupRow]:
    """Decided grades per year for the subtree and for each organisation directly under it (yearly campaigns).

    Members are counted in the cell they were evaluated in; organisations by themselves.
    """
    decided = Evaluation.objects.filter(
        stage=Stage.DECIDED, campaign__period=Period.YEAR, campaign__year__in=years
    ).filter(subtree_filter(org.path, "organization__path"))
    decided = decided.of_members() if subject == "MEMBER" else decided.of_organizations().exclude(organization=org)
    children = list(Organization.objects.children_of(org).order_by("path"))
    by_child = (
        decided.annotate(prefix=child_path_expr(org, "organization__path"))
        .values("prefix", "campaign__year", "grade")
        .annotate(n=Count("pk"))
    )
    table: dict[tuple[str, int], dict[str, int]] = {}
    whole: dict[int, dict[str, int]] = {y: {} for y in years}
    for row in by_child:
        bucket = table.setdefault((row["prefix"], row["campaign__year"]), {})
        bucket[row["grade"]] = bucket.get(row["grade"], 0) + row["n"]
        totals = whole[row["campaign__year"]]
        totals[row["grade"]] = totals.get(row["grade"], 0) + row["n"]
    rows = [RollupRow(None, org.name, y, whole[y]) for y in sorted(years, reverse=True)]
    for child in children:
        for y in sorted(years, reverse=True):
            counts = table.get((child.path, y), {})
            if counts or y == max(years):
                rows.append(RollupRow(child, child.name, y, counts))
    return rows


def two_years_not_completed(org: Organization, year: int):
    """Members rated KHTNV in the yearly campaigns of `year` and `year - 1` (a xóa tên ground,
    docs/rules/discipline.md#hai-năm-liền-vi-phạm-tư-cách): a flag for the chi bộ to consider, nothing more."""

    def khtnv(y: int):
        return Evaluation.objects.filter(
            stage=Stage.DECIDED, grade=Grade.NOT_COMPLETED, campaign__period=Period.YEAR, campaign__year=y
        ).values("member_id")

    return (
        Member.objects.filter(subtree_filter(org.path, "organization__path"))
        .filter(pk__in=khtnv(year))
        .filter(pk__in=khtnv(year - 1))
        .select_related("organization")
        .order_by("name_sort_key")
    )


def campaigns_covering(org: Organization):
    """Campaigns whose subtree includes `org` (opened at it or above it) or lies inside it."""
    prefixes = ancestor_paths(org.path)
    return EvaluationCampaign.objects.filter(
        Q(organization__path__in=prefixes) | subtree_filter(org.path, "organization__path")
    ).select_related("organization")


def member_history(member: Member):
    """A member's evaluations over the years, newest first."""
    return (
        Evaluation.objects.filter(member=member)
        .select_related("campaign", "organization")
        .prefetch_related("steps")
        .order_by("-campaign__year", "-campaign__quarter")
    )


@dataclass
class YearProgressRow:
    org: Organization | None
    label: str
    members: int = 0
    self_assessed: int = 0
    reviewed: int = 0
    decided: int = 0

    @property
    def pending(self) -> int:
        return max(self.members - self.decided, 0)

    @property
    def decided_percent(self) -> Decimal:
        return percent(self.decided, self.members)


def year_progress(org: Organization, year: int) -> list[YearProgressRow]:
    """For a subtree and each organisation directly under it: members to grade and how far the yearly campaigns
    (whichever committee opened them) have come — the provincial overview of who is behind (two queries)."""
    children = list(Organization.objects.children_of(org).filter(valid_to__isnull=True).order_by("path"))
    members = (
        members_in_scope(org)
        .annotate(prefix=child_path_expr(org, "organization__path"))
        .values("prefix")
        .annotate(n=Count("pk"))
        .order_by()
    )
    stages = (
        Evaluation.objects.filter(member__isnull=False, campaign__period=Period.YEAR, campaign__year=year)
        .filter(subtree_filter(org.path, "organization__path"))
        .annotate(prefix=child_path_expr(org, "organization__path"))
        .values("prefix", "stage")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = {c.path: YearProgressRow(c, c.name) for c in children}
    whole = YearProgressRow(None, org.name)
    for r in members:
        whole.members += r["n"]
        if r["prefix"] in rows:
            rows[r["prefix"]].members += r["n"]
    field_of: dict[str, str] = {Stage.SELF: "self_assessed", Stage.REVIEWED: "reviewed", Stage.DECIDED: "decided"}
    for r in stages:
        name = field_of[r["stage"]]
        setattr(whole, name, getattr(whole, name) + r["n"])
        if r["prefix"] in rows:
            row = rows[r["prefix"]]
            setattr(row, name, getattr(row, name) + r["n"])
    return [whole, *(r for r in rows.values() if r.members)]
