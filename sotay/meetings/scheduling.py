"""The day of a recurring meeting in a month: the n-th (or last) weekday, moved off public holidays."""

from __future__ import annotations

import calendar as _cal
import datetime as dt

from sotay.rules import calendar as workcal


def nth_weekday(year: int, month: int, weekday: int, week: int) -> dt.date:
    """The `week`-th `weekday` (0 = Monday) of the month; `week` 5 is the last one."""
    days = [d for d in _cal.Calendar().itermonthdates(year, month) if d.month == month and d.weekday() == weekday]
    return days[-1] if week >= 5 else days[week - 1]


def is_holiday(day: dt.date) -> bool:
    """A public holiday or an announced day off (not the ordinary weekend)."""
    return any(d == day for d, _name in workcal.working_calendar().holidays(day.year))


def meeting_day(year: int, month: int, weekday: int, week: int) -> dt.date:
    """The scheduled day; on a public holiday the meeting moves to the next working day."""
    day = nth_weekday(year, month, weekday, week)
    if is_holiday(day):
        return workcal.add_working_days(day, 0)
    return day
