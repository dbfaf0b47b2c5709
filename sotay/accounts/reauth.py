"""Ask for the password again (and the second factor, where enrolled) before sensitive actions: exporting personal
data, granting roles, resetting someone else's access. Once confirmed, it holds for SOTAY_REAUTH_MINUTES."""

from __future__ import annotations

import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect

SESSION_KEY = "sotay_authenticated_at"


def mark(request) -> None:
    request.session[SESSION_KEY] = int(time.time())


def is_recent(request) -> bool:
    at = request.session.get(SESSION_KEY)
    return isinstance(at, int) and time.time() - at <= settings.SOTAY_REAUTH_MINUTES * 60


def recent_authentication_required(view):
    """Send the user to confirm their password first when their last confirmation is older than allowed. A POST
    is not replayed: the user comes back to the page it came from and submits again."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated and not is_recent(request):
            back = request.get_full_path() if request.method == "GET" else request.META.get("HTTP_REFERER", "/")
            return redirect(f"{redirect('accounts:reauth').url}?{urlencode({'next': back})}")
        return view(request, *args, **kwargs)

    return wrapped
