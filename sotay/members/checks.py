"""Rule checks on organisations and members that warn staff (they never block existing data)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.dates import add_months
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization, OrgFlag, OrgKind
from sotay.rules.registry import RuleMissing, rule_in_force, rule_value

from .choices import ACTIVE_STATUSES, MemberStatus
from .models import Member


def org_warnings(org: Organization) -> list[str]:
    """Rule checks shown on the organisation page (they warn; existing data is never blocked)."""
    warnings: list[str] = []
    if not org.is_cell or not org.is_active:
        return warnings
    counts = Member.objects.filter(organization=org).aggregate(
        official=Count("pk", filter=Q(status=MemberStatus.OFFICIAL)),
        active=Count("pk", filter=Q(status__in=ACTIVE_STATUSES)),
    )
    minimum = rule_in_force("cell_min_official_members")
    if counts["official"] < minimum.value:
        warnings.append(
            _("Chi bộ chỉ có %(n)s đảng viên chính thức, chưa đủ %(m)s theo %(doc)s: cấp ủy cấp trên cần xem xét.")
            % {"n": counts["official"], "m": minimum.value, "doc": minimum.document_reference}
        )
    if org.kind == OrgKind.BASE_CELL:
        limit = rule_in_force("base_cell_review_members")
        if counts["active"] >= limit.value:
            warnings.append(
                _("Chi bộ cơ sở có %(n)s đảng viên (từ %(m)s trở lên): xem xét thành lập đảng bộ cơ sở (%(doc)s).")
                % {"n": counts["active"], "m": limit.value, "doc": limit.document_reference}
            )
    return warnings


def review_base_cell_size(org_id: int, *, actor: Actor) -> str:
    """Raise (or resolve) the review flag of a chi bộ cơ sở by its active member count. The actor is the worker
    (policy.SEND_DEADLINE_REMINDERS: the flag reminds the committee to consider a đảng bộ cơ sở)."""
    actor.require(policy.SEND_DEADLINE_REMINDERS)
    org = Organization.objects.filter(pk=org_id, kind=OrgKind.BASE_CELL).first()
    if org is None:
        return "not a base cell"
    count = Member.objects.active().filter(organization=org).count()
    limit = rule_value("base_cell_review_members")
    with transaction.atomic():
        open_flag = OrgFlag.objects.select_for_update().filter(
            organization=org, kind=OrgFlag.Kind.BASE_CELL_OVER_LIMIT, resolved_at__isnull=True
        )
        if count >= limit and org.is_active:
            if not open_flag.exists():
                flag = OrgFlag.objects.create(
                    organization=org,
                    kind=OrgFlag.Kind.BASE_CELL_OVER_LIMIT,
                    message=_("%(o)s có %(n)s đảng viên: xem xét thành lập đảng bộ cơ sở.")
                    % {"o": org.name, "n": count},
                )
                log(AuditAction.CREATE, flag, organization=org, data={"members": count, "limit": limit}, by=actor)
            return "flagged"
        resolved = open_flag.update(resolved_at=timezone.now())
        if resolved:
            log(AuditAction.UPDATE, org, organization=org, data={"flag": "resolved", "members": count}, by=actor)
        return "clear"


@dataclass(frozen=True)
class ProbationDue:
    member: Member
    ends_on: dt.date


def probation_due(org: Organization, *, within_days: int = 30, on: dt.date | None = None) -> list[ProbationDue]:
    """Probationary members of a cell whose 12 months end within `within_days` (or have ended).

    The chi bộ must consider recognition within 30 working days after the 12 months
    (docs/rules/admission.md#công-nhận-đảng-viên-chính-thức).
    """
    on = on or timezone.localdate()
    due = []
    for member in Member.objects.filter(organization=org, status=MemberStatus.PROBATIONARY).order_by("joined_on"):
        try:
            ends_on = add_months(member.joined_on, rule_value("probation_months", member.joined_on))
        except RuleMissing:
            continue
        if ends_on <= on + dt.timedelta(days=within_days):
            due.append(ProbationDue(member, ends_on))
    return due
