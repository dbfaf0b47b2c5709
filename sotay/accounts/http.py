"""The request types views are annotated with, for the type check only: Django still passes its own HttpRequest.

- `HtmxRequest`: any request, with `htmx` (django_htmx's HtmxMiddleware sets it on every request).
- `AuthedRequest`: a request that reached a view behind `LoginRequiredMiddleware` (every view not marked
  `login_not_required`), so `user` is a signed-in `User`, never `AnonymousUser`.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from .models import User


class HtmxRequest(HttpRequest):
    htmx: HtmxDetails


class AuthedRequest(HtmxRequest):
    user: User


# Who a request's `user` may be: a signed-in User or the AnonymousUser (what scoped lookups and policy take).
AnyUser: TypeAlias = "User | AnonymousUser"


def signed_in(user: AnyUser) -> User | None:
    """The signed-in User behind `request.user`, or None for the anonymous user (narrows the type for the check)."""
    return user if isinstance(user, User) else None
