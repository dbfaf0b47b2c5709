"""Late congress steps, flagged once each to the organisation's own committee and the committee above it (the
nearest ancestor with someone who may approve its elections). Run daily by the worker (tasks.daily_reminders)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.notifications.services import notify
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization, RoleGrant

from .models import StepProgress, StepStatus


def committee_above(org: Organization) -> list:
    """Active users holding the approving role on the nearest ancestor that has such grants."""
    roles = policy.roles_with(policy.APPROVE_ELECTIONS)
    node = org
    while node.depth > 1:
        node = Organization.objects.get_parent(node)
        users = {
            g.user
            for g in RoleGrant.objects.active()
            .filter(organization=node, role__in=roles, user__is_active=True)
            .select_related("user")
        }
        if users:
            return list(users)
    return []


def own_committee(org: Organization) -> list:
    roles = policy.roles_with(policy.MANAGE_CONGRESSES)
    grants = RoleGrant.objects.active().filter(organization=org, role__in=roles, user__is_active=True)
    return list({g.user for g in grants.select_related("user")})


def flag_late_steps(today: dt.date | None = None, *, actor: Actor) -> int:
    """Notify about each late step once (the step remembers the day it was flagged); returns the steps flagged. The
    actor is the worker (or an operator's command): policy.SEND_DEADLINE_REMINDERS."""
    actor.require(policy.SEND_DEADLINE_REMINDERS)
    today = today or timezone.localdate()
    count = 0
    pending = (
        StepProgress.objects.filter(late_reminded_on__isnull=True, congress__held_on__isnull=True)
        .exclude(status=StepStatus.DONE)
        .select_related("step", "congress", "congress__organization")
    )
    for progress in pending.iterator():
        if not progress.is_late(today):
            continue
        org = progress.congress.organization
        with transaction.atomic():
            updated = StepProgress.objects.filter(pk=progress.pk, late_reminded_on__isnull=True).update(
                late_reminded_on=today
            )
            if not updated:
                continue  # another worker got there first
            notify(
                committee_above(org) + own_committee(org),
                kind="congress.step_late",
                title=_("%(org)s chậm bước %(code)s chuẩn bị đại hội") % {"org": org.name, "code": progress.step.code},
                body=_("%(title)s — hạn %(due)s.")
                % {"title": progress.step.title, "due": f"{progress.deadline():%d/%m/%Y}"},
                url=reverse("congresses:congress", args=[progress.congress_id]),
                organization=org,
            )
            log(
                AuditAction.UPDATE,
                progress.congress,
                by=actor,
                data={"event": "congress.step_late", "step": progress.step.code},
            )
        count += 1
    return count
