"""The working-day calendar without the database: lunar dates, statutory defaults, adjustments, counting."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sotay.lib.workdays import (
    Adjustment,
    CalendarRangeError,
    DayKind,
    Holiday,
    WorkdayCalendar,
    hung_kings_day,
    lunar_new_year,
)

D = dt.date
STATUTORY = WorkdayCalendar()  # the Labour Code's defaults only, no announced day


def days_off(calendar: WorkdayCalendar, year: int) -> list[dt.date]:
    return [day for day, _name in calendar.holidays(year)]


def weekdays_off(calendar: WorkdayCalendar, start: dt.date, end: dt.date) -> list[dt.date]:
    return [off.day for off in calendar.days_off_between(start, end) if off.day.weekday() < 5]


# Lunar dates (python-holidays' Vietnamese lunisolar calendar)

# Known dates, written here, not computed: mùng 1 Tết and Giỗ Tổ Hùng Vương (10/3 âm lịch) of each year 2000–2030 in
# the Vietnamese calendar (UTC+7) — Hồ Ngọc Đức's published Vietnamese lunar calendar tables, the reference the
# earlier library (vnlunar) implemented; the table was cross-checked against vnlunar 1.0.5 before it was removed,
# and the Giỗ Tổ days 2012–2024 against the days off announced in those years.
KNOWN_LUNAR_DATES = {
    # year: (mùng 1 Tết, Giỗ Tổ Hùng Vương)
    2000: (D(2000, 2, 5), D(2000, 4, 14)),
    2001: (D(2001, 1, 24), D(2001, 4, 3)),
    2002: (D(2002, 2, 12), D(2002, 4, 22)),
    2003: (D(2003, 2, 1), D(2003, 4, 11)),
    2004: (D(2004, 1, 22), D(2004, 4, 28)),
    2005: (D(2005, 2, 9), D(2005, 4, 18)),
    2006: (D(2006, 1, 29), D(2006, 4, 7)),
    2007: (D(2007, 2, 17), D(2007, 4, 26)),
    2008: (D(2008, 2, 7), D(2008, 4, 15)),
    2009: (D(2009, 1, 26), D(2009, 4, 4)),
    2010: (D(2010, 2, 14), D(2010, 4, 23)),
    2011: (D(2011, 2, 3), D(2011, 4, 12)),
    2012: (D(2012, 1, 23), D(2012, 3, 31)),
    2013: (D(2013, 2, 10), D(2013, 4, 19)),
    2014: (D(2014, 1, 31), D(2014, 4, 9)),
    2015: (D(2015, 2, 19), D(2015, 4, 28)),
    2016: (D(2016, 2, 8), D(2016, 4, 16)),
    2017: (D(2017, 1, 28), D(2017, 4, 6)),
    2018: (D(2018, 2, 16), D(2018, 4, 25)),
    2019: (D(2019, 2, 5), D(2019, 4, 14)),
    2020: (D(2020, 1, 25), D(2020, 4, 2)),
    2021: (D(2021, 2, 12), D(2021, 4, 21)),
    2022: (D(2022, 2, 1), D(2022, 4, 10)),
    2023: (D(2023, 1, 22), D(2023, 4, 29)),
    2024: (D(2024, 2, 10), D(2024, 4, 18)),
    2025: (D(2025, 1, 29), D(2025, 4, 7)),
    2026: (D(2026, 2, 17), D(2026, 4, 26)),
    2027: (D(2027, 2, 6), D(2027, 4, 16)),
    2028: (D(2028, 1, 26), D(2028, 4, 4)),
    2029: (D(2029, 2, 13), D(2029, 4, 23)),
    2030: (D(2030, 2, 2), D(2030, 4, 12)),
}


@pytest.mark.parametrize(("year", "known"), sorted(KNOWN_LUNAR_DATES.items()))
def test_lunar_new_year_and_hung_kings_day_match_the_known_dates(year, known):
    """Bộ luật Lao động 2019 Điều 112 khoản 1 (Tết Âm lịch, Giỗ Tổ 10/3 âm lịch): the computed defaults are the
    Vietnamese calendar's days, 2000–2030."""
    assert (lunar_new_year(year), hung_kings_day(year)) == known


