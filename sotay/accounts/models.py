"""Accounts: a custom User from day one; log in with a username or a phone number."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .logins import validate_login


class User(AbstractUser):
    # Logins without diacritics or spaces (sotay/accounts/logins.py), checked by every form and createsuperuser.
    username = models.CharField(
        _("tên đăng nhập"),
        max_length=150,
        unique=True,
        help_text=_("Chữ không dấu (a–z), chữ số và các dấu . _ -, không có khoảng trắng; tối đa 150 ký tự."),
        validators=[validate_login],
        error_messages={"unique": _("Tên đăng nhập này đã có.")},
    )
    phone = models.CharField(_("số điện thoại"), max_length=15, unique=True, null=True, blank=True)
    member = models.OneToOneField(
        "members.Member",
        verbose_name=_("đảng viên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    def get_full_name(self) -> str:
        """Vietnamese order: family and middle names (last_name), then the given name (first_name)."""
        return f"{self.last_name} {self.first_name}".strip()

    def display_name(self) -> str:
        if self.member_id:
            # The sign-in backend reads the member's name with the user (unless the member was set since).
            loaded = getattr(self, "member_full_name", None)
            if loaded is not None and "member" not in self._state.fields_cache:
                return loaded
            if self.member is not None:
                return self.member.full_name
        return self.get_full_name() or self.username


class ActivationCode(models.Model):
    """A one-time code to activate an account or set a new password, handed out on paper or read out.

    Only a keyed hash of the code is stored; it is single-use and expires (settings.SOTAY_ACTIVATION_DAYS).
    """

    class Purpose(models.TextChoices):
        ACTIVATE = "ACTIVATE", _("Kích hoạt tài khoản")
        RESET = "RESET", _("Đặt lại mật khẩu")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="activation_codes")
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("mã kích hoạt")
        verbose_name_plural = _("mã kích hoạt")
        indexes = [models.Index(fields=["user", "used_at"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_purpose_display()}"
