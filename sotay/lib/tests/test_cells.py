"""Cells as people type them: dates in every usual form, clean text, digit identifiers, formula injection, gender."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sotay.lib.cells import (
    CellError,
    ParsedDate,
    clean_text_cell,
    digits_cell,
    escape_for_export,
    is_formula_injection,
    parse_date_cell,
    parse_gender_cell,
)
from sotay.lib.vnlegacy import from_unicode_tcvn3, from_unicode_vni

TODAY = dt.date(2025, 6, 1)
MARCH_5 = dt.date(1985, 3, 5)


# -- dates ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value",
    [
        MARCH_5,
        dt.datetime(1985, 3, 5, 14, 30),
        31111,  # Excel serial
        31111.0,
        31111.6,  # with a time of day
        Decimal("31111"),
        "05/03/1985",
        "5/3/1985",
        "5/3/85",
        "05-03-1985",
        "05.03.1985",
        "05 03 1985",
        " 05 / 03 / 1985 ",
        "1985-03-05",
        "1985-03-05 00:00:00",
        "1985-03-05T08:15",
        "ngày 05 tháng 3 năm 1985",
        "Ngày 5 tháng 03 năm 1985",
        "NGÀY 05 THÁNG 03 NĂM 1985",
        "ngay 5 thang 3 nam 1985",
        "ngày 05/03/1985",
        "05031985",
        "19850305",
        5031985,  # ddmmyyyy typed as a number: the leading zero is gone
        from_unicode_tcvn3("ngày 05 tháng 3 năm 1985"),
    ],
)
def test_every_usual_form_of_a_day(value):
    assert parse_date_cell(value, today=TODAY) == ParsedDate(MARCH_5, "day")


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1985", ParsedDate(dt.date(1985, 1, 1), "year")),
        (1985, ParsedDate(dt.date(1985, 1, 1), "year")),  # a year typed as a number is not serial 1985 (1905)
        (1985.0, ParsedDate(dt.date(1985, 1, 1), "year")),
        ("năm 1985", ParsedDate(dt.date(1985, 1, 1), "year")),
        ("03/1985", ParsedDate(dt.date(1985, 3, 1), "month")),
        ("3/1985", ParsedDate(dt.date(1985, 3, 1), "month")),
        ("3-1985", ParsedDate(dt.date(1985, 3, 1), "month")),
        ("tháng 3 năm 1985", ParsedDate(dt.date(1985, 3, 1), "month")),
        ("tháng 3/1985", ParsedDate(dt.date(1985, 3, 1), "month")),
    ],
)
def test_partial_dates_are_marked(value, expected):
    parsed = parse_date_cell(value, today=TODAY)
    assert parsed == expected and parsed.is_partial


def test_parsed_dates_print_as_written():
    assert str(ParsedDate(MARCH_5)) == "05/03/1985"
    assert str(ParsedDate(dt.date(1985, 3, 1), "month")) == "03/1985"
    assert str(ParsedDate(dt.date(1985, 1, 1), "year")) == "1985"
    assert not ParsedDate(MARCH_5).is_partial


def test_excel_serials():
    assert parse_date_cell(45658).value == dt.date(2025, 1, 1)
    assert parse_date_cell(61).value == dt.date(1900, 3, 1)
    assert parse_date_cell(36526).value == dt.date(2000, 1, 1)


@pytest.mark.parametrize(
    "text, today, expected",
    [
        ("5/3/85", TODAY, dt.date(1985, 3, 5)),
        ("5/3/20", TODAY, dt.date(2020, 3, 5)),
        ("1/6/25", TODAY, dt.date(2025, 6, 1)),  # today itself is not in the future
        ("2/6/25", TODAY, dt.date(1925, 6, 2)),
        ("31/12/99", TODAY, dt.date(1999, 12, 31)),
        ("1/1/00", TODAY, dt.date(2000, 1, 1)),
        ("29/2/00", TODAY, dt.date(2000, 2, 29)),
    ],
)
def test_two_digit_years_never_land_in_the_future(text, today, expected):
    assert parse_date_cell(text, today=today).value == expected


@given(st.dates(dt.date(1900, 3, 1), dt.date(2100, 12, 31)))
def test_any_date_written_any_usual_way_reads_back(day):
    forms = [
        f"{day:%d/%m/%Y}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day:%d-%m-%Y}",
        f"{day:%d.%m.%Y}",
        day.isoformat(),
        f"ngày {day.day} tháng {day.month} năm {day.year}",
        f"{day:%d%m%Y}",
        day,
        dt.datetime.combine(day, dt.time(9, 30)),
    ]
    for form in forms:
        assert parse_date_cell(form, today=TODAY) == ParsedDate(day), form


@given(st.dates(dt.date(1900, 3, 1), dt.date(2100, 12, 31)))
def test_excel_serials_read_back(day):
    serial = (day - dt.date(1899, 12, 30)).days
    assume(not 1900 <= serial <= 2100)  # numbers that look like a year are read as years
    assert parse_date_cell(serial).value == day
    assert parse_date_cell(float(serial) + 0.25).value == day


@given(st.dates(dt.date(1925, 6, 2), TODAY))
def test_two_digit_years_read_back_within_the_last_hundred_years(day):
    assert parse_date_cell(f"{day.day}/{day.month}/{day.year % 100:02d}", today=TODAY).value == day


def test_impossible_day_message():
    with pytest.raises(CellError) as exc:
        parse_date_cell("31/02/1990")
    assert str(exc.value) == "Ngày không hợp lệ: “31/02/1990” (cần dạng dd/mm/yyyy)."


@pytest.mark.parametrize("text", ["03/25/1990", "12/13/1985", "2/28/85"])
def test_month_first_is_never_accepted(text):
    with pytest.raises(CellError, match="ngày trước, tháng sau"):
        parse_date_cell(text, today=TODAY)


def test_ambiguous_day_month_is_read_day_first():
    assert parse_date_cell("04/05/1990").value == dt.date(1990, 5, 4)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        None,
        True,
        "abc",
        "32/1/2000",
        "0/1/2000",
        "1/0/2000",
        "13/1985",
        "5/3/1800",
        "1/1/2200",
        "1800",
        "05/03/1985 và 06/03/1985",
        -1,
        0,
        60,  # 29/02/1900, a day that never was
        10**12,
        float("nan"),
        float("inf"),
        "99999999",
    ],
)
def test_bad_dates_are_refused_in_vietnamese(value):
    with pytest.raises(CellError) as exc:
        parse_date_cell(value, today=TODAY)
    assert "ngày" in str(exc.value).lower() or "năm" in str(exc.value).lower()


def test_cell_error_is_a_value_error():
    assert issubclass(CellError, ValueError)


# -- text ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value, expected",
    [
        (None, ""),
        ("", ""),
        ("  Nguyễn   Văn\n An  ", "Nguyễn Văn An"),
        (unicodedata.normalize("NFD", "Nguyễn Văn Ấn"), "Nguyễn Văn Ấn"),
        ("Nguyễn\u00a0Văn\u200bAn", "Nguyễn VănAn"),
        ("\ufeffHọ và tên", "Họ và tên"),
        (12, "12"),
        (12.0, "12"),
        (34085012345.0, "34085012345"),
        (3.5, "3.5"),
        (Decimal("12.00"), "12"),
        (Decimal("1.50"), "1.50"),
        (float("nan"), ""),
        (True, "Có"),
        (MARCH_5, "05/03/1985"),
        (dt.datetime(1985, 3, 5), "05/03/1985"),
        (dt.datetime(1985, 3, 5, 7, 5), "05/03/1985 07:05"),
        (from_unicode_tcvn3("Trần Thị Thu Hương"), "Trần Thị Thu Hương"),
        (from_unicode_vni("Trần Thị Thu Hương"), "Trần Thị Thu Hương"),
        ("Müller", "Müller"),
    ],
)
def test_clean_text_cell(value, expected):
    assert clean_text_cell(value) == expected


def test_legacy_fixing_can_be_turned_off():
    assert clean_text_cell("Hä  vµ tªn", fix_legacy=False) == "Hä vµ tªn"


@given(st.text())
def test_clean_text_is_nfc_single_spaced_and_stable(text):
    cleaned = clean_text_cell(text)
    assert unicodedata.is_normalized("NFC", cleaned)
    assert cleaned == cleaned.strip() and "  " not in cleaned
    assert clean_text_cell(cleaned, fix_legacy=False) == cleaned


# -- digits --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value, length, expected",
    [
        (33085012345, 12, "033085012345"),
        (33085012345.0, 12, "033085012345"),
        (1085012345, 12, "001085012345"),
        ("033085012345", 12, "033085012345"),
        (" 034 085 012345 ", 12, "034085012345"),
        ("'034085012345", 12, "034085012345"),
        (912345678, 10, "0912345678"),
        ("0912.345.678", 10, "0912345678"),
        ("0912-345-678", None, "0912345678"),
        ("(0203) 3821 234", None, "02033821234"),
        ("71234567", None, "71234567"),
        ("1234567890123", 12, "1234567890123"),  # too long: left for the field's own check
        ("12345", 12, "12345"),  # far too short to be a number that lost its zeros
        (85012345, 12, "85012345"),
        (None, 12, ""),
        ("", 12, ""),
        ("  ", None, ""),
    ],
)
def test_digits_cell(value, length, expected):
    assert digits_cell(value, length) == expected


@pytest.mark.parametrize("value", ["03408501234a", "3.3085E+10", "０１２３", 12.5, Decimal("1.5"), True])
def test_non_digits_are_refused(value):
    with pytest.raises(CellError, match="chữ số"):
        digits_cell(value, 12)


def test_how_many_lost_zeros_are_restored_can_be_set():
    assert digits_cell(85012345, 12, max_lost_zeros=4) == "000085012345"
    assert digits_cell(33085012345, 12, max_lost_zeros=0) == "33085012345"


@given(st.integers(1, 96), st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_citizen_ids_that_spreadsheets_turned_into_numbers_get_their_zeros_back(province, rest):
    cid = f"{province:03d}{rest}"
    assert digits_cell(int(cid), 12) == cid
    assert digits_cell(float(int(cid)), 12) == cid
    assert digits_cell(str(int(cid)), 12) == cid  # a CSV saved from such a sheet


# -- formula injection ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        '=HYPERLINK("http://x","bấm")',
        "+A1",
        "-2+3",
        "-cmd|' /C calc'!A0",
        "@SUM(A1:A2)",
        " =1+1",
        "\t=1+1",
        "\r\n@x",
        "- Nội dung",
        "＝1+1",
        "+84 912 abc",
    ],
)
def test_formula_injection_is_recognised(text):
    assert is_formula_injection(text)
    assert escape_for_export(text) == "'" + text


@pytest.mark.parametrize(
    "text",
    ["", "Nguyễn Văn An", "-5", "-1,5", "- 3.5", "+84912345678", "+84 912 345 678", "-", "--", "  -  ", "a=b", "'=1"],
)
def test_harmless_text_is_left_alone(text):
    assert not is_formula_injection(text)
    assert escape_for_export(text) == text


@pytest.mark.parametrize("value", [None, 5, -5, 1.5, MARCH_5, Decimal("-1")])
def test_only_text_is_escaped(value):
    assert escape_for_export(value) == value


@given(st.text())
def test_escaped_text_is_never_a_formula(text):
    escaped = escape_for_export(text)
    assert not is_formula_injection(escaped)
    assert escaped in (text, "'" + text)


# -- gender --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["Nam", "nam", "NAM", " Nam ", "M", "m", "male", "Male", "Nam giới"])
def test_male(value):
    assert parse_gender_cell(value) == "M"


@pytest.mark.parametrize(
    "value", ["Nữ", "nữ", "NỮ", "nu", "Nu", "F", "female", "Nữ giới", from_unicode_tcvn3("Nữ"), from_unicode_vni("Nữ")]
)
def test_female(value):
    assert parse_gender_cell(value) == "F"


@pytest.mark.parametrize("value", ["", None, "1", "0", 1, "x", "Nam/Nữ", "Khác"])
def test_other_genders_are_refused(value):
    with pytest.raises(CellError, match="Giới tính không hợp lệ"):
        parse_gender_cell(value)
