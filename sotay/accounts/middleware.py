"""The sign-in policy on every request: staff sessions end when idle, and a second factor is asked before use."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect

from .security import has_second_factor, is_staff_user, second_factor_required

NO_DEVICE_KEY = "sotay_no_second_factor_at"
# When a staff session's idle clock was last restarted (epoch seconds). Restarting it is a session write, so it is
# done at most once a minute (P4): the session then ends between IDLE_MINUTES - 1 and IDLE_MINUTES after the last
# request, never later.
IDLE_TOUCHED_KEY = "sotay_idle_touched_at"
IDLE_TOUCH_SECONDS = 60

# Views a signed-in user may reach before passing the second factor.
_OPEN_VIEWS = {
    "accounts:logout",
    "accounts:two_factor",
    "accounts:two_factor_enrol",
    "set_language",
    "documents:service_worker",  # code, no data: its update check must not be redirected
    # The user guide is public (the "?" of the enrolment page must not loop back to it).
    "help:index",
    "help:guide",
    "help:guide_pdf",
}


class SignInPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and is_staff_user(user):
            self._restart_idle_clock(request.session)
        return self.get_response(request)

    @staticmethod
    def _restart_idle_clock(session) -> None:
        """Idle timeout: a request starts the clock again, written at most once a minute (members keep
        SESSION_COOKIE_AGE, 30 days, and are never written here)."""
        idle = settings.SOTAY_STAFF_SESSION_IDLE_MINUTES * 60
        now = int(time.time())
        touched = session.get(IDLE_TOUCHED_KEY)
        if session.get_expiry_age() == idle and isinstance(touched, int) and 0 <= now - touched < IDLE_TOUCH_SECONDS:
            return
        session.set_expiry(idle)
        session[IDLE_TOUCHED_KEY] = now

    @staticmethod
    def _needs_second_factor(request, user) -> bool:
        """Staff always; a member who enrolled a device too. A member's "no device" is remembered in the session
        for ten minutes, so that their every page does not ask the database again."""
        if not getattr(settings, "SOTAY_REQUIRE_SECOND_FACTOR", True):
            return False
        if is_staff_user(user):
            return True
        remembered = request.session.get(NO_DEVICE_KEY)
        now = int(time.time())
        if isinstance(remembered, int) and now - remembered < 600:
            return False
        if second_factor_required(user):
            request.session.pop(NO_DEVICE_KEY, None)
            return True
        request.session[NO_DEVICE_KEY] = now
        return False

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path_info.startswith("/api/"):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in _OPEN_VIEWS:
            return None
        if user.is_verified() or not self._needs_second_factor(request, user):
            return None
        target = "accounts:two_factor" if has_second_factor(user) else "accounts:two_factor_enrol"
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        url = redirect(target).url
        return redirect(f"{url}?{query}" if query else url)