def test_lunar_new_year_is_the_vietnamese_not_the_chinese_one():
    """Tết Đinh Hợi was 17/02/2007 in Việt Nam (UTC+7) and 18/02/2007 in China (UTC+8); Tết Canh Tuất is 02/02/2030
    in Việt Nam, 03/02/2030 in China."""
    assert lunar_new_year(2007) == D(2007, 2, 17)
    assert lunar_new_year(2030) == D(2030, 2, 2)


def test_the_lunar_calendar_no_longer_uses_vnlunar():
    """vnlunar declares MIT but its algorithm is marked for non-commercial use: the code must not import it."""
    import sotay.lib.workdays as workdays

    source = open(workdays.__file__, encoding="utf-8").read()
    assert "import vnlunar" not in source


# Statutory defaults (Bộ luật Lao động 2019 Điều 112, Điều 111 khoản 3)


def test_2025_statutory_defaults():
    """Without announced days, Tết 2025 is 29 tháng Chạp + mùng 1–4 (28/01–01/02) and Saturday 01/02 gives 03/02 off.

    The announced Tết 2025 was different (27/01–31/01): that is why Tết is data (see sotay/rules/tests)."""
    assert days_off(STATUTORY, 2025) == [
        D(2025, 1, 1),
        D(2025, 1, 28),
        D(2025, 1, 29),
        D(2025, 1, 30),
        D(2025, 1, 31),
        D(2025, 2, 1),
        D(2025, 2, 3),  # nghỉ bù for Saturday 01/02
        D(2025, 4, 7),  # Giỗ Tổ, 10/3 âm lịch
        D(2025, 4, 30),
        D(2025, 5, 1),
        D(2025, 9, 1),  # the default day next to 2/9
        D(2025, 9, 2),
    ]


def test_2026_statutory_defaults():
    """Tết 2026 (mùng 1 = 17/02) falls Monday–Friday; Giỗ Tổ on Sunday 26/04 gives Monday 27/04 off."""
    assert days_off(STATUTORY, 2026) == [
        D(2026, 1, 1),
        D(2026, 2, 16),
        D(2026, 2, 17),
        D(2026, 2, 18),
        D(2026, 2, 19),
        D(2026, 2, 20),
        D(2026, 4, 26),
        D(2026, 4, 27),
        D(2026, 4, 30),
        D(2026, 5, 1),
        D(2026, 9, 1),
        D(2026, 9, 2),
    ]
    names = dict(STATUTORY.holidays(2026))
    assert str(names[D(2026, 2, 16)]) == "Tết Nguyên đán (ngày cuối năm âm lịch)"
    assert str(names[D(2026, 2, 17)]) == "Tết Nguyên đán (mùng 1 âm lịch)"
    assert str(names[D(2026, 4, 27)]) == "Nghỉ bù Giỗ Tổ Hùng Vương (26/04)"


def test_two_weekend_holidays_give_two_compensatory_days():
    """30/4/2022 was a Saturday and 1/5 a Sunday: 2/5 and 3/5 were off. In 2023 Giỗ Tổ (Saturday 29/04), 30/4 (Sunday)
    and 1/5 (Monday) gave 2/5 and 3/5 — both matching the schedules announced those years."""
    assert weekdays_off(STATUTORY, D(2022, 4, 29), D(2022, 5, 6)) == [D(2022, 5, 2), D(2022, 5, 3)]
    assert weekdays_off(STATUTORY, D(2023, 4, 28), D(2023, 5, 5)) == [D(2023, 5, 1), D(2023, 5, 2), D(2023, 5, 3)]


