"""Create, revoke and check personal access tokens. A token is shown once; only its SHA-256 is stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.vntext import nfc
from sotay.orgs import policy
from sotay.orgs.actor import Actor

from .models import ApiToken

PREFIX = "sotay_"
MAX_DAYS = 365


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def create_token(*, actor: Actor, name: str, read_only: bool, days: int | None) -> tuple[ApiToken, str]:
    """A new token for the actor's own account; returns it and the secret, shown once."""
    if actor.user is None:
        raise policy.NotAllowed("api.create_token")
    name = nfc(name).strip()
    if not name or len(name) > 100:
        raise ValidationError({"name": _("Hãy đặt tên cho khóa (tối đa 100 ký tự), ví dụ “Ứng dụng điện thoại”.")})
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": _("Thời hạn từ 1 đến %(n)d ngày.") % {"n": MAX_DAYS}})
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor.user,
        name=name,
        prefix=raw[: len(PREFIX) + 6],
        token_hash=token_hash(raw),
        read_only=read_only,
        expires_at=timezone.now() + dt.timedelta(days=days) if days else None,
    )
    log(AuditAction.API_TOKEN_CREATED, token, by=actor, data={"read_only": read_only, "days": days})
    return token, raw


@transaction.atomic
def revoke_token(*, actor: Actor, token: ApiToken) -> None:
    if actor.user is None or token.user_id != actor.user.pk:
        raise policy.NotAllowed("api.revoke_token", hidden=True)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log(AuditAction.API_TOKEN_REVOKED, token, by=actor)


def authenticate(raw: str) -> ApiToken | None:
    if not raw or not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.usable().select_related("user").filter(token_hash=token_hash(raw)).first()
    if token is not None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token
