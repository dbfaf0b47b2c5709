"""The organisation picker: type a name (without diacritics is fine) or a code; suggestions come as you type."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy

SCOPES = {"cells": "cells", "any": "any", "province_cells": "province_cells"}


class OrgPickerInput(forms.TextInput):
    template_name = "orgs/widgets/org_picker.html"

    def __init__(self, *, scope: str = "any", attrs=None):
        self.scope = SCOPES[scope]
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id', name)}-suggestions"
        context["widget"]["attrs"].update(
            {
                "list": list_id,
                "hx-get": str(reverse_lazy("orgs:suggest")),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": f"#{list_id}",
                "hx-swap": "innerHTML",
                "hx-vals": f'{{"field": "{name}", "scope": "{self.scope}"}}',
            }
        )
        context["list_id"] = list_id
        return context


class OrgPickerField(forms.CharField):
    """Free text naming an organisation; the view resolves it with `access.find_org_for_user`."""

    def __init__(self, *, scope: str = "any", **kwargs):
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("widget", OrgPickerInput(scope=scope))
        super().__init__(**kwargs)