def test_national_day_on_a_monday_moves_the_sunday_adjacent_day_to_tuesday():
    """2/9/2024 was a Monday: with 1/9 on Sunday the days off were 02/09 and 03/09, as announced (31/08–03/09)."""
    assert weekdays_off(STATUTORY, D(2024, 8, 30), D(2024, 9, 6)) == [D(2024, 9, 2), D(2024, 9, 3)]


def test_earlier_labour_codes():
    """No day next to 2/9 before 2021; Tết 4 days before 2014; no Giỗ Tổ before 2007."""
    assert D(2020, 9, 1) not in days_off(STATUTORY, 2020)
    assert len([d for d, name in STATUTORY.holidays(2010) if str(name).startswith("Tết Nguyên đán")]) == 4
    assert not [d for d, name in STATUTORY.holidays(2005) if "Giỗ Tổ" in str(name)]


def test_years_outside_the_calendar_are_refused_not_guessed():
    with pytest.raises(CalendarRangeError):
        STATUTORY.is_working_day(D(1994, 12, 30))
    with pytest.raises(CalendarRangeError):
        STATUTORY.add_working_days(D(2100, 12, 30), 5)


# Announced days (adjustments)


def official(day, holiday=None, name="Ngày nghỉ công bố"):
    return Adjustment(day, DayKind.DAY_OFF, name, holiday, "Thông báo thử")


def test_announced_days_replace_the_computed_days_of_that_holiday_only():
    calendar = WorkdayCalendar(
        [official(D(2025, 1, 27) + dt.timedelta(days=i), Holiday.TET) for i in range(5)]
        + [official(D(2025, 9, 2), Holiday.NATIONAL_DAY), official(D(2025, 9, 3), Holiday.NATIONAL_DAY)]
    )
    assert weekdays_off(calendar, D(2025, 1, 24), D(2025, 2, 7)) == [D(2025, 1, d) for d in range(27, 32)]
    assert calendar.is_working_day(D(2025, 2, 3))  # the computed nghỉ bù went with the computed Tết
    assert calendar.is_working_day(D(2025, 9, 1)) and not calendar.is_working_day(D(2025, 9, 3))
    assert not calendar.is_working_day(D(2025, 4, 7))  # Giỗ Tổ is untouched
    assert not calendar.is_working_day(D(2026, 9, 1))  # and so is another year


def test_a_swap_is_a_day_off_plus_a_working_saturday():
    calendar = WorkdayCalendar(
        [official(D(2025, 5, 2)), Adjustment(D(2025, 4, 26), DayKind.WORKING_DAY, "Làm bù", None, "Thông báo thử")]
    )
    assert calendar.is_working_day(D(2025, 4, 26)) and not calendar.is_working_day(D(2025, 5, 2))
    assert calendar.day_off(D(2025, 4, 26)) is None
    assert calendar.working_day_override(D(2025, 4, 26)).name == "Làm bù"
    assert calendar.add_working_days(D(2025, 4, 25), 1) == D(2025, 4, 26)
    assert calendar.add_working_days(D(2025, 4, 29), 1) == D(2025, 5, 5)


def test_a_new_holiday_is_a_yearly_day_off_not_code():
    """24/11 (Ngày Văn hóa Việt Nam) is not in the Labour Code yet: it is off only when entered for a year."""
    assert STATUTORY.is_working_day(D(2026, 11, 24))
    calendar = WorkdayCalendar([official(D(2026, 11, 24), name="Ngày Văn hóa Việt Nam")])
    assert calendar.day_off(D(2026, 11, 24)).name == "Ngày Văn hóa Việt Nam"
    assert calendar.is_working_day(D(2027, 11, 24))


def test_a_compensatory_day_skips_an_announced_day_off():
    """Saturday 01/01/2022 gives the next working day off; with Monday 03/01 already off, that is Tuesday 04/01."""
    calendar = WorkdayCalendar([official(D(2022, 1, 3))])
    assert weekdays_off(calendar, D(2022, 1, 1), D(2022, 1, 7)) == [D(2022, 1, 3), D(2022, 1, 4)]


