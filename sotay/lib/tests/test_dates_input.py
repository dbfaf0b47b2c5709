"""parse_date_vn / parse_time_vn: every accepted form round-trips; bad input gets a Vietnamese ValueError."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sotay.lib.dates import parse_date_vn, parse_time_vn, two_digit_year

TODAY = dt.date(2026, 12, 2)


def date_forms(day: dt.date) -> list[str]:
    d, m, y = day.day, day.month, day.year
    return [
        f"{d:02d}/{m:02d}/{y}",
        f"{d}/{m}/{y}",
        f"{d:02d}{m:02d}{y}",
        f"{d:02d}-{m:02d}-{y}",
        f"{d:02d}.{m:02d}.{y}",
        f"{d:02d} {m:02d} {y}",
        f" {d:02d} / {m:02d} / {y} ",
        day.isoformat(),
    ]


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_four_digit_year_form_round_trips(day):
    for text in date_forms(day):
        assert parse_date_vn(text, today=TODAY) == day, text


# Two-digit years reach 1928-2027 when today is in 2026.
@given(st.dates(min_value=dt.date(1928, 1, 1), max_value=dt.date(2027, 12, 31)))
def test_every_two_digit_year_form_round_trips(day):
    d, m, yy = day.day, day.month, day.year % 100
    for text in (f"{d}/{m}/{yy:02d}", f"{d:02d}/{m:02d}/{yy:02d}", f"{d:02d}{m:02d}{yy:02d}"):
        assert parse_date_vn(text, today=TODAY) == day, text


def test_two_digit_year_pivot_is_next_year():
    assert two_digit_year(27, TODAY) == 2027
    assert two_digit_year(28, TODAY) == 1928
    assert two_digit_year(0, TODAY) == 2000
    assert two_digit_year(99, TODAY) == 1999


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24/12/2026", dt.date(2026, 12, 24)),
        ("4/2/2026", dt.date(2026, 2, 4)),
        ("4/2/26", dt.date(2026, 2, 4)),
        ("4/2/75", dt.date(1975, 2, 4)),
        ("24122026", dt.date(2026, 12, 24)),
        ("241226", dt.date(2026, 12, 24)),
        ("31-12-2025", dt.date(2025, 12, 31)),
        ("31.12.2025", dt.date(2025, 12, 31)),
        ("31 12 2025", dt.date(2025, 12, 31)),
        ("2026-12-24", dt.date(2026, 12, 24)),
        ("29/02/2024", dt.date(2024, 2, 29)),
        ("01/01/1900", dt.date(1900, 1, 1)),
        ("31/12/2100", dt.date(2100, 12, 31)),
    ],
)
def test_examples_are_understood(text, expected):
    assert parse_date_vn(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("31/02/2025", "Không có ngày 31/02/2025"),
        ("29/02/2025", "Không có ngày 29/02/2025"),
        ("00/01/2025", "Không có ngày 00/01/2025"),
        ("01/13/2025", "Tháng 13"),
        ("31/12/9999", "Năm 9999"),
        ("31/12/1899", "Năm 1899"),
        ("99999999", "Năm 9999"),
        ("abc", "Không hiểu ngày"),
        ("1/2/123", "Không hiểu ngày"),
        ("2412202", "Không hiểu ngày"),
        ("", "Chưa nhập ngày"),
    ],
)
def test_refusals_have_a_vietnamese_message(text, fragment):
    with pytest.raises(ValueError, match=fragment):
        parse_date_vn(text, today=TODAY)


def time_forms(t: dt.time) -> list[str]:
    h, m = t.hour, t.minute
    forms = [f"{h:02d}:{m:02d}", f"{h}:{m:02d}", f"{h:02d}.{m:02d}", f"{h:02d}{m:02d}", f"{h}h{m:02d}", f"{h} giờ {m}"]
    if h:
        forms.append(f"{h}{m:02d}")
    if m == 0:
        forms += [f"{h}h", f"{h} giờ"]
    h12 = h % 12 or 12
    forms.append(f"{h12}:{m:02d} {'PM' if h >= 12 else 'AM'}")
    if 1 <= h <= 10:
        forms.append(f"{h}h{m:02d} sáng")
    if 13 <= h <= 17:
        forms.append(f"{h12}h{m:02d} chiều")
    if 18 <= h <= 23:
        forms.append(f"{h12} giờ {m} tối")
    if h in (11, 12):
        forms.append(f"{h}h{m:02d} trưa")
    if 21 <= h <= 23:
        forms.append(f"{h12}h{m:02d} đêm")
    if h == 0:
        forms.append(f"12h{m:02d} đêm")
    return forms


@given(st.times().map(lambda t: t.replace(second=0, microsecond=0)))
def test_every_time_form_round_trips(t):
    for text in time_forms(t):
        assert parse_time_vn(text) == t, text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19:30", dt.time(19, 30)),
        ("19.30", dt.time(19, 30)),
        ("1930", dt.time(19, 30)),
        ("930", dt.time(9, 30)),
        ("19h30", dt.time(19, 30)),
        ("19h", dt.time(19, 0)),
        ("7h30 tối", dt.time(19, 30)),
        ("7h30 chiều", dt.time(19, 30)),
        ("7 giờ 30 sáng", dt.time(7, 30)),
        ("7:30 PM", dt.time(19, 30)),
        ("7:30 AM", dt.time(7, 30)),
        ("12 giờ trưa", dt.time(12, 0)),
        ("11 giờ đêm", dt.time(23, 0)),
        ("19h tối", dt.time(19, 0)),
    ],
)
def test_time_examples_are_understood(text, expected):
    assert parse_time_vn(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("25:00", "Không có giờ 25:00"),
        ("19:60", "Không có giờ 19:60"),
        ("19h sáng", "không thể là buổi sáng"),
        ("abc", "Không hiểu giờ"),
        ("", "Chưa nhập giờ"),
    ],
)
def test_time_refusals_have_a_vietnamese_message(text, fragment):
    with pytest.raises(ValueError, match=fragment):
        parse_time_vn(text)
