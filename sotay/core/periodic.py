"""Periodic background work without cron: each task in ``settings.PERIODIC_TASKS`` is queued once per period.

``PERIODIC_TASKS`` maps a task's dotted path to "hourly", "daily" or "monthly". `run_due()` queues every task whose
period has not been queued yet (one row per task in `PeriodicRun`, locked while checking, so two workers never queue
the same period twice). The worker (`sotay worker`) calls it every few minutes; `sotay periodic` calls it once, for a
system cron if preferred.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import PeriodicRun

log = logging.getLogger(__name__)
PERIODS = {
    "hourly": lambda day, hour: f"{day:%y%m%d}T{hour:02d}",  # fits PeriodicRun.period_key (10 characters)
    "daily": lambda day, hour: day.isoformat(),
    "monthly": lambda day, hour: f"{day:%Y-%m}",
}


def period_key(period: str, day: dt.date, hour: int = 0) -> str:
    try:
        return PERIODS[period](day, hour)
    except KeyError:
        raise ValueError(f"Unknown period {period!r}; use one of {sorted(PERIODS)}") from None


def run_due(day: dt.date | None = None, hour: int | None = None) -> list[str]:
    """Queue the periodic tasks not yet queued for the current period; returns their names."""
    now = timezone.localtime()
    day = day or now.date()
    hour = hour if hour is not None else now.hour
    queued = []
    for name, period in getattr(settings, "PERIODIC_TASKS", {}).items():
        key = period_key(period, day, hour)
        with transaction.atomic():
            run, created = PeriodicRun.objects.select_for_update().get_or_create(
                name=name, defaults={"period_key": key}
            )
            if not created and run.period_key == key:
                continue
            if not created:
                run.period_key = key
                run.save(update_fields=["period_key", "queued_at"])
            transaction.on_commit(partial(import_string(name).enqueue))
        queued.append(name)
        log.info("Queued periodic task %s for %s", name, key)
    return queued
