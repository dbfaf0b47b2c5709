"""URL helpers shared by the pages."""

from __future__ import annotations

from urllib.parse import urlencode


def clean_url(request) -> str:
    """The request's path with only the non-empty query parameters (for the address bar after an htmx swap)."""
    params = [
        (k, v)
        for k, values in request.GET.lists()
        for v in values
        if v != "" and k != "page" or (k == "page" and v not in ("", "1"))
    ]
    return f"{request.path}?{urlencode(params)}" if params else request.path
