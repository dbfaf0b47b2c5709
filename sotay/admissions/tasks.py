"""Background work of the lifecycle procedures."""

from __future__ import annotations

from django_tasks import task


@task()
def deadline_reminders() -> dict[str, int]:
    """Daily: remind the cells and committees of admission, probation and transfer deadlines
    (docs/rules/working-days.md#các-thời-hạn-tính-bằng-ngày-làm-việc)."""
    from sotay.orgs.actor import Actor

    from .recognition import open_due_recognitions
    from .reminders import send_deadline_reminders

    # Recognition cases first, so the probation reminders can point at them (docs/rules/admission.md).
    opened = open_due_recognitions(actor=Actor.system("recognition"))
    reminded = send_deadline_reminders(actor=Actor.system("worker:deadline_reminders"))
    return {**reminded, "recognition_opened": opened}
