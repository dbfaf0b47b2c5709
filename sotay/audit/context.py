"""Where the current request comes from, for the audit log (set by RequestContextMiddleware)."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestInfo:
    ip: str | None = None
    user_agent: str = ""


_NO_REQUEST = RequestInfo()
current_request: ContextVar[RequestInfo | None] = ContextVar("current_request", default=None)


def request_info() -> RequestInfo:
    """Where the current request comes from; empty outside a request (commands, tasks)."""
    return current_request.get() or _NO_REQUEST


def client_ip(request) -> str | None:
    """The client address; X-Forwarded-For only when a proxy is declared trusted."""
    from django.conf import settings

    if getattr(settings, "SOTAY_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR") or None


def info_from_request(request) -> RequestInfo:
    return RequestInfo(ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")[:300])
