"""Background work of the handbook: reaching a large audience, batch by batch (see services._reach). A run that
fails part way is queued again later (`sotay.core.retry`) and continues where it stopped."""

from __future__ import annotations

from django_tasks import task

from sotay.core.retry import retry_later


@task()
def fan_out_announcement_task(announcement_id: int, attempt: int = 1) -> int | str:
    from .models import Announcement
    from .services import fan_out_announcement

    announcement = Announcement.objects.select_related("organization").filter(pk=announcement_id).first()
    try:
        return fan_out_announcement(announcement) if announcement else 0
    except Exception as exc:
        return retry_later(fan_out_announcement_task, exc, attempt, announcement_id=announcement_id)


@task()
def fan_out_study_task(session_id: int, attempt: int = 1) -> int | str:
    from .models import StudySession
    from .services import fan_out_study

    session = StudySession.objects.select_related("organization", "document").filter(pk=session_id).first()
    try:
        return fan_out_study(session) if session else 0
    except Exception as exc:
        return retry_later(fan_out_study_task, exc, attempt, session_id=session_id)
