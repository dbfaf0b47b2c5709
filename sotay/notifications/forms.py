"""Validation and widgets only; saving goes through services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PreferenceForm(forms.Form):
    email_enabled = forms.BooleanField(label=_("Nhận thông báo qua thư điện tử"), required=False)
    email = forms.CharField(
        label=_("Địa chỉ thư nhận thông báo"),
        max_length=254,
        required=False,
        help_text=_("Để trống: dùng địa chỉ thư của tài khoản."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    push_enabled = forms.BooleanField(label=_("Nhận thông báo đẩy trên các trình duyệt đã đăng ký"), required=False)
