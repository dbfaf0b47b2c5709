"""The working-day calendar with the days staff entered (`CalendarDay`), cached like the rule registry.

    from sotay.rules.calendar import add_working_days
    deadline = add_working_days(resolution_day, 60)   # docs/rules/admission.md#quyết-định-kết-nạp: ≤ 60 ngày làm việc

The calendar is cached per process. Saving or deleting a `CalendarDay` through the ORM bumps the configuration
version (`sotay.core.config`) in the same transaction, and every process (web workers, the task worker) drops its
copy at its next request or task. `QuerySet.update()` and `bulk_create()` send no signal: call `config.bump()` in
the same transaction after them.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.core import config
from sotay.lib.workdays import WorkdayCalendar
from sotay.orgs.actor import Actor

from .models import CalendarDay


def working_calendar() -> WorkdayCalendar:
    config.ensure_fresh()
    return _load_calendar()


@lru_cache(maxsize=1)
def _load_calendar() -> WorkdayCalendar:
    return WorkdayCalendar(row.as_adjustment() for row in CalendarDay.objects.all())


@config.register
def clear_cache() -> None:
    """Forget this process's copy (no database access)."""
    _load_calendar.cache_clear()


@receiver([post_save, post_delete], sender=CalendarDay)
def _calendar_day_changed(**kwargs) -> None:
    config.bump()  # in the saving transaction; clears this process's cache too


def is_working_day(day: dt.date) -> bool:
    return working_calendar().is_working_day(day)


def add_working_days(day: dt.date, n: int) -> dt.date:
    """The n-th working day after `day` (the day itself not counted; n = 0: `day` or the next working day)."""
    return working_calendar().add_working_days(day, n)


def working_days_between(start: dt.date, end: dt.date) -> int:
    return working_calendar().working_days_between(start, end)


@transaction.atomic
def set_calendar_day(
    *, day: dt.date, kind: str, name: str, source_document: str, actor: Actor, holiday: str = "", note: str = ""
) -> CalendarDay:
    """Add or change one announced day (a day off, a compensatory day, a working Saturday), with audit."""
    entry, created = CalendarDay.objects.update_or_create(
        day=day,
        defaults={
            "kind": kind,
            "name": name,
            "source_document": source_document,
            "holiday": holiday,
            "note": note,
            "edited_at": timezone.now(),  # entered by staff: seeding never overwrites it
        },
    )
    log(
        AuditAction.CREATE if created else AuditAction.UPDATE,
        entry,
        by=actor,
        data={"day": day.isoformat(), "kind": kind, "name": name, "source": source_document},
    )
    return entry


@transaction.atomic
def remove_calendar_day(*, entry: CalendarDay, actor: Actor) -> None:
    log(AuditAction.DELETE, entry, by=actor, data={"day": entry.day.isoformat(), "name": entry.name})
    entry.delete()
