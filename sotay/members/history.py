"""A member's change history as people read it: field labels, display values, dd/mm/yyyy, masked IDs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from vietnam_provinces import Province, ProvinceCode, Ward, WardCode

from .models import Member, MemberChange

EXTRA_LABELS = {
    "reason": gettext_noop("Lý do"),
    "party_age_gap": gettext_noop("Thời gian không tính tuổi đảng"),
    "badge_years": gettext_noop("Huy hiệu Đảng (năm tuổi đảng)"),
    "badge_number": gettext_noop("Số Huy hiệu Đảng"),
    "transfer": gettext_noop("Chuyển sinh hoạt đảng"),
}


@dataclass(frozen=True)
class ChangeLine:
    label: str
    old: str
    new: str


def _mask(value: str) -> str:
    return f"{value[:3]}******{value[-3:]}" if value and len(value) >= 6 else value


def _display(field_name: str, value) -> str:
    if value in (None, ""):
        return "—"
    try:
        field = Member._meta.get_field(field_name)
    except FieldDoesNotExist:
        return str(value)
    if isinstance(field, Field) and field.choices:
        return str(dict(field.choices).get(value, value))
    if field_name == "citizen_id":
        return _mask(str(value))
    if field_name.endswith("_province_code"):
        try:
            return Province.from_code(ProvinceCode(int(value))).name
        except ValueError:
            return str(value)
    if field_name.endswith("_ward_code"):
        try:
            return Ward.from_code(WardCode(int(value))).name
        except ValueError:
            return str(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


def _label(field_name: str) -> str:
    if field_name in EXTRA_LABELS:
        return _(EXTRA_LABELS[field_name])
    try:
        label = str(cast(Field, Member._meta.get_field(field_name)).verbose_name)  # history keys are columns
    except FieldDoesNotExist:
        return field_name
    return label[:1].upper() + label[1:]


def describe(changes: dict) -> list[ChangeLine]:
    """{field: [old, new]} as labelled, displayable lines."""
    return [
        ChangeLine(_label(name), _display(name, pair[0]), _display(name, pair[1]))
        for name, pair in changes.items()
        if isinstance(pair, list | tuple) and len(pair) == 2
    ]


def change_lines(change: MemberChange) -> list[ChangeLine]:
    return describe(change.changes)
