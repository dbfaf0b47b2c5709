"""Logins, failures and logouts go to the audit log (Django's auth sends these signals)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from sotay.audit.log import log
from sotay.audit.models import AuditAction


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    log(AuditAction.LOGIN, user, by=user, object_repr=user.get_username())


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    name = str(credentials.get("username", ""))[:150]
    log(AuditAction.LOGIN_FAILED, None, object_repr=name, actor_name=name)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        log(AuditAction.LOGOUT, user, by=user, object_repr=user.get_username())
