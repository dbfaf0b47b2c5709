"""Date arithmetic in calendar months (probation, ages) and dd/mm/yyyy formatting."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the 29th-31st fall back to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_in_years(born: dt.date, on: dt.date) -> int:
    """Completed years of age on a given day."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def format_date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def parse_date(text: str) -> dt.date:
    """dd/mm/yyyy (also d/m/yyyy and ISO yyyy-mm-dd); ValueError with a Vietnamese message otherwise."""
    text = text.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"Ngày không hợp lệ: “{text}” (cần dạng dd/mm/yyyy).")
