from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import policy
from .access import suggest_orgs


@require_GET
def suggest(request: HttpRequest) -> HttpResponse:
    """<option>s for the organisation picker's datalist (htmx), limited to the user's scope."""
    field = request.GET.get("field", "")
    text = request.GET.get(field, "") if field else request.GET.get("q", "")
    orgs = suggest_orgs(request.user, text, perm=policy.VIEW_ORGS, cells_only=request.GET.get("scope") == "cells")
    return render(request, "orgs/suggestions.html", {"orgs": orgs})
