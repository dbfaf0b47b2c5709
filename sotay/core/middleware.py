from __future__ import annotations

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Nothing is public but the login page and static files.

    The JSON API (under /api/) authenticates itself and must answer 401, not redirect to the login page
    (django-ninja views ignore @login_not_required).
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
