"""PDF from a Django template with WeasyPrint.

Page size, orientation, fonts and page numbers belong to the template's CSS (`@page`). Fonts: use a stack that ends
in "DejaVu Sans", installed system-wide, which covers Vietnamese. Stylesheets and images are read from the static
files (`{% static %}` URLs resolve against `BASE_URL`); nothing is ever fetched from the network, so a document
full of personal data never makes an outgoing request.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils._os import safe_join
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

MIME_TYPE = "application/pdf"
# A base that cannot resolve on any network: relative and root-relative URLs land here and are served locally.
BASE_URL = "https://sotay.invalid/"


def _static_path(relative: str) -> Path | None:
    """The file behind a static URL path, from the finders or STATIC_ROOT; None outside them."""
    try:
        found = finders.find(relative)
        if found:
            return Path(found)
        if settings.STATIC_ROOT:
            candidate = Path(safe_join(str(settings.STATIC_ROOT), relative))
            return candidate if candidate.is_file() else None
    except SuspiciousFileOperation:  # "../" out of the static folders
        return None
    return None


class StaticFilesFetcher(URLFetcher):
    """Serves static files to WeasyPrint from disk, allows `data:` URLs and refuses everything else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("data", "https"), allow_redirects=False)

    def fetch(self, url: str, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        static_prefix = BASE_URL + settings.STATIC_URL.lstrip("/")
        if url.startswith(static_prefix):
            relative = unquote(urlsplit(url).path)[len(urlsplit(static_prefix).path) :]
            path = _static_path(relative)
            if path is not None:
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})
        raise ValueError(f"Not a static file; PDFs fetch nothing else: {url}")


def render_html(template_name: str, context: dict[str, Any] | None = None) -> HTML:
    """The template as a WeasyPrint document source (tests use it to count pages without writing a PDF)."""
    html = render_to_string(template_name, context or {})
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher())


def render_pdf(template_name: str, context: dict[str, Any] | None = None) -> bytes:
    """Render a Django template to PDF bytes."""
    return render_html(template_name, context).write_pdf()
