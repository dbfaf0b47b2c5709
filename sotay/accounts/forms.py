from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from sotay.core.forms import DateInput, VNDateField

from .backends import MAX_LOGIN_LENGTH, MAX_PASSWORD_LENGTH
from .logins import validate_login


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


class SecondFactorForm(forms.Form):
    token = forms.CharField(
        label=_("Mã xác thực"),
        max_length=20,
        help_text=_("6 chữ số trong ứng dụng xác thực trên điện thoại, hoặc một mã dự phòng."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True, "autocapitalize": "none"}
        ),
    )


class EnrolForm(forms.Form):
    token = forms.CharField(
        label=_("Mã 6 chữ số đang hiện trong ứng dụng"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class AccountLookupForm(forms.Form):
    q = forms.CharField(label=_("Tên đăng nhập hoặc số điện thoại"), max_length=150)


class ActivationForm(forms.Form):
    login = forms.CharField(
        label=_("Tên đăng nhập hoặc số điện thoại"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    code = forms.CharField(
        label=_("Mã kích hoạt (trên phiếu)"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}),
    )
    birth_on = VNDateField(
        label=_("Ngày sinh (dd/mm/yyyy)"),
        widget=DateInput(),
        required=False,
        help_text=_("Đảng viên bắt buộc ghi; cán bộ không có hồ sơ đảng viên để trống."),
    )
    password1 = forms.CharField(
        label=_("Mật khẩu mới"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ít nhất 8 ký tự; đừng dùng mật khẩu quá phổ biến."),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu mới"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("Hai lần nhập mật khẩu không giống nhau."))
        return data


class ReauthForm(forms.Form):
    password = forms.CharField(
        label=_("Mật khẩu của bạn"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    token = forms.CharField(
        label=_("Mã xác thực hai lớp"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, needs_code: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_code:
            self.fields["token"].required = True
        else:
            del self.fields["token"]


class StaffAccountForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    username = forms.CharField(
        label=_("Tên đăng nhập"), max_length=150, help_text=_("Ví dụ: btc.hanh"), validators=[validate_login]
    )
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
