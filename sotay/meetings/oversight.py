"""Alerts upward: a cell that held no regular meeting in a month is reported once to the committee above."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.notifications.services import notify
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import CELL_KINDS, Organization, RoleGrant

from .models import CellMeeting, MeetingSchedule, MissedMeetingAlert
from .stats import missed_cells


def committee_above(cell: Organization) -> list:
    """Users with meeting rights granted on the nearest ancestor that has such grants (the direct superior)."""
    roles = [r for r in policy.roles_with(policy.MANAGE_MEETINGS)]
    node = cell
    while node.depth > 1:
        node = Organization.objects.get_parent(node)
        grants = RoleGrant.objects.filter(organization=node, role__in=roles, user__is_active=True).select_related(
            "user"
        )
        users = list({g.user for g in grants})
        if users:
            return users
    return []


def cells_using_meetings(month: dt.date) -> set[int]:
    """Cells that keep their meetings in Sổ tay: an active schedule, or a meeting in the six months before `month`.

    Only these are reported when a month is missed: a cell not yet using the app says nothing about its meetings,
    and alerting about every such cell of a province during the roll-out would bury the real alerts.
    """
    since = (month - dt.timedelta(days=183)).replace(day=1)
    scheduled = MeetingSchedule.objects.filter(is_active=True).values_list("organization_id", flat=True)
    recent = CellMeeting.objects.filter(month__gte=since, month__lt=month).values_list("organization_id", flat=True)
    return set(scheduled) | set(recent)


def alert_missed_month(month: dt.date, *, actor: Actor) -> int:
    """Notify the committee above each cell (using meetings in Sổ tay) with no held regular or thematic meeting in
    `month`, once per cell and month. The actor is the worker (policy.SEND_DEADLINE_REMINDERS)."""
    actor.require(policy.SEND_DEADLINE_REMINDERS)
    count = 0
    using = cells_using_meetings(month)
    for root in Organization.objects.filter(depth=1):
        for cell in missed_cells(root, month):
            if cell.kind not in CELL_KINDS or cell.pk not in using:
                continue
            try:
                with transaction.atomic():
                    alert = MissedMeetingAlert.objects.create(organization=cell, month=month)
                    parent = Organization.objects.get_parent(cell)
                    notify(
                        committee_above(cell),
                        kind="meeting.missed",
                        title=_("%(c)s chưa sinh hoạt thường kỳ tháng %(m)s") % {"c": cell.name, "m": f"{month:%m/%Y}"},
                        body=_("Không có buổi sinh hoạt nào được ghi nhận đã tổ chức trong tháng."),
                        url=f"{reverse('meetings:oversight')}?org={parent.pk}&month={month:%Y-%m}",
                        organization=cell,
                    )
                    log(
                        AuditAction.CREATE,
                        alert,
                        organization=cell,
                        data={"month": month.isoformat()},
                        by=actor,
                    )
                    count += 1
            except IntegrityError:
                continue
    return count
