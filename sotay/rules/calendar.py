"""The working-day calendar with the days staff entered (`CalendarDay`), cached like the rule registry.

    from sotay.rules.calendar import add_working_days
    deadline = add_working_days(resolution_day, 60)   # docs/rules/admission.md#quyết-định-kết-nạp: ≤ 60 ngày làm việc

The cache is per process and cleared when a `CalendarDay` is saved or deleted through the ORM (`QuerySet.update()`
and `bulk_create()` send no signal: call `clear_cache()` after them). The receiver is connected when this module is
first imported, which is also when the cache first fills.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.workdays import WorkdayCalendar

from .models import CalendarDay


@lru_cache(maxsize=1)
def working_calendar() -> WorkdayCalendar:
    return WorkdayCalendar(row.as_adjustment() for row in CalendarDay.objects.all())


def clear_cache() -> None:
    working_calendar.cache_clear()


@receiver([post_save, post_delete], sender=CalendarDay)
def _calendar_day_changed(**kwargs) -> None:
    clear_cache()


def is_working_day(day: dt.date) -> bool:
    return working_calendar().is_working_day(day)


def add_working_days(day: dt.date, n: int) -> dt.date:
    """The n-th working day after `day` (the day itself not counted; n = 0: `day` or the next working day)."""
    return working_calendar().add_working_days(day, n)


def working_days_between(start: dt.date, end: dt.date) -> int:
    return working_calendar().working_days_between(start, end)


@transaction.atomic
def set_calendar_day(
    *, day: dt.date, kind: str, name: str, source_document: str, by, holiday: str = "", note: str = ""
) -> CalendarDay:
    """Add or change one announced day (a day off, a compensatory day, a working Saturday), with audit."""
    entry, created = CalendarDay.objects.update_or_create(
        day=day,
        defaults={"kind": kind, "name": name, "source_document": source_document, "holiday": holiday, "note": note},
    )
    log(
        AuditAction.CREATE if created else AuditAction.UPDATE,
        entry,
        by=by,
        data={"day": day.isoformat(), "kind": kind, "name": name, "source": source_document},
    )
    return entry


@transaction.atomic
def remove_calendar_day(*, entry: CalendarDay, by) -> None:
    log(AuditAction.DELETE, entry, by=by, data={"day": entry.day.isoformat(), "name": entry.name})
    entry.delete()
