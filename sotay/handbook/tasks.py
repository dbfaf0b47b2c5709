"""Background work of the handbook: reaching a large audience, batch by batch (see services._reach)."""

from __future__ import annotations

from django_tasks import task


@task()
def fan_out_announcement_task(announcement_id: int) -> int:
    from .models import Announcement
    from .services import fan_out_announcement

    announcement = Announcement.objects.select_related("organization").filter(pk=announcement_id).first()
    return fan_out_announcement(announcement) if announcement else 0


@task()
def fan_out_study_task(session_id: int) -> int:
    from .models import StudySession
    from .services import fan_out_study

    session = StudySession.objects.select_related("organization", "document").filter(pk=session_id).first()
    return fan_out_study(session) if session else 0
