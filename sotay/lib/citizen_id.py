"""The 12-digit citizen ID (số định danh cá nhân / CCCD) and its structure.

Digits 1-3: code of the province of birth registration (the pre-2025 list of 63 codes, which IDs keep);
digit 4: century and gender (0/1 = male/female born 1900-1999, 2/3 = 2000-2099, 4/5 = 2100-2199,
6/7 = 2200-2299, 8/9 = 1800-1899); digits 5-6: the last two digits of the year of birth; digits 7-12 random.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

PROVINCE_CODES = frozenset(
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 "
    "038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 "
    "080 082 083 084 086 087 089 091 092 093 094 095 096".split()
)
_CENTURY_BASE = {0: 1900, 2: 2000, 4: 2100, 6: 2200, 8: 1800}
_DIGITS = re.compile(r"\d{12}")


class CitizenIdError(ValueError):
    pass


def century_gender_digit(born: dt.date, female: bool) -> int:
    for digit, base in _CENTURY_BASE.items():
        if base <= born.year < base + 100:
            return digit + (1 if female else 0)
    raise CitizenIdError(_("Năm sinh ngoài phạm vi của số định danh."))


def validate_citizen_id(value: str, *, born: dt.date | None = None, female: bool | None = None) -> str:
    """Return the cleaned ID or raise CitizenIdError with a Vietnamese message."""
    value = (value or "").strip().replace(" ", "")
    if not _DIGITS.fullmatch(value):
        raise CitizenIdError(_("Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số."))
    if value[:3] not in PROVINCE_CODES:
        raise CitizenIdError(_("Ba chữ số đầu “%(d)s” không phải mã tỉnh nơi đăng ký khai sinh.") % {"d": value[:3]})
    digit = int(value[3])
    if born is not None:
        base = _CENTURY_BASE[digit - digit % 2]
        if base + int(value[4:6]) != born.year:
            raise CitizenIdError(
                _("Số định danh ghi năm sinh %(y)s, không khớp với ngày sinh %(d)s.")
                % {"y": base + int(value[4:6]), "d": f"{born:%d/%m/%Y}"}
            )
    if female is not None and bool(digit % 2) != female:
        raise CitizenIdError(_("Chữ số thứ tư của số định danh không khớp với giới tính."))
    return value


def make_citizen_id(province_code: str, born: dt.date, female: bool, serial: int) -> str:
    """Build a well-formed ID (demo data and tests)."""
    return f"{province_code}{century_gender_digit(born, female)}{born.year % 100:02d}{serial % 1_000_000:06d}"
