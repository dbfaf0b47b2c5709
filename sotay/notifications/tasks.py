"""Background delivery of notifications through the outside channels."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_notifications(notification_ids: list[int]) -> int:
    """Send each notification through every channel its recipient has set up; returns the deliveries made."""
    from .delivery import deliver

    return deliver(notification_ids)


@task()
def retry_due_deliveries() -> int:
    """Try again the failed deliveries whose backoff has passed."""
    from .delivery import retry_due

    return retry_due()
