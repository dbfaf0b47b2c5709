"""Values read from spreadsheet cells as people actually type them: dates, text, digit strings, gender.

Readers (python-calamine, openpyxl, csv) hand over `datetime.date`/`datetime` objects, numbers (Excel date
serials, identifiers that lost their leading zeros, "12.0" for 12), or text in many shapes, sometimes still in a
legacy 8-bit encoding (see :mod:`sotay.lib.vnlegacy`). Each reader here turns one such value into the form the
system stores, or raises :class:`CellError` with a Vietnamese message naming the value.

Dates are always day first (dd/mm/yyyy, as in Vietnam); month-first (US) order is never guessed. The module
also guards exports against formula injection: see :func:`is_formula_injection`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal, TypeVar

from sotay.lib.vnlegacy import fix_legacy_text
from sotay.lib.vntext import fold, nfc

# The same few values ("Không", "Kinh", cell names) repeat on every row of an import.
_fix_legacy = lru_cache(maxsize=65536)(fix_legacy_text)

Precision = Literal["day", "month", "year"]
_T = TypeVar("_T")

# Excel's 1900 date system: serial 1 is 1900-01-01 and serial 60 the 29 February 1900 that never was, so from
# serial 61 (1900-03-01) on, day = 1899-12-30 + serial. Earlier serials are refused as not plausible here.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_FIRST_SERIAL = 61
_MIN_YEAR, _MAX_YEAR = 1900, 2100
_LAST_SERIAL = (dt.date(_MAX_YEAR, 12, 31) - _EXCEL_EPOCH).days

_SEP = r"\s*[/.\-\s]\s*"
_DMY = re.compile(rf"(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}}|\d{{2}})")
_MY = re.compile(rf"(\d{{1,2}}){_SEP}(\d{{4}})")
_YMD = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ tT]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_WORDS = re.compile(r"\b(?:ngay|thang|nam)\b")
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")

_MALE = frozenset({"nam", "nam gioi", "m", "male"})
_FEMALE = frozenset({"nu", "nu gioi", "f", "female"})

# Characters that make a spreadsheet program read a cell as a formula, and their full-width forms.
_FORMULA_START = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
_PLAIN_NUMBER = re.compile(r"[+\-\uff0b\uff0d]\s*\d[\d\s.,]*")
_ONLY_DASHES = re.compile(r"[+\-\s]+")


class CellError(ValueError):
    """A cell value that cannot be read; the message is Vietnamese and names the value."""


@dataclass(frozen=True)
class ParsedDate:
    """A date read from a cell; `precision` says whether the day (or the month) was actually written."""

    value: dt.date
    precision: Precision = "day"

    @property
    def is_partial(self) -> bool:
        return self.precision != "day"

    def __str__(self) -> str:
        if self.precision == "year":
            return f"{self.value.year:04d}"
        if self.precision == "month":
            return f"{self.value:%m/%Y}"
        return f"{self.value:%d/%m/%Y}"


def _bad_date(value: object, hint: str = "") -> CellError:
    shown = _number_text(value) if isinstance(value, int | float | Decimal) and not isinstance(value, bool) else value
    return CellError(f"Ngày không hợp lệ: “{shown}” (cần dạng dd/mm/yyyy{hint}).")


def _refuse_month_first(value: object, month: int, day: int) -> None:
    if month > 12 >= day:
        raise _bad_date(value, ": ngày trước, tháng sau")


def _make_date(value: object, year: int, month: int, day: int) -> dt.date:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise CellError(f"Năm ngoài phạm vi {_MIN_YEAR}–{_MAX_YEAR}: “{value}”.")
    _refuse_month_first(value, month, day)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _bad_date(value) from None


def _full_year(value: object, yy: int, month: int, day: int, today: dt.date) -> int:
    """A two-digit year: this century unless that puts the date after `today`, then the previous one."""
    _refuse_month_first(value, month, day)
    year = today.year - today.year % 100 + yy
    try:
        later = dt.date(year, month, day) > today
    except ValueError:
        raise _bad_date(value) from None
    return year - 100 if later else year


def _from_number(original: int | float | Decimal) -> ParsedDate:
    value = float(original)
    if math.isnan(value) or math.isinf(value) or value < 0:
        raise _bad_date(original)
    whole = int(value)  # a fraction is the time of day
    if value == whole and _MIN_YEAR <= whole <= _MAX_YEAR:  # a year typed as a number, not serial 1900-2100
        return ParsedDate(dt.date(whole, 1, 1), "year")
    if value == whole and 1_000_000 <= whole <= 99_999_999:  # ddmmyyyy typed as a number (leading 0 lost)
        return _from_compact(f"{whole:08d}", whole)
    if not _FIRST_SERIAL <= whole <= _LAST_SERIAL:
        raise CellError(f"Số “{_number_text(original)}” không phải một ngày trong Excel (cần dạng dd/mm/yyyy).")
    return ParsedDate(_EXCEL_EPOCH + dt.timedelta(days=whole))


def _from_compact(digits: str, value: object) -> ParsedDate:
    """Eight digits: yyyymmdd when that is a real date (the year first is unmistakable), else ddmmyyyy."""
    year = int(digits[:4])
    if _MIN_YEAR <= year <= _MAX_YEAR:
        try:
            return ParsedDate(dt.date(year, int(digits[4:6]), int(digits[6:])))
        except ValueError:
            pass
    return ParsedDate(_make_date(value, int(digits[4:]), int(digits[2:4]), int(digits[:2])))


def parse_date_cell(value: object, *, today: dt.date | None = None) -> ParsedDate:
    """Read a date cell: a date object, an Excel serial, or text.

    Text may be dd/mm/yyyy with /, -, . or spaces between the parts (one-digit day and month and two-digit
    years allowed: "5/3/85" is 05/03/1985 — a two-digit year never lands after `today`), mm/yyyy or yyyy alone
    (the 1st of the month or 1 January, marked partial), ISO yyyy-mm-dd (a time after it is ignored), eight
    digits, or words: "ngày 05 tháng 3 năm 1985", "tháng 3 năm 1985", "năm 1985".
    """
    today = today or dt.date.today()
    if isinstance(value, dt.datetime):
        return ParsedDate(value.date())
    if isinstance(value, dt.date):
        return ParsedDate(value)
    if isinstance(value, bool):
        raise _bad_date(value)
    if isinstance(value, int | float | Decimal):
        return _from_number(value)
    text = clean_text_cell(value)
    if not text:
        raise CellError("Ô ngày đang để trống.")
    key = _WORDS.sub(" ", fold(text)).strip(" ,")
    key = re.sub(r"\s+", " ", key)
    if match := _YMD.fullmatch(key):
        year, month, day = (int(g) for g in match.groups())
        return ParsedDate(_make_date(text, year, month, day))
    if match := _DMY.fullmatch(key):
        day, month, year = (int(g) for g in match.groups())
        if len(match[3]) == 2:
            year = _full_year(text, year, month, day, today)
        return ParsedDate(_make_date(text, year, month, day))
    if match := _MY.fullmatch(key):
        month, year = int(match[1]), int(match[2])
        return ParsedDate(_make_date(text, year, month, 1), "month")
    if re.fullmatch(r"\d{4}", key):
        return ParsedDate(_make_date(text, int(key), 1, 1), "year")
    if re.fullmatch(r"\d{8}", key):
        return _from_compact(key, text)
    raise _bad_date(text)


def _number_text(value: float | int | Decimal) -> str:
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        if value.is_integer():
            return str(int(value))
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    return str(value)


def clean_text_cell(value: object, *, fix_legacy: bool = True) -> str:
    """Any cell as clean text: legacy TCVN3/VNI converted, NFC, single spaces, trimmed; None is "".

    Whole numbers lose the ".0" a reader may add (12.0 → "12"); dates become dd/mm/yyyy. Numbers cannot keep
    leading zeros: for identifier columns use :func:`digits_cell`.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int | float | Decimal):
        return _number_text(value)
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y}" if value.time() == dt.time() else f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    text = _INVISIBLE.sub("", str(value))
    if fix_legacy:
        text = _fix_legacy(text)[0]
    return nfc(text)


