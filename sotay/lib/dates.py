"""Date arithmetic in calendar months (probation, ages) and dd/mm/yyyy formatting."""

from __future__ import annotations

import calendar
import datetime as dt
import re as _re
import unicodedata as _unicodedata

from django.utils.translation import gettext

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


# What people type into a date or time field on a phone keypad: "24122026",
# "31-12-2025", "1930", "7h30 tối". Pure functions; the form fields in sotay.core.forms use them.

MIN_YEAR, MAX_YEAR = 1900, 2100

_ISO = _re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SEPARATED = _re.compile(r"(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d+)")


def _clean(text: str) -> str:
    return " ".join(_unicodedata.normalize("NFC", str(text)).lower().split())


def two_digit_year(yy: int, today: dt.date | None = None) -> int:
    """A two-digit year: 00 up to (this year % 100) + 1 means 20yy, anything later means 19yy.

    In 2026, "27" is 2027 (a deadline next year) and "28"-"99" are 1928-1999 (birth dates).
    """
    pivot = (today or dt.date.today()).year % 100 + 1
    return 2000 + yy if yy <= pivot else 1900 + yy


def parse_date_vn(text: str, today: dt.date | None = None) -> dt.date:
    """A date as typed: dd/mm/yyyy, d/m/yyyy, d/m/yy, ddmmyyyy, ddmmyy, dd-mm-yyyy, dd.mm.yyyy,
    "dd mm yyyy" or ISO yyyy-mm-dd (what a native date picker sends).

    Years 1900-2100 only. Raises ValueError with a Vietnamese message otherwise.
    """
    cleaned = _clean(text)
    if not cleaned:
        raise ValueError(gettext("Chưa nhập ngày (cần dạng dd/mm/yyyy)."))
    year_text = None
    if match := _ISO.fullmatch(cleaned):
        year_text, month_text, day_text = match.groups()
    elif match := _SEPARATED.fullmatch(cleaned):
        day_text, month_text, year_text = match.groups()
    elif cleaned.isdigit() and len(cleaned) in (6, 8):
        day_text, month_text, year_text = cleaned[:2], cleaned[2:4], cleaned[4:]
    if year_text is None or len(year_text) not in (2, 4):
        raise ValueError(
            gettext("Không hiểu ngày “%(text)s” (cần dạng dd/mm/yyyy, ví dụ 24/12/2026).") % {"text": cleaned}
        )
    year = two_digit_year(int(year_text), today) if len(year_text) == 2 else int(year_text)
    month, day = int(month_text), int(day_text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(
            gettext("Năm %(year)s không hợp lệ (chỉ nhận từ %(min)s đến %(max)s).")
            % {"year": year, "min": MIN_YEAR, "max": MAX_YEAR}
        )
    if not 1 <= month <= 12:
        raise ValueError(gettext("Tháng %(month)s không có (tháng từ 1 đến 12).") % {"month": month})
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(
            gettext("Không có ngày %(date)s trong lịch.") % {"date": f"{day:02d}/{month:02d}/{year}"}
        ) from None


# Period words after the hour: "7h30 tối" is 19:30, "1 giờ chiều" is 13:00, "11 giờ đêm" is 23:00.
_TIME = _re.compile(
    r"(?P<h>\d{1,2})\s*(?:(?::|\.|h|g|giờ)\s*(?P<m>\d{1,2})?)?\s*(?:phút|p)?"
    r"(?:\s*(?P<period>sáng|trưa|chiều|tối|đêm|a\.?m\.?|p\.?m\.?))?"
)


def _to_24h(hour: int, period: str) -> int:
    if hour > 12:  # already 24-hour: "19h tối" is fine, "19h sáng" is not
        if period in ("sáng", "am"):
            raise ValueError(gettext("%(hour)s giờ không thể là buổi sáng.") % {"hour": hour})
        return hour
    if period in ("sáng", "am"):
        return 0 if hour == 12 else hour
    if period == "trưa":
        return hour if hour >= 11 else hour + 12
    if period in ("chiều", "pm"):
        return hour if hour == 12 else hour + 12
    if period == "tối":
        return 0 if hour == 12 else hour + 12
    # đêm: 9-11 giờ đêm is 21-23h, 12 giờ đêm is midnight, 1-5 giờ đêm is early morning.
    if hour == 12:
        return 0
    return hour if hour <= 5 else hour + 12


def parse_time_vn(text: str) -> dt.time:
    """A time as typed: 19:30, 19.30, 1930, 930, 19h30, 19h, 7h30 tối, 7 giờ 30 sáng, 7:30 PM.

    sáng/trưa/chiều/tối/đêm (and AM/PM) turn a 12-hour clock into 24-hour.
    Raises ValueError with a Vietnamese message otherwise.
    """
    cleaned = _clean(text)
    if not cleaned:
        raise ValueError(gettext("Chưa nhập giờ (cần dạng 19:30)."))
    period = ""
    if cleaned.isdigit() and len(cleaned) in (3, 4):
        hour, minute = int(cleaned[:-2]), int(cleaned[-2:])
    else:
        match = _TIME.fullmatch(cleaned)
        if not match:
            raise ValueError(gettext("Không hiểu giờ “%(text)s” (cần dạng 19:30 hoặc 7h30 tối).") % {"text": cleaned})
        hour, minute = int(match["h"]), int(match["m"] or 0)
        period = (match["period"] or "").replace(".", "")
        if period:
            if hour == 0 or hour > 23:
                raise ValueError(
                    gettext("Không có %(hour)s giờ %(period)s.") % {"hour": hour, "period": match["period"]}
                )
            hour = _to_24h(hour, period)
    if hour > 23 or minute > 59:
        raise ValueError(gettext("Không có giờ %(time)s (giờ 0–23, phút 0–59).") % {"time": f"{hour:02d}:{minute:02d}"})
    return dt.time(hour, minute)
