"""Background work of the lifecycle procedures."""

from __future__ import annotations

from django_tasks import task


@task()
def deadline_reminders() -> dict[str, int]:
    """Daily: remind the cells and committees of admission, probation and transfer deadlines
    (docs/rules/working-days.md#các-thời-hạn-tính-bằng-ngày-làm-việc)."""
    from .reminders import send_deadline_reminders

    return send_deadline_reminders()
