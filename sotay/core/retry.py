"""Queue a failed background task again, later, a bounded number of times (django-tasks has no retries of its own).

    @task()
    def work(thing_id: int, attempt: int = 1) -> str:
        try:
            ...
        except Exception as exc:
            return retry_later(work, exc, attempt, thing_id=thing_id)

The waits grow 5 s, 20 s, 80 s, 320 s; after `MAX_ATTEMPTS` (or on a backend without deferred tasks) the error is
raised, so the task result records the failure.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone
from django_tasks.exceptions import InvalidTaskError

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BACKOFF_SECONDS = 5


def backoff(attempt: int) -> dt.timedelta:
    """The wait after failed attempt number `attempt`."""
    return dt.timedelta(seconds=BACKOFF_SECONDS * 4 ** (attempt - 1))


def retry_later(task, exc: BaseException, attempt: int, *, max_attempts: int = MAX_ATTEMPTS, **kwargs) -> str:
    if attempt >= max_attempts:
        raise exc
    when = timezone.now() + backoff(attempt)
    try:
        task.using(run_after=when).enqueue(**kwargs, attempt=attempt + 1)
    except InvalidTaskError:
        raise exc from None
    logger.warning(
        "Task %s%s failed (attempt %s/%s), queued again for %s: %s",
        task.name,
        kwargs,
        attempt,
        max_attempts,
        when.isoformat(),
        exc,
    )
    return f"retry {attempt + 1}/{max_attempts}"
