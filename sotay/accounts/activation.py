"""One-time activation codes: made readable (no 0/O, 1/I/L), stored as a keyed hash, single-use, expiring.

A member activates an account (or sets a new password after a committee's reset) with their login, the code from
the paper slip and their date of birth. Wrong codes count towards the sign-in lockout (django-axes).
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction

from .backends import normalise_phone
from .models import ActivationCode, User

if TYPE_CHECKING:
    from sotay.orgs.actor import Actor

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _i in range(CODE_LENGTH))


def display_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def _clean(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())[:40]


def code_hash(code: str) -> str:
    return salted_hmac("sotay.accounts.activation", _clean(code), algorithm="sha256").hexdigest()


@dataclass(frozen=True)
class IssuedCode:
    user: User
    code: str  # shown once, on the slip
    expires_at: dt.datetime

    @property
    def display(self) -> str:
        return display_code(self.code)


def issue(users: list[User], *, purpose: str, issued_by: User | None) -> list[IssuedCode]:
    """New codes for `users`; their earlier unused codes stop working. Call inside the caller's transaction."""
    now = timezone.now()
    expires = now + dt.timedelta(days=settings.SOTAY_ACTIVATION_DAYS)
    ids = [u.pk for u in users]
    ActivationCode.objects.filter(user_id__in=ids, used_at__isnull=True).update(used_at=now)
    issued = [IssuedCode(user=u, code=new_code(), expires_at=expires) for u in users]
    ActivationCode.objects.bulk_create(
        [
            ActivationCode(
                user=i.user, purpose=purpose, code_hash=code_hash(i.code), expires_at=expires, issued_by=issued_by
            )
            for i in issued
        ],
        batch_size=1000,
    )
    return issued


def find_user(login: str) -> User | None:
    login = login.strip()[:150]
    if not login:
        return None
    phone = normalise_phone(login)
    query = Q(username__iexact=login)
    if len(phone) >= 9:
        query |= Q(phone=phone)
    return User.objects.filter(query).select_related("member").order_by("pk").first()


def _refuse(request, login: str) -> ValidationError:
    # Counted like a failed login, so guessing codes runs into the same lockout.
    user_login_failed.send(sender=__name__, credentials={"username": login}, request=request)
    return ValidationError(_("Tên đăng nhập, mã hoặc ngày sinh không đúng, hoặc mã đã hết hạn."))


def activate(*, request, login: str, code: str, birth_date: dt.date | None, password: str) -> User:
    """Check login, code and date of birth, then set the password. Raises ValidationError with a Vietnamese reason."""
    user = find_user(login)
    now = timezone.now()
    if user is None or not user.is_active:
        raise _refuse(request, login)
    wanted = code_hash(code)
    candidates = ActivationCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now)
    match = next((c for c in candidates if hmac.compare_digest(c.code_hash, wanted)), None)
    # A member proves it is them with their date of birth too; staff without a member record (Ban Tổ chức, IT)
    # receive their code in person from Ban Tổ chức.
    if match is None or (user.member is not None and user.member.birth_on != birth_date):
        raise _refuse(request, login)
    password_validation.validate_password(password, user)
    with transaction.atomic():
        locked = ActivationCode.objects.select_for_update().get(pk=match.pk)
        if locked.used_at is not None:
            raise _refuse(request, login)
        locked.used_at = now
        locked.save(update_fields=["used_at"])
        user.set_password(password)
        user.save(update_fields=["password"])
        log(AuditAction.ACCOUNT_ACTIVATED, user, by=user, data={"purpose": locked.purpose})
    from axes.utils import reset

    reset(username=user.username)
    return user


@transaction.atomic
def create_staff_account(
    *, actor: Actor, username: str, full_name: str, phone: str = "", email: str = ""
) -> IssuedCode:
    """An account for staff without a member record (Ban Tổ chức officers, IT staff), created by Ban Tổ chức with a
    one-time activation code; roles are then granted on the organisation's page."""
    from sotay.lib.vntext import nfc, split_name
    from sotay.orgs import policy

    actor.require(policy.MANAGE_SIGN_IN)
    from .logins import check_staff_login

    errors: dict[str, str | list[str]] = {}
    try:
        username = check_staff_login(username)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    else:
        if User.objects.filter(username__iexact=username).exists():
            errors["username"] = _("Tên đăng nhập này đã có.")
    phone = normalise_phone(phone) if phone else ""
    if phone and (len(phone) < 9 or User.objects.filter(phone=phone).exists()):
        errors["phone"] = _("Số điện thoại không hợp lệ hoặc đã gắn với tài khoản khác.")
    full_name = nfc(full_name).strip()
    if not full_name:
        errors["full_name"] = _("Hãy ghi họ và tên.")
    if errors:
        raise ValidationError(errors)
    family, middle, given = split_name(full_name)
    user = User(
        username=username,
        phone=phone or None,
        email=email.strip()[:254],
        first_name=given[:150],
        last_name=f"{family} {middle}".strip()[:150],
    )
    user.set_unusable_password()
    user.save()
    issued = issue([user], purpose=ActivationCode.Purpose.ACTIVATE, issued_by=actor.audit_user)[0]
    log(AuditAction.ACCOUNTS_CREATED, user, by=actor, data={"staff": True})
    return issued
