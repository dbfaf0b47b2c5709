"""The two public, data-free endpoints: /healthz for monitoring and /favicon.ico for browsers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import health


@require_safe
@never_cache
@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    """200 {"status": "ok", …} when the database answers, no migration is pending and the worker beats; else 503."""
    healthy, details = health.check()
    return JsonResponse({"status": "ok" if healthy else "fail", **details}, status=200 if healthy else 503)


@require_safe
@login_not_required
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on their own: send them to the (hashed, long-cached) static icon."""
    return HttpResponseRedirect(static("favicon.ico"))
