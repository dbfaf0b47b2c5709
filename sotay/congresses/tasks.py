"""Background work of congresses: the daily flag of late preparation steps.

Queued by the worker through sotay.core.periodic: settings.PERIODIC_TASKS has
``"sotay.congresses.tasks.daily_reminders": "daily"``.
"""

from __future__ import annotations

from django_tasks import task


@task()
def daily_reminders() -> str:
    from sotay.orgs.actor import Actor

    from .reminders import flag_late_steps

    return f"{flag_late_steps(actor=Actor.system('worker:daily_reminders'))} bước chậm đã báo"
