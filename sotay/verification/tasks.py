"""Background work of verification cases (queued daily by the worker: settings.PERIODIC_TASKS)."""

from __future__ import annotations

from django_tasks import task


@task()
def overdue_letter_reminders() -> int:
    """Daily: remind the verifying committee of each overdue letter, once."""
    from sotay.orgs.actor import Actor

    from .reminders import send_overdue_reminders

    return send_overdue_reminders(actor=Actor.system("worker:overdue_letter_reminders"))
