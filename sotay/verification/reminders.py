"""The daily reminder of overdue verification letters (docs/rules/cadres.md#thời-hạn-thẩm-tra): each overdue
letter is reminded once, to the verifying committee only (not the cell), without the person's details in the
notification text beyond the name."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.notifications.services import notify
from sotay.orgs import policy
from sotay.orgs.actor import Actor

from .models import Letter


def send_overdue_reminders(on: dt.date | None = None, *, actor: Actor) -> int:
    """Remind each overdue letter once; the actor is the worker: policy.SEND_DEADLINE_REMINDERS."""
    actor.require(policy.SEND_DEADLINE_REMINDERS)
    on = on or timezone.localdate()
    sent = 0
    letters = Letter.objects.filter(
        reply_on__isnull=True, reminded_on__isnull=True, due_on__lt=on, case__conclusion=""
    ).select_related("case__organization")
    for letter in letters:
        with transaction.atomic():
            # Claim the letter first, so two workers never remind it twice.
            if not Letter.objects.filter(pk=letter.pk, reminded_on__isnull=True).update(reminded_on=on):
                continue
            org = letter.case.organization
            users = policy.users_with_permission_for_org(policy.VERIFY_POLITICAL, org, levels_up=0)
            notify(
                users,
                kind="verification.overdue",
                title=_("Quá hạn trả lời công văn thẩm tra: %(n)s (hạn %(d)s)")
                % {"n": letter.case.full_name, "d": f"{letter.due_on:%d/%m/%Y}"},
                body=_("%(p)s — %(a)s") % {"p": letter.get_place_display(), "a": letter.addressee},
                url=reverse("verification:detail", args=[letter.case_id]),
                organization=org,
            )
            sent += 1
    return sent
