"""Logins, lockouts and logouts go to the audit log (Django's auth and django-axes send these signals).

A single failed login is not audited: django-axes counts failures per account and per address, and the log gets
one entry when an account or address is locked, so anonymous traffic cannot grow the append-only log without bound.
"""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from sotay.audit.log import log
from sotay.audit.models import AuditAction


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        from .reauth import mark

        mark(request)
    log(AuditAction.LOGIN, user, by=user, object_repr=user.get_username())


@receiver(user_locked_out)
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    from django.conf import settings

    # django-axes signals every refused attempt while locked; only the failure that reaches the limit is logged.
    if getattr(request, "axes_failures_since_start", None) != settings.AXES_FAILURE_LIMIT:
        return
    name = str(username or "")[:150]
    log(AuditAction.LOGIN_LOCKED_OUT, None, object_repr=name, actor_name=name, data={"ip": ip_address or ""})


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        log(AuditAction.LOGOUT, user, by=user, object_repr=user.get_username())
