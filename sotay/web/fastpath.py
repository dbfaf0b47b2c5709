"""The fast path of a member's cached home page (P4): answered right after the session and the language, before the
rest of the middleware stack, URL resolution and the view.

A member opens the home page far more often than any other page, and once it is cached (home.py: per user, under
the home stamp) what is left of a request is the middleware stack around it. This middleware answers such a
request from the cache, and gives every other request — and every request it is not sure about — to the normal
stack unchanged. It serves the page only when all of these hold:

- a GET of the home page itself: no query string, not htmx;
- the session (read through the normal session engine: its expiry and a sign-out in any worker apply) holds a
  signed-in user, and Django's own ``auth.get_user`` accepts it (the backend, the password hash of the session,
  an active account — a mismatch flushes the session as it always does);
- a member without staff rights (no role above MEMBER, not Django staff): staff have the idle timeout and the
  second factor, which only the full stack applies;
- no second factor is due: the requirement is off, or the session remembers (for ten minutes) that the member has
  no device, and no OTP device is bound to the session;
- no message is waiting in the session, and the home page is the member's own page (no organisation to look
  after);
- the page is in the cache under its full key (home.page_key: the stamp, the language, the unread counts, the
  navigation's shape), and still valid by the clock.

The answer then goes through the response side of the middleware it skipped — CSRF (this browser's own token,
masked afresh, and its cookie renewed as Django does), ``Cache-Control: private, no-store``, X-Frame-Options, the
Content-Security-Policy — and through the layers above it (security headers, session, language, gzip), so its
headers are those of the normal stack (web/tests/test_fastpath.py compares them).
"""

from __future__ import annotations

import secrets
import time

from django.conf import settings
from django.contrib import auth
from django.db import connection
from django.http import HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.common import CommonMiddleware
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, CsrfViewMiddleware, get_token
from django.urls import reverse
from django.utils.cache import patch_cache_control

MESSAGES_KEY = "_messages"  # django.contrib.messages' SessionStorage
OTP_DEVICE_KEY = "otp_device_id"  # django_otp.DEVICE_ID_SESSION_KEY


_INDEX = {c: i for i, c in enumerate(CSRF_ALLOWED_CHARS)}
_N = len(CSRF_ALLOWED_CHARS)
_UNBIASED = 256 - 256 % _N  # random bytes below this map evenly onto the characters


def masked_token(request) -> str:
    """This browser's CSRF token, as django.middleware.csrf.get_token gives it (the secret of its cookie, masked
    with a fresh random mask, and the cookie marked for renewal), with the mask drawn from one call to the
    system's random source instead of 32 (a third of the fast path's time went there)."""
    secret = request.META.get("CSRF_COOKIE")
    if not isinstance(secret, str) or len(secret) != CSRF_SECRET_LENGTH or any(c not in _INDEX for c in secret):
        return get_token(request)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask: list[int] = []
    while len(mask) < CSRF_SECRET_LENGTH:
        mask += [b % _N for b in secrets.token_bytes(2 * CSRF_SECRET_LENGTH) if b < _UNBIASED]
    mask = mask[:CSRF_SECRET_LENGTH]
    return "".join(CSRF_ALLOWED_CHARS[m] for m in mask) + "".join(
        CSRF_ALLOWED_CHARS[(_INDEX[c] + m) % _N] for c, m in zip(secret, mask, strict=True)
    )


def _no_response(request):  # the inner middleware's get_response is never called on the fast path
    raise AssertionError("the fast path never calls the rest of the stack")


class MemberHomeFastPath:
    def __init__(self, get_response):
        from csp.middleware import CSPMiddleware

        self.get_response = get_response
        self._home_path: str | None = None
        self._common = CommonMiddleware(_no_response)
        self._csrf = CsrfViewMiddleware(_no_response)
        self._xframe = XFrameOptionsMiddleware(_no_response)
        self._csp = CSPMiddleware(_no_response)
        self._csp_headers: tuple[tuple, dict[str, str]] = ((), {})

    def __call__(self, request):
        response = self._serve(request) if self._is_candidate(request) else None
        return response if response is not None else self.get_response(request)

    def _is_candidate(self, request) -> bool:
        if self._home_path is None:
            self._home_path = reverse("web:home")
        return (
            request.method == "GET"
            and request.path_info == self._home_path
            and not request.META.get("QUERY_STRING")
            and "HTTP_HX_REQUEST" not in request.META
            and settings.SESSION_COOKIE_NAME in request.COOKIES
        )

    def _serve(self, request) -> HttpResponse | None:
        from sotay.accounts.middleware import NO_DEVICE_KEY
        from sotay.accounts.security import is_staff_user
        from sotay.core.context_processors import nav_key
        from sotay.orgs import policy

        from .home import cached_page, page_key

        session = request.session
        if MESSAGES_KEY in session or OTP_DEVICE_KEY in session or auth.SESSION_KEY not in session:
            return None
        if getattr(settings, "SOTAY_REQUIRE_SECOND_FACTOR", True):
            remembered = session.get(NO_DEVICE_KEY)
            if not isinstance(remembered, int) or not 0 <= int(time.time()) - remembered < 600:
                return None
        if connection.in_atomic_block or self._common.process_request(request) is not None:
            return None
        user = auth.get_user(request)
        request._cached_user = user  # the normal stack, if it takes over, reuses this user (as it would its own)
        if not user.is_authenticated or not user.member_id or is_staff_user(user):
            return None
        if policy.home_org(user) is not None:
            return None
        request.user = user  # the normal stack sets its own if the request is handed over
        self._csrf.process_request(request)  # this browser's CSRF secret, from its cookie
        html = cached_page(request, page_key(request, nav_key(user)), token=masked_token)
        if html is None:
            return None
        response = self._csrf.process_response(request, HttpResponse(html))  # the cookie renewed, as get_token asks
        patch_cache_control(response, private=True, no_store=True)
        response = self._xframe.process_response(request, response)
        for header, value in self._security_policy(request).items():
            response.headers[header] = value
        response.headers["Content-Length"] = str(len(response.content))
        return response

    def _security_policy(self, request) -> dict[str, str]:
        """The Content-Security-Policy headers django-csp gives a response of this page: they depend on the settings
        only (no nonce: a cached page carries none), so they are worked out once per setting."""
        from csp.constants import HEADER, HEADER_REPORT_ONLY

        key = (
            repr(getattr(settings, "CONTENT_SECURITY_POLICY", None)),
            repr(getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)),
        )
        known, headers = self._csp_headers
        if known != key:
            probe = self._csp.process_response(request, HttpResponse())
            headers = {h: probe[h] for h in (HEADER, HEADER_REPORT_ONLY) if h in probe}
            self._csp_headers = (key, headers)
        return headers
