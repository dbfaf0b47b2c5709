from __future__ import annotations

from .context import current_request, info_from_request


class RequestContextMiddleware:
    """Remember the client address and browser of the current request for audit entries."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(info_from_request(request))
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
