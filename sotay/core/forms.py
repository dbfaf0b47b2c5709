"""Form helpers shared by every app: the dd/mm/yyyy date input and service errors onto a form."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import ModelFormMetaclass
from django.utils.translation import gettext_lazy as _

from sotay.lib.dates import parse_date_vn, parse_time_vn

# inputmode "text": on Android the numeric keypad has no "/"; no `pattern`, the server parses what is typed
# (24122026, 31-12-2025, ...) and static/core/dates.js shows the understood date back with its weekday.
DATE_ATTRS = {
    "placeholder": "dd/mm/yyyy",
    "inputmode": "text",
    "autocomplete": "off",
    "data-vn-date": "",
    "data-vn-pick": _("Chọn ngày"),
}
TIME_ATTRS = {"placeholder": "19:30", "inputmode": "text", "autocomplete": "off", "data-vn-time": ""}


class DateInput(forms.DateInput):
    """A text input for dd/mm/yyyy (a browser date picker would show and send other formats)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={**DATE_ATTRS, **(attrs or {})}, format="%d/%m/%Y")


class TimeInput(forms.TimeInput):
    """A text input for 19:30 (also 1930, 19h30, 7h30 tối: see sotay.lib.dates.parse_time_vn)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={**TIME_ATTRS, **(attrs or {})}, format="%H:%M")


class VNDateField(forms.DateField):
    """A date as people type it on a phone: 24/12/2026, 24122026, 241226, 24-12-2026, 24.12.2026, ISO."""

    widget = DateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date_vn(str(value))
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from None


class VNTimeField(forms.TimeField):
    """A time as people type it: 19:30, 19.30, 1930, 930, 19h30, 19h, 7h30 tối, 7:30 PM."""

    widget = TimeInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.time):
            return value
        try:
            return parse_time_vn(str(value))
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from None


def vn_formfield(db_field, **kwargs):
    """formfield_callback for ModelForms: model date and time fields get VNDateField / VNTimeField."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("form_class", VNDateField)
    elif isinstance(db_field, models.TimeField):
        kwargs.setdefault("form_class", VNTimeField)
    return db_field.formfield(**kwargs)


class VNModelFormMetaclass(ModelFormMetaclass):
    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and getattr(meta, "formfield_callback", None) is None:
            meta.formfield_callback = staticmethod(vn_formfield)
        return super().__new__(mcs, name, bases, attrs)


class VNModelForm(forms.ModelForm, metaclass=VNModelFormMetaclass):
    """Base for the project's ModelForms: generated date/time fields accept what people type (VNDateField)."""


def add_form_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: field errors by field, the rest at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(None, message)
