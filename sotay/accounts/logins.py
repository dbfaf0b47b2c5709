"""What a login (tên đăng nhập) may be: lower-case letters without diacritics, digits and . _ -, at most 150
characters. A login typed with diacritics or spaces ("Đức Anh") is refused with a clear message and a suggestion
("duc.anh") instead of creating an account its owner cannot type on another keyboard. Used by the User model's
field (so `createsuperuser`, the admin and every form check it), the staff account service and `found-province`."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from sotay.lib.vntext import fold, nfc

MAX_LENGTH = 150
ALLOWED = re.compile(r"^[A-Za-z0-9._@+-]+\Z")


def suggestion(value: str) -> str:
    """The login `value` probably meant: diacritics removed, spaces as dots, other characters dropped."""
    words = re.sub(r"[^a-z0-9._-]+", " ", fold(value)).split()
    return ".".join(words)[:MAX_LENGTH]


@deconstructible
class LoginValidator:
    """Refuses diacritics, spaces and other characters outside a–z, 0–9 and . _ - (and @ + kept from Django's
    default for e-mail-like logins)."""

    def __call__(self, value: str) -> None:
        value = nfc(str(value))
        if ALLOWED.match(value):
            return
        if any(ch.isspace() for ch in value):
            problem = _("có khoảng trắng")
        elif any(ord(ch) > 127 for ch in value):
            problem = _("có chữ có dấu tiếng Việt")
        else:
            problem = _("có ký tự không dùng được")
        message = _(
            "Tên đăng nhập “%(v)s” %(p)s: chỉ dùng chữ không dấu (a–z), chữ số và các dấu . _ -, không có khoảng trắng."
        ) % {"v": value[:60], "p": problem}
        hint = suggestion(value)
        if hint:
            message += " " + _("Ví dụ: %(s)s") % {"s": hint}
        raise ValidationError(message, code="invalid_login")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LoginValidator)

    def __hash__(self) -> int:
        return hash(LoginValidator)


validate_login = LoginValidator()


def check_staff_login(value: str) -> str:
    """The login lower-cased and checked; raises ValidationError({"username": …})."""
    login = nfc(value).strip()
    if not login:
        raise ValidationError({"username": _("Hãy ghi tên đăng nhập.")})
    if len(login) > MAX_LENGTH:
        raise ValidationError({"username": _("Tên đăng nhập dài quá 150 ký tự.")})
    try:
        validate_login(login)
    except ValidationError as exc:
        raise ValidationError({"username": exc.messages}) from None
    return login.lower()
