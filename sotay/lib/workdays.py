"""The *ngày làm việc* (working-day) calendar: weekends, Việt Nam's public holidays and each year's announced changes.

A day is a working day unless it is a Saturday or Sunday, a statutory public holiday, a compensatory day off
(*nghỉ bù*) or a day off announced for that year; an announced working day (*làm bù*, usually a Saturday) is a
working day whatever else it is. The calendar is **computed defaults + a yearly list of adjustments** (data):

- Statutory holidays, Bộ luật Lao động 2019 Điều 112 khoản 1 (in force 01/01/2021): Tết Dương lịch 1/1; Tết Âm
  lịch 5 days; Giỗ Tổ Hùng Vương 10/3 âm lịch; Ngày Chiến thắng 30/4; Ngày Quốc tế lao động 1/5; Quốc khánh 2/9
  plus one adjacent day (1/9 or 3/9). Khoản 3: the Prime Minister fixes the Tết and Quốc khánh days each year, so
  they are computed here only as a *default* — Tết = the last day of the lunar year + the first 4 days of the new
  one, Quốc khánh = 1/9 + 2/9 — and replaced by the announced days when an adjustment names that holiday.
- Compensatory days, Điều 111 khoản 3: a statutory holiday on a Saturday or Sunday gives the next working day off
  (two weekend holidays in a row give two days, as on 30/4–1/5/2022 → 2/5 and 3/5). Announced days replace these
  too: they are the whole official schedule of that holiday.
- Adjustments (the rules app stores them as `CalendarDay` rows): extra days off (a swap, a new holiday that is not
  yet in the Labour Code — e.g. 24/11 *Ngày Văn hóa Việt Nam*, a Politburo policy of 01/2026 awaiting the Code's
  amendment, is deliberately *not* hard-coded), and working days (*làm bù*).

Years before 2021 follow the earlier Labour Codes (table `_REGIMES`); they are statutory defaults only, never
checked against that year's notices. The lunar dates (mùng 1 Tết, 10/3 âm lịch) come from python-holidays' Vietnamese
lunisolar calendar (UTC+7, 1901–2100; docs/decisions/0004-holidays-library.md): it differs from the Chinese one in
some years (Tết 2007: 17/02 here, 18/02 in China). Only those two dates are taken from the library; which days are
holidays, and the announced schedule of each year, stay with the Labour Code table below and the announced days.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from holidays.calendars.chinese import VIETNAMESE_CALENDAR, _ChineseLunisolar

# Bộ luật Lao động 1994 in force 01/01/1995; the library's lunisolar tables end with 2100.
MIN_YEAR, MAX_YEAR = 1995, 2100
# The library's lunisolar table (a private class of holidays, pinned in requirements.lock; the test table of known
# dates 2000–2030 in sotay/lib/tests/test_workdays.py catches any change on upgrade).
_LUNAR = _ChineseLunisolar(VIETNAMESE_CALENDAR)
ONE_DAY = dt.timedelta(days=1)


class DayKind(enum.StrEnum):
    DAY_OFF = "DAY_OFF"
    WORKING_DAY = "WORKING_DAY"


class Holiday(enum.StrEnum):
    NEW_YEAR = "NEW_YEAR"
    TET = "TET"
    HUNG_KINGS = "HUNG_KINGS"
    VICTORY = "VICTORY"
    LABOUR = "LABOUR"
    NATIONAL_DAY = "NATIONAL_DAY"

    @property
    def label(self) -> StrOrPromise:
        return _HOLIDAY_NAMES[self]


_HOLIDAY_NAMES = {
    Holiday.NEW_YEAR: _("Tết Dương lịch"),
    Holiday.TET: _("Tết Nguyên đán"),
    Holiday.HUNG_KINGS: _("Giỗ Tổ Hùng Vương"),
    Holiday.VICTORY: _("Ngày Chiến thắng"),
    Holiday.LABOUR: _("Ngày Quốc tế lao động"),
    Holiday.NATIONAL_DAY: _("Quốc khánh"),
}
_WEEKDAY_NAMES = (
    _("Thứ Hai"),
    _("Thứ Ba"),
    _("Thứ Tư"),
    _("Thứ Năm"),
    _("Thứ Sáu"),
    _("Thứ Bảy"),
    _("Chủ nhật"),
)


class CalendarRangeError(ValueError):
    """A day outside the years the calendar knows: a missing rule, not a guess."""


@dataclass(frozen=True)
class Adjustment:
    """One announced day. `holiday` set (DAY_OFF only) = an official day of that statutory holiday in its year:
    the computed days of that holiday in that year, and their compensatory days, are then dropped, so enter every
    day of the announced schedule (e.g. Tết 2025 = 27/01–31/01/2025, Quốc khánh 2025 = 01/09 and 02/09/2025)."""

    day: dt.date
    kind: DayKind
    name: str
    holiday: Holiday | None = None
    source_document: str = ""


@dataclass(frozen=True)
class DayOff:
    day: dt.date
    name: StrOrPromise
    source: str


@dataclass(frozen=True)
class _Regime:
    from_year: int
    source: str  # where the holidays are listed
    compensatory_source: str
    tet_days: int  # the last day of the lunar year + (tet_days - 1) first days of the new one
    hung_kings: bool
    national_day_adjacent: bool


# Newest first. Giỗ Tổ was added by the 2007 amendment; the 2012 Code (in force 01/05/2013, so from Tết 2014) made
# Tết 5 days; the 2019 Code (in force 01/01/2021) added the day next to 2/9.
_REGIMES = (
    _Regime(2021, "Bộ luật Lao động 2019, Điều 112", "Bộ luật Lao động 2019, Điều 111 khoản 3", 5, True, True),
    _Regime(2014, "Bộ luật Lao động 2012, Điều 115", "Bộ luật Lao động 2012 (nghỉ bù)", 5, True, False),
    _Regime(2007, "Bộ luật Lao động 1994 (sửa đổi 2007), Điều 73", "Bộ luật Lao động 1994 (nghỉ bù)", 4, True, False),
    _Regime(MIN_YEAR, "Bộ luật Lao động 1994, Điều 73", "Bộ luật Lao động 1994 (nghỉ bù)", 4, False, False),
)


def _regime(year: int) -> _Regime:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CalendarRangeError(
            format_lazy(_("Lịch ngày làm việc chỉ có các năm từ {first} đến {last}."), first=MIN_YEAR, last=MAX_YEAR)
        )
    return next(regime for regime in _REGIMES if regime.from_year <= year)


def _lunar_date(found: tuple[dt.date | None, bool], what: str, year: int) -> dt.date:
    day, _estimated = found  # "estimated" = computed, not one of the library's confirmed years: both are the default
    if day is None:
        raise CalendarRangeError(format_lazy(_("Lịch âm không có {what} năm {year}."), what=what, year=year))
    return day


def lunar_new_year(year: int) -> dt.date:
    """Mùng 1 Tết (1/1 âm lịch) of the lunar year that begins in the solar `year`."""
    return _lunar_date(_LUNAR.lunar_new_year_date(year), "Tết Nguyên đán", year)


def hung_kings_day(year: int) -> dt.date:
    """Giỗ Tổ Hùng Vương, 10/3 âm lịch (the regular, not the leap, 3rd month)."""
    return _lunar_date(_LUNAR.hung_kings_date(year), "Giỗ Tổ Hùng Vương", year)


def tet_day_label(offset: int) -> StrOrPromise:
    """The name of a Tết day by its distance from mùng 1: -1 is the last day of the lunar year (29 or 30 tháng Chạp)."""
    if offset < 0:
        return _("Tết Nguyên đán (ngày cuối năm âm lịch)")
    return format_lazy(_("Tết Nguyên đán (mùng {n} âm lịch)"), n=offset + 1)


def weekday_name(day: dt.date) -> StrOrPromise:
    return _WEEKDAY_NAMES[day.weekday()]


def statutory_holidays(year: int) -> list[tuple[dt.date, Holiday, StrOrPromise]]:
    """The holidays the Labour Code in force gives in `year`, with the defaults for Tết and Quốc khánh."""
    regime = _regime(year)
    days = [(dt.date(year, 1, 1), Holiday.NEW_YEAR, Holiday.NEW_YEAR.label)]
    first = lunar_new_year(year)
    for offset in range(-1, regime.tet_days - 1):
        day = first + offset * ONE_DAY
        days.append((day, Holiday.TET, tet_day_label(offset)))
    if regime.hung_kings:
        days.append((hung_kings_day(year), Holiday.HUNG_KINGS, _("Giỗ Tổ Hùng Vương (10/3 âm lịch)")))
    days.append((dt.date(year, 4, 30), Holiday.VICTORY, Holiday.VICTORY.label))
    days.append((dt.date(year, 5, 1), Holiday.LABOUR, Holiday.LABOUR.label))
    if regime.national_day_adjacent:
        days.append((dt.date(year, 9, 1), Holiday.NATIONAL_DAY, _("Quốc khánh (ngày liền kề)")))
    days.append((dt.date(year, 9, 2), Holiday.NATIONAL_DAY, Holiday.NATIONAL_DAY.label))
    return sorted(days, key=lambda item: item[0])


@dataclass(frozen=True)
class _Year:
    days_off: dict[dt.date, DayOff]
    working: dict[dt.date, Adjustment]


class WorkdayCalendar:
    """Working days = Monday–Friday minus holidays and days off, plus announced working days.

    Counting convention (the deadlines of docs/rules/working-days.md#cách-đếm-thời-hạn, "within N *ngày làm việc*" of an
    event): the day of the event is not counted, and the deadline is `add_working_days(event_day, N)` — the N-th working
    day after it. `add_working_days(d, 0)` is `d` when `d` is a working day, otherwise the next working day.
    `working_days_between(a, b)` counts the working days in (a, b], so for a working day `d`,
    `working_days_between(d, add_working_days(d, n)) == n`.
    """

    def __init__(self, adjustments: Iterable[Adjustment] = ()) -> None:
        self._adjustments: dict[int, list[Adjustment]] = {}
        seen: set[dt.date] = set()
        for adjustment in adjustments:
            if adjustment.day in seen:
                raise ValueError(f"Two adjustments for {adjustment.day:%d/%m/%Y}")
            if adjustment.holiday and adjustment.kind != DayKind.DAY_OFF:
                raise ValueError(f"{adjustment.day:%d/%m/%Y}: an official holiday day must be a day off")
            seen.add(adjustment.day)
            self._adjustments.setdefault(adjustment.day.year, []).append(adjustment)
        self._years: dict[int, _Year] = {}

    def _year(self, year: int) -> _Year:
        cached = self._years.get(year)
        if cached is None:
            cached = self._years[year] = self._build_year(year)
        return cached

    def _build_year(self, year: int) -> _Year:
        regime = _regime(year)
        adjustments = self._adjustments.get(year, [])
        announced = {a.holiday for a in adjustments if a.holiday}
        statutory = [item for item in statutory_holidays(year) if item[1] not in announced]
        days_off: dict[dt.date, DayOff] = {}
        for day, _holiday, name in statutory:
            if day in days_off:  # two holidays on one day (Giỗ Tổ can fall on 30/4)
                name = format_lazy("{} – {}", days_off[day].name, name)
            days_off[day] = DayOff(day, name, regime.source)
        announced_off = {a.day for a in adjustments if a.kind == DayKind.DAY_OFF}
        for day, holiday, _name in statutory:
            if day.weekday() >= 5:  # nghỉ bù on the next working day
                compensatory = day + ONE_DAY
                while compensatory.weekday() >= 5 or compensatory in days_off or compensatory in announced_off:
                    compensatory += ONE_DAY
                label = format_lazy(_("Nghỉ bù {holiday} ({day})"), holiday=holiday.label, day=day.strftime("%d/%m"))
                days_off[compensatory] = DayOff(compensatory, label, regime.compensatory_source)
        working: dict[dt.date, Adjustment] = {}
        for adjustment in adjustments:
            if adjustment.kind == DayKind.WORKING_DAY:
                working[adjustment.day] = adjustment
                days_off.pop(adjustment.day, None)
            else:
                days_off[adjustment.day] = DayOff(adjustment.day, adjustment.name, adjustment.source_document)
        return _Year(days_off, working)

    # Single days

    def is_working_day(self, day: dt.date) -> bool:
        year = self._year(day.year)
        if day in year.working:
            return True
        return day not in year.days_off and day.weekday() < 5

    def day_off(self, day: dt.date) -> DayOff | None:
        """Why `day` is not a working day (a holiday, a day off, or the weekend), or None on a working day."""
        year = self._year(day.year)
        if day in year.working:
            return None
        if day in year.days_off:
            return year.days_off[day]
        if day.weekday() >= 5:
            return DayOff(day, _("nghỉ hằng tuần"), "")
        return None

    def working_day_override(self, day: dt.date) -> Adjustment | None:
        """The announced *làm bù* day, if `day` is one."""
        return self._year(day.year).working.get(day)

    def holidays(self, year: int) -> list[tuple[dt.date, StrOrPromise]]:
        """Every named day off of the year — holidays (also those on a weekend), compensatory and announced days."""
        return [(day, off.name) for day, off in sorted(self._year(year).days_off.items())]

    # Counting

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after `day` (n ≥ 0; `day` itself is not counted; see the class docstring)."""
        if n < 0:
            raise ValueError("n must be ≥ 0")
        if n == 0:
            while not self.is_working_day(day):
                day += ONE_DAY
            return day
        while n:
            day += ONE_DAY
            if self.is_working_day(day):
                n -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """The number of working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            count += self.is_working_day(day)
        return count

    def days_off_between(self, start: dt.date, end: dt.date) -> list[DayOff]:
        """The days in [start, end] that are not working days, with the reason."""
        found, day = [], start
        while day <= end:
            off = self.day_off(day)
            if off is not None:
                found.append(off)
            day += ONE_DAY
        return found