def digits_cell(value: object, length: int | None = None, *, max_lost_zeros: int = 2) -> str:
    """An identifier made of digits (citizen ID, phone…), "" for an empty cell.

    Spaces, dots, dashes, parentheses and a leading apostrophe are dropped ("034 085 012345"). Given `length`,
    a value short of it by at most `max_lost_zeros` digits gets back the leading zeros a spreadsheet drops from
    numbers (33085012345 → "033085012345"; a citizen ID starts with a province code 001-096, a phone number with
    0). Anything shorter or longer is returned as it is, for the field's own check to report.
    """
    fraction = isinstance(value, float) and math.isfinite(value) and not value.is_integer()
    if fraction or isinstance(value, Decimal) and value.is_finite() and value != value.to_integral_value():
        raise CellError(f"“{value}” không phải một dãy chữ số.")
    text = clean_text_cell(value, fix_legacy=False)
    digits = re.sub(r"[\s.\-()]", "", text).lstrip("'")
    if not digits:
        return ""
    if not digits.isascii() or not digits.isdigit():
        raise CellError(f"“{text}” phải là một dãy chữ số.")
    if length is not None and length - max_lost_zeros <= len(digits) < length:
        digits = digits.zfill(length)
    return digits


def parse_gender_cell(value: object) -> Literal["M", "F"]:
    """Gender code: M for Nam (nam, Nam giới, M, male), F for Nữ (nu, Nữ giới, F, female).

    Digits are refused: sheets use 0/1 both ways round.
    """
    key = fold(clean_text_cell(value)).strip(" .")
    if key in _MALE:
        return "M"
    if key in _FEMALE:
        return "F"
    raise CellError(f"Giới tính không hợp lệ: “{clean_text_cell(value)}” (cần “Nam” hoặc “Nữ”).")


def is_formula_injection(text: str) -> bool:
    """Whether a spreadsheet program could run this text as a formula (CSV/formula injection).

    The rule: after any leading spaces, tabs and line breaks, the text starts with =, +, - or @ (or their
    full-width forms). Two harmless shapes are let through because they are common data: a plain signed number
    ("-5", "+84 912 345 678", "-1,5") and dashes alone ("-", "--", a placeholder for "none").
    """
    stripped = text.lstrip(" \t\r\n")
    if not stripped or stripped[0] not in _FORMULA_START:
        return False
    return not (_PLAIN_NUMBER.fullmatch(stripped) or _ONLY_DASHES.fullmatch(stripped))


def escape_for_export(value: _T) -> _T | str:
    """Text a spreadsheet could run as a formula, prefixed with an apostrophe; anything else unchanged."""
    if isinstance(value, str) and is_formula_injection(value):
        return "'" + value
    return value
