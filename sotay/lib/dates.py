"""Date arithmetic in calendar months (probation, ages) and dd/mm/yyyy formatting."""

from __future__ import annotations

import calendar
import datetime as dt

# The dates the system takes from anyone: a day outside them is a typing error, and 31/12/9999 plus a probation year
# or a deadline in days is past year 9999 (OverflowError, a 500). Every form date and `parse_date` is checked.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)


def out_of_range_message(day: dt.date) -> str | None:
    """A Vietnamese message when `day` is outside EARLIEST–LATEST, else None."""
    from django.utils.translation import gettext as _

    if EARLIEST <= day <= LATEST:
        return None
    return _("Ngày %(d)s nằm ngoài khoảng cho phép (%(a)s – %(b)s).") % {
        "d": day.strftime("%d/%m/") + f"{day.year:04d}",
        "a": EARLIEST.strftime("%d/%m/%Y"),
        "b": LATEST.strftime("%d/%m/%Y"),
    }


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
    """dd/mm/yyyy (also d/m/yyyy and ISO yyyy-mm-dd) between EARLIEST and LATEST; ValueError with a Vietnamese
    message otherwise."""
    text = text.strip()[:40]
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        message = out_of_range_message(day)
        if message:
            raise ValueError(message)
        return day
    raise ValueError(f"Ngày không hợp lệ: “{text}” (cần dạng dd/mm/yyyy).")
