"""Deadline reminders for the lifecycle procedures (docs/rules/working-days.md#các-thời-hạn-tính-bằng-ngày-làm-việc),
sent once each by the daily task.

- Admission: the 9-KNĐ decision within 60 working days of the cell's resolution, the ceremony within 30 working
  days of the decision — reminded a few working days ahead and again when overdue.
- Probation: the 12 months end (the cell prepares recognition) and, 30 working days later, the cell's
  consideration is overdue.
- Transfers: the letter not presented within 30 working days, or an official transfer not completed in 60.

Each reminder goes to those who act on it — the cell's chi ủy and the committee directly above — through
`notify()`, and is recorded in `ReminderSent` under a key naming the object and the deadline, so a reminder is
never repeated, and a moved deadline is reminded afresh.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.lib.dates import add_months
from sotay.members.choices import MemberStatus
from sotay.members.models import Member
from sotay.members.transfers import overdue_transfers
from sotay.notifications.services import notify
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization
from sotay.rules.calendar import add_working_days
from sotay.rules.registry import RuleMissing, rule_value

from .models import (
    CLOSED_STAGES,
    RECOGNITION_CLOSED,
    AdmissionCase,
    RecognitionCase,
    RecognitionStage,
    ReminderSent,
)

AHEAD_WORKING_DAYS = 5  # an admission deadline is reminded this many working days before it
PROBATION_AHEAD_DAYS = 30
# docs/rules/admission.md#công-nhận-đảng-viên-chính-thức: the chi bộ considers recognition within 30 working days
RECOGNITION_WORKING_DAYS = 30


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _send(key: str, org: Organization, *, title: str, body: str, url: str, on: dt.date) -> bool:
    """Notify the people who act for `org`, once per key."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(key=key[:120], sent_on=on)
            users = policy.users_with_permission_for_org(policy.CHANGE_MEMBERS, org, levels_up=1)
            notify(users, kind="lifecycle.deadline", title=title, body=body, url=url, organization=org)
    except IntegrityError:  # already sent
        return False
    return True


def _admission(on: dt.date, counts: Counter) -> None:
    soon = add_working_days(on, AHEAD_WORKING_DAYS)
    cases = AdmissionCase.objects.exclude(stage__in=CLOSED_STAGES).select_related("organization")
    for case in cases.filter(stage__in=("CELL_RESOLVED", "COMMITTEE_RESOLVED", "DECIDED")):
        due = case.next_due_on()
        if due is None or due > soon:
            continue
        late = due < on
        what = _("tổ chức lễ kết nạp") if case.stage == "DECIDED" else _("ra quyết định kết nạp")
        title = (_("Quá hạn %(w)s: %(n)s (hạn %(d)s)") if late else _("Sắp đến hạn %(w)s: %(n)s (hạn %(d)s)")) % {
            "w": what,
            "n": case.full_name,
            "d": _d(due),
        }
        key = f"admission:{case.pk}:{case.stage}:{due.isoformat()}:{'late' if late else 'soon'}"
        url = reverse("admissions:detail", args=[case.pk])
        body = _("Hồ sơ kết nạp tại %(o)s.") % {"o": case.organization.name}
        counts["admission"] += _send(key, case.organization, title=title, body=body, url=url, on=on)


def _probation(on: dt.date, counts: Counter) -> None:
    members = Member.objects.filter(status=MemberStatus.PROBATIONARY).select_related("organization")
    open_cases = {
        c.member_id: c for c in RecognitionCase.objects.exclude(stage__in=RECOGNITION_CLOSED).filter(member__in=members)
    }
    for member in members.iterator(chunk_size=2000):
        try:
            ends_on = add_months(member.joined_on, rule_value("probation_months", member.joined_on))
        except RuleMissing:
            continue
        case = open_cases.get(member.pk)
        if case is not None and case.stage != RecognitionStage.OPEN:
            continue  # the cell has voted: the recognition case carries on from here
        consider_by = case.consider_due_on if case is not None else add_working_days(ends_on, RECOGNITION_WORKING_DAYS)
        url = (
            reverse("admissions:recognition", args=[case.pk])
            if case is not None
            else reverse("members:detail", args=[member.pk])
        )
        if consider_by < on:
            key, title = (
                f"probation:{member.pk}:{ends_on.isoformat()}:late",
                _("Quá hạn xét công nhận đảng viên chính thức: %(n)s (hết dự bị %(e)s, hạn xét %(d)s)"),
            )
        elif ends_on <= on + dt.timedelta(days=PROBATION_AHEAD_DAYS):
            key, title = (
                f"probation:{member.pk}:{ends_on.isoformat()}:soon",
                _("Sắp hết thời gian dự bị: %(n)s (hết dự bị %(e)s, chi bộ xét trước %(d)s)"),
            )
        else:
            continue
        title = title % {"n": member.full_name, "e": _d(ends_on), "d": _d(consider_by)}
        body = _("Chi bộ %(o)s chuẩn bị hồ sơ xét công nhận đảng viên chính thức.") % {"o": member.organization.name}
        counts["probation"] += _send(key, member.organization, title=title, body=body, url=url, on=on)


def _transfers(on: dt.date, counts: Counter) -> None:
    for root in Organization.get_root_nodes():
        for transfer in overdue_transfers(root, on).select_related("member", "from_org", "to_org"):
            title = _("Quá hạn chuyển sinh hoạt đảng: %(n)s, giấy giới thiệu %(l)s (hạn %(d)s)") % {
                "n": transfer.member.full_name,
                "l": transfer.letter_number,
                "d": _d(transfer.due_on),
            }
            url = f"{reverse('members:transfers')}?org={(transfer.to_org or transfer.from_org).pk}"
            for org in filter(None, (transfer.from_org, transfer.to_org)):
                key = f"transfer:{transfer.pk}:{org.pk}:{transfer.due_on.isoformat()}"
                body = _("Từ %(a)s đến %(b)s.") % {"a": transfer.from_org.name, "b": transfer.destination}
                counts["transfer"] += _send(key, org, title=title, body=body, url=url, on=on)


def send_deadline_reminders(on: dt.date | None = None, *, actor: Actor) -> dict[str, int]:
    """Send every reminder due on `on` that has not been sent; returns how many of each kind were sent. The actor is
    the worker (or an operator's command): policy.SEND_DEADLINE_REMINDERS."""
    actor.require(policy.SEND_DEADLINE_REMINDERS)
    on = on or timezone.localdate()
    counts: Counter = Counter()
    _admission(on, counts)
    _probation(on, counts)
    _transfers(on, counts)
    return dict(counts)
