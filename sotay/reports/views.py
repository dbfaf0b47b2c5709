"""Exports: the filtered member list (XLSX), Mẫu 7-HSĐV (XLSX, PDF) and a member's profile sheet (PDF).

Thin views: access (outside the user's export scope is a 404) → selector → file → audit entry → attachment.
Exports carry personal data: each one goes through sotay.core.exports (one audit entry, never cached).
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from typing import IO, Any

from django.contrib import messages
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sotay.core.exports import export_response
from sotay.lib import pdf
from sotay.lib.dates import parse_date_vn
from sotay.lib.vntext import fold
from sotay.members.access import get_member_for_user
from sotay.members.filters import filtered_members
from sotay.members.models import Member
from sotay.orgs import policy
from sotay.orgs.access import get_org_for_user
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization

from .register import COLUMN_COUNT, column_titles, member_register, pdf_max_rows, register_members
from .services import ExportKind
from .sheets import write_member_list, write_register

# WeasyPrint needs about 20 ms a row: beyond this a PDF register is refused in favour of the spreadsheet.


def _ascii(text: str) -> str:
    """A filename part: ASCII letters, digits, dots and hyphens only."""
    return re.sub(r"[^a-z0-9.]+", "-", fold(text)).strip("-.") or "x"


def _filename(stem: str, day: dt.date, extension: str, *parts: str) -> str:
    return "-".join([stem, *(_ascii(p) for p in parts), f"{day:%Y%m%d}"]) + f".{extension}"


def export(
    request: HttpRequest,
    *,
    kind: str,
    filename: str,
    content: bytes | IO[bytes],
    rows: int,
    params: dict[str, Any],
    organization: Organization | None = None,
    member: Member | None = None,
) -> HttpResponseBase:
    """The download through sotay.core.exports: one audit entry against the member (their profile sheet) or the
    organisation, whose staff then see it."""
    return export_response(
        actor=Actor.from_request(request),
        kind=str(kind),
        subject=member if member is not None else organization,
        organization=organization if organization is not None else (member.organization if member else None),
        filename=filename,
        content=content,
        rows=rows,
        params=params,
    )


def _letterhead(org: Organization) -> dict[str, Any]:
    """The heading block: the superior organisation over the organisation, as on Party documents."""
    parent = Organization.objects.get_parent(org)
    return {"org": org, "superior_name": parent.name if parent else ""}


def _query_params(request: HttpRequest) -> dict[str, Any]:
    """The filters of the export, for the audit entry (empty values and the page number left out)."""
    params: dict[str, Any] = {}
    for key, values in request.GET.lists():
        kept = [v for v in values if v != ""]
        if key != "page" and kept:
            params[key] = kept[0] if len(kept) == 1 else kept
    return params


@require_GET
def member_list_xlsx(request: HttpRequest) -> HttpResponseBase:
    """The member list page's current filters, as a spreadsheet."""
    user = request.user
    if not policy.user_has_permission(user, policy.EXPORT_MEMBERS):
        raise Http404
    _form, org, members = filtered_members(user, request.GET)
    if org is not None:
        get_org_for_user(user, org.pk, perm=policy.EXPORT_MEMBERS)  # 404 outside the export scope
    members = members.filter(policy.subtree_q(user, policy.EXPORT_MEMBERS, field="organization__path"))
    today = timezone.localdate()
    target = tempfile.TemporaryFile()
    count = write_member_list(target, members.iterator(chunk_size=2000))
    stem = "danh-sach-dang-vien"
    parts = (org.code,) if org is not None else ()
    return export(
        request,
        kind=ExportKind.MEMBER_LIST_XLSX,
        organization=org or policy.widest_org(user, policy.EXPORT_MEMBERS),
        filename=_filename(stem, today, "xlsx", *parts),
        content=target,
        rows=count,
        params=_query_params(request),
    )


def _register_day(request: HttpRequest) -> dt.date:
    """The register as it stood on ?on=dd/mm/yyyy (default today; a day in the future is today)."""
    today = timezone.localdate()
    try:
        day = parse_date_vn(request.GET["on"]) if request.GET.get("on") else today
    except ValueError:
        day = today
    return min(day, today)


@require_GET
def register_xlsx(request: HttpRequest, org_id: int) -> HttpResponseBase:
    """Mẫu 7-HSĐV for the organisation's subtree, as a spreadsheet."""
    user = request.user
    org = get_org_for_user(user, org_id, perm=policy.EXPORT_MEMBERS)
    today = _register_day(request)
    target = tempfile.TemporaryFile()
    title = _("Sổ danh sách đảng viên — %(o)s — %(d)s") % {"o": org.name, "d": f"{today:%d/%m/%Y}"}
    count = write_register(target, member_register(org, on=today), title=title)
    return export(
        request,
        kind=ExportKind.REGISTER_XLSX,
        organization=org,
        filename=_filename("so-danh-sach-dang-vien", today, "xlsx", org.code),
        content=target,
        rows=count,
        params={"on": today.isoformat()},
    )


@require_GET
def register_pdf(request: HttpRequest, org_id: int) -> HttpResponseBase:
    """Mẫu 7-HSĐV for the organisation's subtree, laid out as the printed register (landscape A4)."""
    user = request.user
    org = get_org_for_user(user, org_id, perm=policy.EXPORT_MEMBERS)
    today = _register_day(request)
    limit = pdf_max_rows()
    total = register_members(org, on=today).count()
    if total > limit:
        messages.warning(
            request,
            _(
                "Sổ của %(o)s có %(n)s đảng viên, quá nhiều để in một tệp PDF (tối đa %(max)s). "
                "Hãy tải bản Excel, hoặc in sổ của từng tổ chức trực thuộc."
            )
            % {"o": org.name, "n": total, "max": limit},
        )
        return redirect("web:org_detail", org_id=org.pk)
    rows = list(member_register(org, on=today))
    context = {
        **_letterhead(org),
        "today": today,
        "rows": rows,
        "titles": column_titles(),
        "numbers": range(1, COLUMN_COUNT + 1),
    }
    content = pdf.render_pdf("reports/register.html", context)
    return export(
        request,
        kind=ExportKind.REGISTER_PDF,
        organization=org,
        filename=_filename("so-danh-sach-dang-vien", today, "pdf", org.code),
        content=content,
        rows=len(rows),
        params={"on": today.isoformat()},
    )


@require_GET
def member_pdf(request: HttpRequest, member_id: int) -> HttpResponseBase:
    """A member's profile sheet (the fields of the profile page)."""
    user = request.user
    member = get_member_for_user(user, member_id, perm=policy.EXPORT_MEMBERS)
    today = timezone.localdate()
    context = {**_letterhead(member.organization), "member": member, "today": today}
    content = pdf.render_pdf("reports/member_sheet.html", context)
    filename = _filename("phieu-thong-tin-dang-vien", today, "pdf", member.full_name)
    return export(
        request, kind=ExportKind.MEMBER_PDF, member=member, filename=filename, content=content, rows=1, params={}
    )
