from __future__ import annotations

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_cache_control, patch_vary_headers


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Nothing is public but the login page and static files.

    The JSON API (under /api/) authenticates itself and must answer 401, not redirect to the login page
    (django-ninja views ignore @login_not_required).
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the user chose another language with the switch (a cookie).

    The browser's Accept-Language is ignored on purpose: many members' phones are set to English, and the
    handbook speaks Vietnamese first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class NoStoreForSignedInMiddleware:
    """Nothing shown to a signed-in user is kept by a browser or a proxy cache: `Cache-Control: private, no-store`.

    Pages, exports and files of a signed-in user, and every answer of the JSON API, may carry personal data (a
    shared phone, a shared computer at the commune office). A response that sets its own Cache-Control keeps it;
    static files never reach this middleware (WhiteNoise answers them first, with their long cache).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        # The JSON API authenticates each request by its token, which the session user does not show.
        if (signed_in or request.path_info.startswith("/api/")) and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


COMPRESSIBLE = ("text/", "application/json", "application/javascript", "application/xml", "image/svg+xml")


class TextGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware for text only (HTML, JSON, CSV, iCalendar …).

    Exports that are already compressed (XLSX, DOCX and PDF are zip or deflate inside) would cost the server's CPU
    for nothing. BREACH: Django masks the CSRF token in every response and pads the gzip output with random bytes.
    """

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").lower()
        if not content_type.startswith(COMPRESSIBLE):
            return response
        return super().process_response(request, response)


class NotAllowedMiddleware:
    """The one place a page turns a service's refusal (`orgs.policy.NotAllowed`) into a response: 404 when the
    object lies outside what the actor may see at all, 403 for an action refused on an object they can see."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.core.exceptions import PermissionDenied
        from django.core.handlers.exception import response_for_exception
        from django.http import Http404

        from sotay.orgs.policy import NotAllowed

        if not isinstance(exception, NotAllowed):
            return None
        return response_for_exception(request, Http404() if exception.hidden else PermissionDenied())
