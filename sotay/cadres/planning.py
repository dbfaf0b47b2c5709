"""A cadre plan's review: people per post, their age and qualifications on the first day of the term, warnings,
structure figures and training needs (docs/rules/cadres.md#quy-hoạch-cán-bộ).

The ratio of planned people per post and the structure target are rules with their source in the rules registry
(`cadre_plan_min_per_post`, `cadre_plan_max_per_post`, `cadre_structure_under_40_percent`), "cần đối chiếu".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from sotay.lib.dates import add_months
from sotay.lib.vntext import name_sort_key
from sotay.rules.registry import RuleMissing, rule_value

from . import standards
from .models import CadrePlan, PlanEntry, Position


def per_post_bounds(on: dt.date) -> tuple[int, int]:
    """50-QĐ/TW (quy hoạch cán bộ), cần đối chiếu: 2 to 3 planned people per post."""
    try:
        return int(rule_value("cadre_plan_min_per_post", on)), int(rule_value("cadre_plan_max_per_post", on))
    except RuleMissing:
        return 2, 3


def ratio_warning(planned: int, posts: int, low: int, high: int) -> str:
    """The warning for `planned` people on `posts` posts, or "" when the ratio is within [low, high] per post."""
    if planned < low * posts:
        return _("Thiếu người quy hoạch: %(n)s người cho %(p)s vị trí (tối thiểu %(l)s người/vị trí).") % {
            "n": planned,
            "p": posts,
            "l": low,
        }
    if planned > high * posts:
        return _("Vượt số người quy hoạch: %(n)s người cho %(p)s vị trí (tối đa %(h)s người/vị trí).") % {
            "n": planned,
            "p": posts,
            "h": high,
        }
    return ""


@dataclass
class Row:
    entry: PlanEntry
    age_months: int
    check: standards.Check

    @property
    def member(self):
        return self.entry.member

    @property
    def age_years(self) -> int:
        return self.age_months // 12


@dataclass
class PositionBlock:
    position: Position
    rows: list[Row] = field(default_factory=list)
    warning: str = ""


@dataclass
class Review:
    plan: CadrePlan
    blocks: list[PositionBlock]
    warnings: list[str]
    people: int
    women: int
    under_40: int
    minorities: int
    under_40_target: int | None

    def percent(self, part: int) -> str:
        return f"{part * 100 / self.people:.1f}".replace(".", ",") + "%" if self.people else "—"


def active_entries(plan: CadrePlan):
    return (
        plan.entries.filter(removed_on__isnull=True)
        .select_related("member", "member__organization", "position")
        .order_by("position__order", "position_id")
    )


def review(plan: CadrePlan) -> Review:
    on = plan.term_starts_on
    low, high = per_post_bounds(on)
    positions = list(Position.objects.filter(organization=plan.organization).order_by("order", "id"))
    blocks = {p.pk: PositionBlock(p) for p in positions}
    for entry in active_entries(plan):
        block = blocks.setdefault(entry.position_id, PositionBlock(entry.position))
        block.rows.append(
            Row(
                entry,
                standards.age_in_months(entry.member.birth_on, on),
                standards.check(entry.member, entry.position, on),
            )
        )
    warnings: list[str] = []
    for block in blocks.values():
        block.rows.sort(key=lambda r: name_sort_key(r.member.full_name))
        block.warning = ratio_warning(len(block.rows), block.position.posts, low, high)
        if block.warning:
            warnings.append(f"{block.position.title}: {block.warning}")
        for row in block.rows:
            for gap in row.check.gaps:
                if gap.key in ("age", "theory", "education", "party_age", "prior"):
                    warnings.append(f"{row.member.full_name} ({block.position.title}): {gap.text}")
    people = {row.member.pk: row.member for b in blocks.values() for row in b.rows}
    forty = add_months(on, -40 * 12)
    try:
        target = int(rule_value("cadre_structure_under_40_percent", on))
    except RuleMissing:
        target = None
    result = Review(
        plan=plan,
        blocks=list(blocks.values()),
        warnings=warnings,
        people=len(people),
        women=sum(m.gender == "F" for m in people.values()),
        under_40=sum(m.birth_on > forty for m in people.values()),
        minorities=sum(m.ethnicity != "01" for m in people.values()),
        under_40_target=target,
    )
    if target is not None and result.people and result.under_40 * 100 < target * result.people:
        warnings.append(
            _("Cán bộ dưới 40 tuổi chiếm %(p)s, thấp hơn mục tiêu %(t)s%%.")
            % {"p": result.percent(result.under_40), "t": target}
        )
    return result


@dataclass
class Need:
    label: str
    by_year: int
    people: list = field(default_factory=list)


def training_needs(plan: CadrePlan) -> list[Need]:
    """What planned people lack for their positions' standards, by level, due the year before the term starts
    ("3 người cần trung cấp lý luận chính trị trước năm 2029")."""
    from sotay.members.choices import PoliticalTheory, ProfessionalEducation

    grouped: dict[str, Need] = {}
    seen: dict[str, set[int]] = defaultdict(set)
    by_year = plan.term_start - 1
    for row in (r for b in review(plan).blocks for r in b.rows):
        for gap in row.check.gaps:
            if gap.key == "theory":
                label = _("Lý luận chính trị: %(l)s") % {"l": PoliticalTheory(gap.needs).label}
            elif gap.key == "education":
                label = _("Chuyên môn: %(l)s") % {"l": ProfessionalEducation(gap.needs).label}
            else:
                continue
            need = grouped.setdefault(label, Need(label, by_year))
            if row.member.pk not in seen[label]:
                seen[label].add(row.member.pk)
                need.people.append(row.member)
    for need in grouped.values():
        need.people.sort(key=lambda m: name_sort_key(m.full_name))
    return sorted(grouped.values(), key=lambda n: n.label)