def test_adjustments_are_checked():
    with pytest.raises(ValueError):
        WorkdayCalendar([official(D(2025, 5, 2)), official(D(2025, 5, 2))])
    with pytest.raises(ValueError):
        WorkdayCalendar([Adjustment(D(2025, 5, 3), DayKind.WORKING_DAY, "x", Holiday.TET)])


# Counting conventions


def test_add_working_days_does_not_count_the_start_day():
    assert STATUTORY.add_working_days(D(2026, 3, 2), 1) == D(2026, 3, 3)  # Monday → Tuesday
    assert STATUTORY.add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 9)  # Friday → Monday
    assert STATUTORY.add_working_days(D(2026, 3, 2), 5) == D(2026, 3, 9)


def test_zero_working_days_is_the_day_itself_or_the_next_working_day():
    assert STATUTORY.add_working_days(D(2026, 3, 2), 0) == D(2026, 3, 2)
    assert STATUTORY.add_working_days(D(2026, 3, 7), 0) == D(2026, 3, 9)
    assert STATUTORY.add_working_days(D(2026, 4, 25), 0) == D(2026, 4, 28)  # Saturday, Giỗ Tổ, nghỉ bù


def test_negative_counts_are_refused_and_backwards_spans_are_negative():
    with pytest.raises(ValueError):
        STATUTORY.add_working_days(D(2026, 3, 2), -1)
    assert STATUTORY.working_days_between(D(2026, 3, 9), D(2026, 3, 2)) == -5
    assert STATUTORY.working_days_between(D(2026, 3, 2), D(2026, 3, 2)) == 0


def test_holidays_on_a_weekend_are_listed_with_their_reason():
    off = STATUTORY.day_off(D(2026, 4, 26))
    assert str(off.name) == "Giỗ Tổ Hùng Vương (10/3 âm lịch)" and "Điều 112" in off.source
    assert str(STATUTORY.day_off(D(2026, 3, 7)).name) == "nghỉ hằng tuần"


# Properties, over random announced days


days = st.dates(D(2024, 1, 1), D(2027, 12, 31))
adjustment_lists = st.lists(
    st.builds(
        Adjustment,
        day=days,
        kind=st.sampled_from(list(DayKind)),
        name=st.just("Điều chỉnh thử"),
    ),
    max_size=25,
    unique_by=lambda a: a.day,
)


@settings(max_examples=60, deadline=None)
@given(adjustments=adjustment_lists, start=days, n=st.integers(0, 300), m=st.integers(0, 300))
def test_adding_working_days_is_monotonic_and_lands_on_working_days(adjustments, start, n, m):
    calendar = WorkdayCalendar(adjustments)
    low, high = sorted((n, m))
    assert calendar.add_working_days(start, low) <= calendar.add_working_days(start, high)
    assert calendar.add_working_days(start, low) <= calendar.add_working_days(start + dt.timedelta(days=3), low)
    result = calendar.add_working_days(start, n)
    assert calendar.is_working_day(result) and calendar.day_off(result) is None
    assert result >= start


@settings(max_examples=60, deadline=None)
@given(adjustments=adjustment_lists, start=days, n=st.integers(0, 300))
def test_working_days_between_inverts_add_working_days(adjustments, start, n):
    calendar = WorkdayCalendar(adjustments)
    end = calendar.add_working_days(start, n)
    if calendar.is_working_day(start) or n > 0:
        assert calendar.working_days_between(start, end) == n
    else:  # n = 0 from a day off: the next working day, one working day later
        assert calendar.working_days_between(start, end) == 1


@settings(max_examples=40, deadline=None)
@given(start=st.dates(D(1995, 1, 1), D(2100, 10, 1)), n=st.integers(1, 40))
def test_statutory_calendar_properties_over_the_whole_range(start, n):
    end = STATUTORY.add_working_days(start, n)
    assert STATUTORY.working_days_between(start, end) == n
    assert STATUTORY.is_working_day(end)
    assert len(STATUTORY.days_off_between(start + dt.timedelta(days=1), end)) == (end - start).days - n
