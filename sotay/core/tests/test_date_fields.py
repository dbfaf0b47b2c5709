"""VNDateField / VNTimeField and the shared widgets; every date/time field in the project's forms uses them."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil

import pytest
from django import forms

import sotay
from sotay.core.forms import DateInput, TimeInput, VNDateField, VNTimeField


def test_date_field_accepts_what_people_type():
    field = VNDateField()
    for text in ("24/12/2026", "24122026", "24-12-2026", "24.12.2026", "24 12 2026", "2026-12-24"):
        assert field.clean(text) == dt.date(2026, 12, 24), text


def test_date_field_refuses_with_a_vietnamese_message():
    with pytest.raises(forms.ValidationError) as info:
        VNDateField().clean("31/02/2025")
    assert info.value.messages == ["Không có ngày 31/02/2025 trong lịch."]
    with pytest.raises(forms.ValidationError, match="Năm 9999"):
        VNDateField().clean("31/12/9999")
    assert VNDateField(required=False).clean("") is None


def test_time_field_accepts_what_people_type():
    field = VNTimeField()
    for text in ("19:30", "1930", "19h30", "7h30 tối", "7:30 PM"):
        assert field.clean(text) == dt.time(19, 30), text
    with pytest.raises(forms.ValidationError, match="Không có giờ 25:00"):
        field.clean("25:00")


def test_date_widget_offers_a_keyboard_with_a_slash_and_no_pattern():
    html = DateInput().render("day", dt.date(2026, 12, 24))
    assert 'value="24/12/2026"' in html
    assert 'inputmode="text"' in html
    assert 'autocomplete="off"' in html
    assert 'placeholder="dd/mm/yyyy"' in html
    assert "data-vn-date" in html
    assert 'data-vn-pick="Chọn ngày"' in html
    assert "pattern" not in html
    time_html = TimeInput().render("time", dt.time(19, 30))
    assert 'value="19:30"' in time_html and 'placeholder="19:30"' in time_html and "data-vn-time" in time_html


def test_model_forms_get_the_vietnamese_fields():
    from sotay.meetings.forms import ScheduleForm
    from sotay.members.forms import MemberForm

    birth = MemberForm.base_fields["birth_on"]
    assert isinstance(birth, VNDateField) and isinstance(birth.widget, DateInput)
    assert isinstance(ScheduleForm.base_fields["start_time"], VNTimeField)


def _all_form_classes():
    for module in pkgutil.walk_packages(sotay.__path__, "sotay."):
        leaf = module.name.rsplit(".", 1)[-1]
        if ".tests" in module.name or ".migrations" in module.name:
            continue
        if "forms" in leaf or "views" in leaf or leaf == "statistics":
            importlib.import_module(module.name)
    pending, seen = [forms.BaseForm], set()
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                pending.append(sub)
    return [cls for cls in seen if cls.__module__.startswith("sotay.")]


def test_every_date_and_time_field_in_the_project_accepts_phone_input():
    fields = [
        (f"{cls.__module__}.{cls.__name__}.{name}", field)
        for cls in _all_form_classes()
        for name, field in getattr(cls, "base_fields", {}).items()
        if isinstance(field, (forms.DateField, forms.TimeField))
    ]
    assert len(fields) > 40  # the walk really found the project's forms
    assert [name for name, field in fields if not isinstance(field, (VNDateField, VNTimeField))] == []
