"""The daily reminder of inspection and supervision recommendations coming due (docs/discipline.md#kiểm-tra-giám-sát):
each open recommendation is reminded once, when it falls due within the lead time (or is already overdue and was
never reminded), to the body that keeps the inspection — the committee and its UBKT — not to the cell inspected.

The lead time is a Sổ tay default, not a regulation: the setting SOTAY_RECOMMENDATION_REMINDER_DAYS (7 days)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.notifications.services import notify
from sotay.orgs import policy
from sotay.orgs.actor import Actor

from .models import Recommendation

DEFAULT_LEAD_DAYS = 7


def lead_days() -> int:
    return int(getattr(settings, "SOTAY_RECOMMENDATION_REMINDER_DAYS", DEFAULT_LEAD_DAYS))


def send_due_reminders(on: dt.date | None = None, *, actor: Actor) -> int:
    """Remind each recommendation coming due once; the actor is the worker: policy.SEND_DEADLINE_REMINDERS."""
    actor.require(policy.SEND_DEADLINE_REMINDERS)
    on = on or timezone.localdate()
    items = Recommendation.objects.filter(
        done_on__isnull=True, reminded_on__isnull=True, due_on__lte=on + dt.timedelta(days=lead_days())
    ).select_related("inspection__organization", "inspection__subject_member", "inspection__subject_organization")
    sent = 0
    for item in items:
        with transaction.atomic():
            # Claim the item first, so two workers never remind it twice.
            if not Recommendation.objects.filter(pk=item.pk, reminded_on__isnull=True).update(reminded_on=on):
                continue
            org = item.inspection.organization
            users = policy.users_with_permission_for_org(policy.MANAGE_INSPECTION, org, levels_up=0)
            title = (
                _("Kiến nghị quá hạn (%(d)s): %(s)s") if item.due_on < on else _("Kiến nghị sắp đến hạn (%(d)s): %(s)s")
            )
            notify(
                users,
                kind="inspection.recommendation_due",
                title=title % {"d": f"{item.due_on:%d/%m/%Y}", "s": item.inspection.subject_name},
                body=_("%(t)s — thực hiện: %(a)s") % {"t": item.text[:200], "a": item.addressee},
                url=reverse("inspection:detail", args=[item.inspection_id]),
                organization=org,
            )
            sent += 1
    return sent
