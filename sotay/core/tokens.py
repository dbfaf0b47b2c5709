"""One-time form tokens that make a create form idempotent.

A create form carries a hidden random token (`new_token`). The service that creates the object calls `previous`
first — an object already created with this token is returned instead of a new one — and `record` in the same
transaction once it has created the object: two submissions of one form never create two objects, even at the same
moment (the token is unique; the second insert fails and its transaction is rolled back).
"""

from __future__ import annotations

import re
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

_TOKEN = re.compile(r"[0-9a-f]{32}")


def actor(by):
    """The user who submitted: `by` is an `orgs.actor.Actor` (its user, None for a system source)."""
    return getattr(by, "audit_user", None)


def new_token() -> str:
    return secrets.token_hex(16)


def valid(token: str | None) -> str:
    """The token if it has the right shape, else "" (a forged or missing token just turns the protection off)."""
    return token if token and _TOKEN.fullmatch(token) else ""


def previous(kind: str, token: str, by) -> int | None:
    """The id of the object created with this token by this user, if any."""
    if not valid(token):
        return None
    from .models import SubmissionToken

    row = SubmissionToken.objects.filter(token=token, kind=kind, user=actor(by)).first()
    return row.object_id if row else None


def record(kind: str, token: str, by, object_id: int) -> None:
    """Keep the token with the object it created; ValidationError when another submission of the same form won."""
    if not valid(token):
        return
    from .models import SubmissionToken

    try:
        with transaction.atomic():
            SubmissionToken.objects.create(token=token, kind=kind, user=actor(by), object_id=object_id)
    except IntegrityError as exc:
        raise ValidationError(
            _("Biểu mẫu này vừa được gửi lưu một lần; hãy mở lại danh sách để xem hồ sơ đã lưu.")
        ) from exc
