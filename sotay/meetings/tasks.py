"""Background work of meetings: monthly instances and invitations, day-before reminders, missed-month alerts.

Queued by the worker through sotay.core.periodic: settings.PERIODIC_TASKS needs
``"sotay.meetings.tasks.monthly_meetings": "monthly"`` and ``"sotay.meetings.tasks.daily_reminders": "daily"``.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task


@task()
def monthly_meetings(month: str | None = None) -> str:
    """Create the month's meetings from the schedules (with invitations) and alert the committee above about cells
    that held no meeting in the previous month."""
    from sotay.orgs.actor import Actor

    from . import oversight, services

    target = dt.date.fromisoformat(month) if month else timezone.localdate().replace(day=1)
    created = services.create_monthly_instances(target, actor=Actor.system("worker:create_monthly_meetings"))
    previous = (target - dt.timedelta(days=1)).replace(day=1)
    alerts = oversight.alert_missed_month(previous, actor=Actor.system("worker:alert_missed_month"))
    return f"{len(created)} buổi sinh hoạt mới, {alerts} cảnh báo"


@task()
def daily_reminders() -> str:
    from sotay.orgs.actor import Actor

    from . import services

    return f"{services.send_reminders(actor=Actor.system('worker:daily_reminders'))} buổi sinh hoạt đã nhắc"
