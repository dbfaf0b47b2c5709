"""Form helpers shared by every app: the text rule of every form, the dd/mm/yyyy date input and service errors onto
a form.

The text rule (`install_text_rule`, run once at start-up by `sotay.core.apps`): every text a form receives — a
`forms.CharField` or any field built on it (e-mail, URL, slug, the fields of every ModelForm) — is NFC-normalised
and loses its control characters (ESC, BEL, NUL…), bidirectional overrides and zero-width characters
(`sotay.lib.vntext.strip_invisible`); a one-line input also has its line breaks and runs of spaces made single
spaces. Passwords are left exactly as typed. Every date a form receives must fall between 01/01/1900 and 31/12/2100
(`sotay.lib.dates.EARLIEST`, `LATEST`): 31/12/9999 would overflow the first deadline computed from it. A whole
number past ±2,147,483,647 is refused unless the field sets a larger max_value. These are rules of the form layer,
so no app can forget them.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import ModelFormMetaclass
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from sotay.lib.dates import out_of_range_message, parse_date_vn, parse_time_vn
from sotay.lib.vntext import clean_multiline, nfc

_original_to_python = forms.CharField.to_python
_original_date_to_python = forms.DateField.to_python
_original_datetime_to_python = forms.DateTimeField.to_python
_original_int_to_python = forms.IntegerField.to_python
# The largest whole number a form takes unless the field says otherwise: PostgreSQL's integer; past SQLite's 64 bits
# a number does not even reach the database (OverflowError, a 500).
MAX_FORM_INTEGER = 2_147_483_647


def clean_form_text(field: forms.CharField, value):
    if not isinstance(value, str) or not value or isinstance(field.widget, forms.PasswordInput):
        return value
    value = clean_multiline(value) if isinstance(field.widget, forms.Textarea) else nfc(value)
    return value if value else field.empty_value


def _to_python(self, value):
    return clean_form_text(self, _original_to_python(self, value))


def _check_range(value):
    day = value.date() if isinstance(value, dt.datetime) else value
    if isinstance(day, dt.date):
        message = out_of_range_message(day)
        if message:
            raise ValidationError(message, code="out_of_range")
    return value


def _date_to_python(self, value):
    return _check_range(_original_date_to_python(self, value))


def _datetime_to_python(self, value):
    return _check_range(_original_datetime_to_python(self, value))


def _int_to_python(self, value):
    value = _original_int_to_python(self, value)
    if isinstance(value, int) and abs(value) > MAX_FORM_INTEGER and (self.max_value is None or value < 0):
        raise ValidationError(
            _("Số %(v)s quá lớn.") % {"v": f"{value:.3g}" if abs(value) > 10**15 else value}, code="max_value"
        )
    return value


def install_text_rule() -> None:
    """Make every CharField clean its text, every DateField / DateTimeField refuse a day outside 1900–2100 and
    every IntegerField a number past ±MAX_FORM_INTEGER (see the module's docstring); idempotent."""
    if forms.CharField.to_python is not _to_python:
        forms.CharField.to_python = _to_python  # type: ignore[method-assign]  # the rule is a patch
    if forms.DateField.to_python is not _date_to_python:
        forms.DateField.to_python = _date_to_python  # type: ignore[method-assign]  # the rule is a patch
    if forms.DateTimeField.to_python is not _datetime_to_python:
        forms.DateTimeField.to_python = _datetime_to_python  # type: ignore[method-assign]  # the rule is a patch
    if forms.IntegerField.to_python is not _int_to_python:
        forms.IntegerField.to_python = _int_to_python  # type: ignore[method-assign]  # the rule is a patch


# inputmode "text": on Android the numeric keypad has no "/"; no `pattern`, the server parses what is typed
# (24122026, 31-12-2025, ...) and static/core/dates.js shows the understood date back with its weekday.
DATE_ATTRS = {
    "placeholder": "dd/mm/yyyy",
    "inputmode": "text",
    "autocomplete": "off",
    "data-vn-date": "",
    "data-vn-pick": gettext_lazy("Chọn ngày"),
}
TIME_ATTRS = {"placeholder": "19:30", "inputmode": "text", "autocomplete": "off", "data-vn-time": ""}


class DateInput(forms.DateInput):
    """A text input for dd/mm/yyyy (a browser date picker would show and send other formats)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={**DATE_ATTRS, **(attrs or {})}, format="%d/%m/%Y")


class CheckedFileField(forms.FileField):
    """A file field whose upload gets the checks of every upload (`sotay.core.uploads.check_uploaded_file`): judged
    by its content, not its name (an .exe renamed .pdf is refused), within the size limit, no zip declaring a
    decompression bomb, no PDF with JavaScript, a Launch action or an embedded file. `allowed` lists the kinds
    (default `uploads.SCANS`: PDF, Word, JPEG, PNG). The cleaned file carries the clean name (NFC, the extension of
    its real kind). The model field behind it keeps the file in `uploads.PrivateStorage`."""

    def __init__(self, *args, allowed: tuple[str, ...] | None = None, **kwargs):
        self.allowed = allowed
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return upload
        from sotay.core.uploads import SCANS, check_uploaded_file

        try:
            upload.name, _kind, upload.content_type, _data = check_uploaded_file(upload, allowed=self.allowed or SCANS)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc
        return upload


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


def add_form_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: field errors by field, the rest at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class QuickSelect(forms.Select):
    """A select for long lists that stays usable on a phone: a search box with the options as its suggestions.

    A `<select>` of hundreds or thousands of options is a long scroll on a phone and cannot be typed into. This renders
    one text input (`type="search"`) showing the chosen option's label, with a `<datalist>` of the labels: the phone's
    own keyboard suggestions filter them as the user types (no script). What comes back is the value or the label as
    typed — diacritics, case and "đ" ignored (`fold`) — and is mapped back to the option's value here, so the field
    (a `ChoiceField`, or any field) validates a value as a `<select>` would have sent it. Text that names no option is
    passed on unchanged, for the field to refuse or resolve.

    Lists too long to send whole (the organisations of a province) give `suggest_url`: the page then carries only
    the chosen option, and the datalist is filled from that URL as the user types (htmx, `<option>`s answered by the
    server, e.g. `orgs:suggest`), at most a page of matches at a time.
    """

    template_name = "core/widgets/quick_select.html"

    def __init__(self, attrs=None, choices=(), *, suggest_url: StrOrPromise = "", suggest_vals: str = ""):
        super().__init__(attrs, choices)
        self.suggest_url = suggest_url
        self.suggest_vals = suggest_vals

    def _labels(self) -> list[tuple[str, str]]:
        """(value, label) of every option, optgroups flattened, values as strings."""
        flat: list[tuple[str, str]] = []
        for value, label in self.choices:
            if isinstance(label, (list, tuple)):
                flat.extend((str(v), str(lab)) for v, lab in label)
            else:
                flat.append(("" if value is None else str(value), str(label)))
        return flat

    def value_from_datadict(self, data, files, name):
        from sotay.lib.vntext import fold

        text = nfc(data.get(name) or "").strip()
        if not text:
            return ""
        options = self._labels()
        if any(value == text for value, _label in options):
            return text
        folded = fold(text)
        matches = {value for value, label in options if fold(label) == folded}  # the empty option's label gives ""
        return matches.pop() if len(matches) == 1 else text

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        chosen = [str(v) for v in widget["value"] if v not in (None, "")]
        options = self._labels()
        by_value = dict(options)
        empty = by_value.get("", "")
        shown = chosen[0] if chosen else ""
        list_id = f"{widget['attrs'].get('id', name)}-options"
        input_attrs = {
            **{k: v for k, v in widget["attrs"].items() if k not in ("multiple",)},
            "type": "search",
            "list": list_id,
            "autocomplete": "off",
        }
        if empty:
            input_attrs.setdefault("placeholder", empty)
        if self.suggest_url:
            input_attrs.update(
                {
                    "hx-get": self.suggest_url,
                    "hx-trigger": "input changed delay:300ms",
                    "hx-target": f"#{list_id}",
                    "hx-swap": "innerHTML",
                    "hx-vals": self.suggest_vals or f'{{"field": "{name}"}}',
                }
            )
        widget.update(
            {
                "input": {"attrs": input_attrs},
                "list_id": list_id,
                # Nothing chosen: an empty box (the empty option's label is its placeholder, never its text).
                "text": by_value.get(shown, shown) if shown else "",
                "labels": [label for value, label in options if value] if not self.suggest_url else [],
            }
        )
        return context


def error_messages(form: forms.BaseForm) -> list[str]:
    """Every error of a bound form as plain text, field errors first (for `messages.error` when the form is not
    shown again)."""
    return [str(message) for errors in form.errors.values() for message in errors]
