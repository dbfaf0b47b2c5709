from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .backends import MAX_LOGIN_LENGTH, MAX_PASSWORD_LENGTH


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập (hoặc số điện thoại) hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị khóa."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập hoặc số điện thoại")
        self.fields["username"].widget = forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "username",
                "autocapitalize": "none",
                "maxlength": MAX_LOGIN_LENGTH,
            }
        )
        # AuthenticationForm sets max_length after the field is built, so no validator enforced it: a
        # 100,000-character name reached the database ("LIKE or GLOB pattern too complex", a 500).
        self.fields["username"].validators.append(
            MaxLengthValidator(
                MAX_LOGIN_LENGTH, _("Tên đăng nhập dài quá %(limit_value)d ký tự (đang có %(show_value)d ký tự).")
            )
        )
        self.fields["password"].label = _("Mật khẩu")
        self.fields["password"].validators.append(
            MaxLengthValidator(MAX_PASSWORD_LENGTH, _("Mật khẩu dài quá %(limit_value)d ký tự."))
        )
