"""The user guide in the app: an index, one page per role, and the same page as a printable PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from sotay.core.exports import file_response
from sotay.lib.pdf import render_pdf

from .guides import GUIDES


@login_not_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "help/index.html", {"guides": GUIDES.values()})


def _guide(slug: str):
    guide = GUIDES.get(slug)
    if guide is None:
        raise Http404
    return guide


@login_not_required
def guide(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "help/guide.html", {"guide": _guide(slug), "guides": GUIDES.values()})


@login_not_required
def guide_pdf(request: HttpRequest, slug: str) -> HttpResponseBase:
    guide = _guide(slug)
    # The guide holds no personal data: no audit entry (and anonymous readers may print it).
    return file_response(f"huong-dan-{slug}.pdf", render_pdf("help/guide_pdf.html", {"guide": guide}), inline=True)
