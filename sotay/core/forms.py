"""Form helpers shared by every app: the dd/mm/yyyy date input and service errors onto a form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}


class DateInput(forms.DateInput):
    """A text input for dd/mm/yyyy (a browser date picker would show and send other formats)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={**DATE_ATTRS, **(attrs or {})}, format="%d/%m/%Y")


def add_form_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: field errors by field, the rest at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(None, message)
