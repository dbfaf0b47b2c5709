"""Background work of inspection and supervision (queued daily by the worker: settings.PERIODIC_TASKS)."""

from __future__ import annotations

from django_tasks import task


@task()
def due_recommendation_reminders() -> int:
    """Daily: remind the committee and its UBKT of each recommendation coming due, once."""
    from sotay.orgs.actor import Actor

    from .reminders import send_due_reminders

    return send_due_reminders(actor=Actor.system("worker:due_recommendation_reminders"))
