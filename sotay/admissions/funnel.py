"""Member development against targets (NQ 21-NQ/TW; docs/rules/admission.md#chỉ-tiêu-phát-triển-đảng-viên): the funnel
of a subtree in a year.

The funnel counts what happened in the calendar year, by the date recorded on each step: candidates who finished
the awareness course, applications, cell resolutions that passed, admission decisions, ceremonies (members whose
ngày vào Đảng falls in the year, including those entered without a case) and recognitions as official members.
Counts are by the organisation the case or member belongs to now.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sotay.audit.log import actor as _user
from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.members.models import Member
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization, child_path_toward, subtree_filter

from . import steps
from .models import AdmissionStep, DevelopmentTarget

STAGES = [
    ("course", gettext_lazy("Học xong lớp nhận thức về Đảng")),
    ("applied", gettext_lazy("Có đơn xin vào Đảng")),
    ("cell_resolved", gettext_lazy("Chi bộ đề nghị kết nạp")),
    ("decided", gettext_lazy("Có quyết định kết nạp")),
    ("admitted", gettext_lazy("Đã kết nạp")),
    ("official", gettext_lazy("Chuyển đảng viên chính thức")),
]
_STEP_STAGE = {
    steps.COURSE: "course",
    steps.APPLICATION: "applied",
    steps.CELL_RESOLUTION: "cell_resolved",
    steps.DECISION: "decided",
}
FIRST_YEAR = 2000


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def funnel(org: Organization, year: int) -> dict[str, int]:
    start, end = _year_range(year)
    counts: dict[str, int] = dict.fromkeys((key for key, _label in STAGES), 0)
    rows = (
        AdmissionStep.objects.filter(
            subtree_filter(org.path, "case__organization__path"),
            form_code__in=list(_STEP_STAGE),
            done_on__range=(start, end),
        )
        .exclude(approved=False)
        .values_list("form_code", "case_id")
        .distinct()
    )
    by_stage = Counter(_STEP_STAGE[code] for code, _case in rows)
    members = Member.objects.filter(subtree_filter(org.path, "organization__path"))
    by_stage["admitted"] = members.filter(joined_on__range=(start, end)).count()
    by_stage["official"] = members.filter(official_on__range=(start, end)).count()
    for key in counts:
        counts[key] = by_stage.get(key, 0)
    return counts


@dataclass
class ChildProgress:
    organization: Organization
    target: int | None
    admitted: int

    @property
    def percent(self) -> int | None:
        return round(self.admitted * 100 / self.target) if self.target else None


def children_progress(org: Organization, year: int) -> list[ChildProgress]:
    """Each direct child's target and members admitted in the year within its subtree."""
    start, end = _year_range(year)
    children = list(Organization.objects.children_of(org).filter(valid_to__isnull=True))
    targets = dict(
        DevelopmentTarget.objects.filter(organization__in=children, year=year).values_list("organization_id", "target")
    )
    paths = Member.objects.filter(
        subtree_filter(org.path, "organization__path"), joined_on__range=(start, end)
    ).values_list("organization__path", flat=True)
    admitted = Counter(child_path_toward(p, org.path) for p in paths if p != org.path)
    return [ChildProgress(c, targets.get(c.pk), admitted.get(c.path, 0)) for c in children]


def target_of(org: Organization, year: int) -> int | None:
    return DevelopmentTarget.objects.filter(organization=org, year=year).values_list("target", flat=True).first()


MAX_TARGET = 1_000_000  # more than the members of any province: a larger number is a typing error


@transaction.atomic
def set_target(
    *, organization: Organization, year: int, target: int, actor: Actor, note: str = ""
) -> DevelopmentTarget:
    """Give an organisation its admission target for a year (the committee above decides; the view checks it)."""
    actor.require(policy.CHANGE_STATUS, organization)
    errors = {}
    if not FIRST_YEAR <= year <= dt.date.today().year + 5:
        errors["year"] = _("Năm không hợp lệ.")
    if target is None or target < 0:
        errors["target"] = _("Chỉ tiêu phải là số không âm.")
    elif target > MAX_TARGET:
        errors["target"] = _("Chỉ tiêu %(t)s quá lớn (tối đa %(m)s).") % {"t": target, "m": MAX_TARGET}
    if errors:
        raise ValidationError(errors)
    row, created = DevelopmentTarget.objects.select_for_update().get_or_create(
        organization=organization, year=year, defaults={"target": target, "note": note, "set_by": _user(actor)}
    )
    before = None if created else row.target
    if not created:
        row.target, row.note, row.set_by = target, note, _user(actor)
        row.save(update_fields=["target", "note", "set_by"])
    log(
        AuditAction.CREATE if created else AuditAction.UPDATE,
        row,
        by=actor,
        organization=organization,
        data={"year": year, "target": target, "before": before},
    )
    return row
