from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import router
from django.db.models import F, Q

from sotay.core.compiled import CompiledModelQuery

from .models import User

MAX_LOGIN_LENGTH = 150  # the length of User.username; a phone number is far shorter
MAX_PASSWORD_LENGTH = 1000


def normalise_phone(text: str) -> str:
    digits = "".join(ch for ch in text if ch.isdigit() or ch == "+")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


class UsernameOrPhoneBackend(ModelBackend):
    """Authenticate with a username or a phone number (0912…, +84912…) and a password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        if len(username) > MAX_LOGIN_LENGTH or "\x00" in username or len(password) > MAX_PASSWORD_LENGTH:
            return None  # no such login can exist; a huge LIKE pattern is a database error on SQLite
        phone = normalise_phone(username)
        query = Q(username__iexact=username.strip())
        if len(phone) >= 9:
            query |= Q(phone=phone)
        user = User.objects.filter(query).order_by("pk").first()
        if user is None:
            User().set_password(password)  # same cost as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The signed-in user of a request, with the member's name read in the same query: every page shows it
        (User.display_name), and it would otherwise cost a second query on each request (P4). The query is compiled
        once (_SIGNED_IN_USER): building it through the ORM cost more than running it."""
        try:
            pk = User._meta.pk.to_python(user_id)
        except (TypeError, ValueError, ValidationError):
            return None
        found = _SIGNED_IN_USER.fetch(using=router.db_for_read(User), pk=pk)
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None


_PK_SENTINEL = -731_000_019


def _signed_in_user_query(connection):
    queryset = User._default_manager.filter(pk=_PK_SENTINEL).annotate(member_full_name=F("member__full_name"))
    return queryset.order_by("pk")[:1], {"pk": _PK_SENTINEL}


_SIGNED_IN_USER = CompiledModelQuery(_signed_in_user_query)
