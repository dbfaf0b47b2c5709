from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import policy
from .access import province_orgs_for, suggest_orgs


@require_GET
def suggest(request: HttpRequest) -> HttpResponse:
    """<option>s for the organisation picker's datalist (htmx), limited to the user's scope."""
    field = request.GET.get("field", "")
    text = request.GET.get(field, "") if field else request.GET.get("q", "")
    scope = request.GET.get("scope")
    if scope == "province_cells":  # transfer destinations: any cell of the province
        orgs = suggest_orgs(
            request.user, text, perm=policy.VIEW_ORGS, cells_only=True, candidates=province_orgs_for(request.user)
        )
    else:
        orgs = suggest_orgs(request.user, text, perm=policy.VIEW_ORGS, cells_only=scope == "cells")
    return render(request, "orgs/suggestions.html", {"orgs": orgs})
