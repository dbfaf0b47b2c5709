"""Background work of inspection and supervision (queued daily by the worker: settings.PERIODIC_TASKS)."""

from __future__ import annotations

from django_tasks import task


@task()
def due_recommendation_reminders() -> int:
    """Daily: remind the committee and its UBKT of each recommendation coming due, once."""
    from .reminders import send_due_reminders

    return send_due_reminders()
