"""The three member registers of docs/rules/registers.md#bốn-sổ (in activity, left the Party, deceased): a page and a
spreadsheet.

Seeing a register takes VIEW_MEMBERS on the organisation, downloading it EXPORT_MEMBERS; outside that scope the
organisation does not exist (404). Every download is audited.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sotay.lib.dates import format_date
from sotay.lib.xlsx import write_xlsx
from sotay.orgs import policy
from sotay.orgs.access import get_org_for_user
from sotay.orgs.actor import Actor

from .registers import REGISTERS, Register
from .services import record_register_view
from .views import _filename, export

PAGE_SIZE = 50  # rows a page


def _text(value: Any) -> str:
    """A cell as the page shows it: dates as dd/mm/yyyy, nothing for an empty value."""
    if isinstance(value, dt.date):
        return format_date(value)
    return "" if value is None else str(value)


def _register(kind: str) -> Register:
    try:
        return REGISTERS[kind]
    except KeyError:
        raise Http404("Không có sổ này.") from None


@require_GET
@never_cache
def register_page(request: HttpRequest, org_id: int, kind: str) -> HttpResponse:
    register = _register(kind)
    user = request.user
    org = get_org_for_user(user, org_id, perm=policy.VIEW_MEMBERS)
    page = Paginator(register.members(org), PAGE_SIZE).get_page(request.GET.get("page"))
    members = list(page.object_list)
    rows = register.rows(members, start=page.start_index())
    record_register_view(
        actor=Actor.from_request(request), organization=org, kind=kind, page=page.number, count=len(members)
    )
    context = {
        "org": org,
        "register": register,
        "registers": REGISTERS.values(),
        "page": page,
        "titles": register.titles(),
        "rows": [(m, [_text(v) for v in row]) for m, row in zip(members, rows, strict=True)],
        "can_export": policy.user_has_permission_for_org(user, policy.EXPORT_MEMBERS, org),
    }
    return render(request, "reports/member_register.html", context)


@require_GET
def register_xlsx(request: HttpRequest, org_id: int, kind: str) -> HttpResponseBase:
    register = _register(kind)
    user = request.user
    org = get_org_for_user(user, org_id, perm=policy.EXPORT_MEMBERS)
    today = timezone.localdate()
    target = tempfile.TemporaryFile()
    title = f"{register.title} — {org.name} — {today:%d/%m/%Y}"
    count = write_xlsx(
        target,
        columns=register.columns(),
        rows=register.rows(register.members(org).iterator(chunk_size=2000)),
        sheet_title=str(register.title),
        document_title=title,
    )
    return export(
        request,
        kind=register.export_kind,
        organization=org,
        filename=_filename(register.filename, today, "xlsx", org.code),
        content=target,
        rows=count,
        params={"register": kind},
    )
