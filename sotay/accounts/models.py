"""Accounts: a custom User from day one; log in with a username or a phone number."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    phone = models.CharField(_("số điện thoại"), max_length=15, unique=True, null=True, blank=True)
    member = models.OneToOneField(
        "members.Member",
        verbose_name=_("đảng viên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    def get_full_name(self) -> str:
        """Vietnamese order: family and middle names (last_name), then the given name (first_name)."""
        return f"{self.last_name} {self.first_name}".strip()

    def display_name(self) -> str:
        if self.member_id:
            return self.member.full_name
        return self.get_full_name() or self.username
