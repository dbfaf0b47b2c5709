"""Sign-in security: who needs a second factor, lockout (django-axes) and second-factor (django-otp) services.

- Failed logins are counted by django-axes per account and per IP address; past the limit the account or address
  is locked for a while (settings AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME). The audit log gets one entry per lockout,
  not one per failure, so anonymous traffic cannot grow it without bound.
- Committee, Ban Tổ chức and administrator accounts must sign in with a TOTP code (django-otp); members may choose to.
- Ban Tổ chức unlocks an account and resets a lost second factor, each audited, inside its own subtree.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Role

from .backends import MAX_LOGIN_LENGTH, normalise_phone
from .models import User

RECOVERY_CODES = 10


# -- who --------------------------------------------------------------------------------------------------------
def is_staff_user(user: Any) -> bool:
    """A committee, Ban Tổ chức or administrator account: any role above a plain member, or Django staff."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return any(g.role != Role.MEMBER for g in policy.active_grants(user))


def has_second_factor(user: Any) -> bool:
    from django_otp import user_has_device

    return bool(getattr(user, "pk", None)) and user_has_device(user, confirmed=True)


def second_factor_required(user: Any) -> bool:
    """Staff must use a second factor; a member who enrolled one is asked for it too."""
    if not getattr(settings, "SOTAY_REQUIRE_SECOND_FACTOR", True):
        return False
    return is_staff_user(user) or has_second_factor(user)


# -- django-axes hooks --------------------------------------------------------------------------------------------
def login_name(request, credentials: dict | None) -> str:
    """The name axes counts failures against: the account's username when the typed name (a username or any
    spelling of a phone number) matches one, so "0912 000 001" and "+84912000001" share one counter."""
    typed = str((credentials or {}).get("username") or (request.POST.get("username") if request else "") or "")
    typed = typed.strip()
    if not typed:
        return ""
    if len(typed) > MAX_LOGIN_LENGTH:  # no account has such a name: count it without asking the database
        return typed[:MAX_LOGIN_LENGTH].casefold()
    phone = normalise_phone(typed)
    query = Q(username__iexact=typed)
    if len(phone) >= 9:
        query |= Q(phone=phone)
    user = User.objects.filter(query).order_by("pk").only("username").first()
    return user.username if user is not None else typed.casefold()


def client_ip(request) -> str:
    from sotay.audit.context import client_ip as audit_client_ip

    return audit_client_ip(request) or ""


def lockout_response(request, original_response=None, credentials=None):
    """A clear Vietnamese page saying when to try again (HTTP 429)."""
    cooloff: timedelta = settings.AXES_COOLOFF_TIME
    minutes = max(1, round(cooloff.total_seconds() / 60))
    until = timezone.localtime(timezone.now() + cooloff)
    context = {"minutes": minutes, "until": until, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "accounts/locked.html", context, status=429)


def _cooloff_start():
    return timezone.now() - settings.AXES_COOLOFF_TIME


def locked_attempts() -> QuerySet:
    from axes.models import AccessAttempt

    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=_cooloff_start()
    ).order_by("-attempt_time")


def is_locked(user: User) -> bool:
    return locked_attempts().filter(username=user.username).exists()


# -- scope --------------------------------------------------------------------------------------------------------
def users_in_scope(actor: Actor) -> QuerySet[User]:
    """Accounts whose member record or role lies in the subtree where the actor manages accounts."""
    members = actor.subtree_q(policy.MANAGE_SIGN_IN, "member__organization__path")
    grants = actor.subtree_q(policy.MANAGE_SIGN_IN, "role_grants__organization__path")
    return User.objects.filter(members | grants).distinct()


def get_user_in_scope(actor: Actor, user_id: int) -> User:
    user = users_in_scope(actor).filter(pk=user_id).first()
    if user is None:
        raise policy.NotAllowed(policy.MANAGE_SIGN_IN, hidden=True)
    return user


# -- services -----------------------------------------------------------------------------------------------------
def unlock(*, actor: Actor, user: User) -> int:
    """Clear the failed-login counters of `user` (Ban Tổ chức, inside its subtree). Returns the records removed."""
    from axes.utils import reset

    user = get_user_in_scope(actor, user.pk)
    with transaction.atomic():
        removed = reset(username=user.username)
        log(AuditAction.ACCOUNT_UNLOCKED, user, by=actor, object_repr=user.get_username(), data={"records": removed})
    return removed


def reset_second_factor(*, actor: Actor, user: User) -> None:
    """A lost phone: remove the user's TOTP and recovery codes; they enrol again at their next sign-in."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_in_scope(actor, user.pk)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        log(AuditAction.SECOND_FACTOR_RESET, user, by=actor, object_repr=user.get_username())


def start_enrolment(user: User):
    """The user's unconfirmed TOTP device (created once, so reloading the page keeps the same QR code)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Sổ tay", confirmed=False)
    return device


def confirm_enrolment(*, actor: Actor, device, token: str) -> list[str] | None:
    """Confirm the TOTP device with a first code; returns the new recovery codes, or None if the code is wrong."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    token = "".join(ch for ch in token if ch.isdigit())
    if actor.user is None or device.user_id != actor.user.pk or not device.verify_token(token):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = new_recovery_codes(device.user)
        log(AuditAction.SECOND_FACTOR_ENROLLED, device.user, by=actor, object_repr=device.user.get_username())
    return codes


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with 10 new single-use ones."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=_("Mã dự phòng"), defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def verify_second_factor(user: User, token: str):
    """The device that accepts `token` (a 6-digit TOTP code or a recovery code), or None."""
    from django_otp import devices_for_user

    token = token.strip().replace(" ", "").lower()
    if not token or len(token) > 16:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                return device
    return None
