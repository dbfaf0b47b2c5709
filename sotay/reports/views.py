"""Exports: the filtered member list (XLSX), Mẫu 7-HSĐV (XLSX, PDF) and a member's profile sheet (PDF).

Thin views: access (outside the user's export scope is a 404) → selector → file → audit entry → attachment.
Exports carry personal data, so responses are never cached.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from typing import IO, Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sotay.lib import pdf, xlsx
from sotay.lib.dates import parse_date_vn
from sotay.lib.vntext import fold
from sotay.members.access import get_member_for_user
from sotay.members.filters import filtered_members
from sotay.orgs import policy
from sotay.orgs.access import get_org_for_user
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization

from .register import COLUMN_COUNT, column_titles, member_register, register_members
from .services import ExportKind, record_export
from .sheets import write_member_list, write_register

# WeasyPrint needs about 20 ms a row: beyond this a PDF register is refused in favour of the spreadsheet.
DEFAULT_REGISTER_PDF_MAX_ROWS = 1000


def _ascii(text: str) -> str:
    """A filename part: ASCII letters, digits, dots and hyphens only."""
    return re.sub(r"[^a-z0-9.]+", "-", fold(text)).strip("-.") or "x"


def _filename(stem: str, day: dt.date, extension: str, *parts: str) -> str:
    return "-".join([stem, *(_ascii(p) for p in parts), f"{day:%Y%m%d}"]) + f".{extension}"


def _file_response(target: IO[bytes], filename: str, content_type: str) -> FileResponse:
    target.seek(0)
    return FileResponse(target, as_attachment=True, filename=filename, content_type=content_type)


def _bytes_response(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


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
@never_cache
def member_list_xlsx(request: HttpRequest) -> HttpResponse:
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
    record_export(
        actor=Actor.from_request(request),
        kind=ExportKind.MEMBER_LIST_XLSX,
        organization=org or policy.widest_org(user, policy.EXPORT_MEMBERS),
        count=count,
        params=_query_params(request),
    )
    stem = "danh-sach-dang-vien"
    parts = (org.code,) if org is not None else ()
    return _file_response(target, _filename(stem, today, "xlsx", *parts), xlsx.MIME_TYPE)


def _register_day(request: HttpRequest) -> dt.date:
    """The register as it stood on ?on=dd/mm/yyyy (default today; a day in the future is today)."""
    today = timezone.localdate()
    try:
        day = parse_date_vn(request.GET["on"]) if request.GET.get("on") else today
    except ValueError:
        day = today
    return min(day, today)


@require_GET
@never_cache
def register_xlsx(request: HttpRequest, org_id: int) -> HttpResponse:
    """Mẫu 7-HSĐV for the organisation's subtree, as a spreadsheet."""
    user = request.user
    org = get_org_for_user(user, org_id, perm=policy.EXPORT_MEMBERS)
    today = _register_day(request)
    target = tempfile.TemporaryFile()
    title = _("Sổ danh sách đảng viên — %(o)s — %(d)s") % {"o": org.name, "d": f"{today:%d/%m/%Y}"}
    count = write_register(target, member_register(org, on=today), title=title)
    record_export(
        actor=Actor.from_request(request),
        kind=ExportKind.REGISTER_XLSX,
        organization=org,
        count=count,
        params={"on": today.isoformat()},
    )
    return _file_response(target, _filename("so-danh-sach-dang-vien", today, "xlsx", org.code), xlsx.MIME_TYPE)


@require_GET
@never_cache
def register_pdf(request: HttpRequest, org_id: int) -> HttpResponse:
    """Mẫu 7-HSĐV for the organisation's subtree, laid out as the printed register (landscape A4)."""
    user = request.user
    org = get_org_for_user(user, org_id, perm=policy.EXPORT_MEMBERS)
    today = _register_day(request)
    limit = getattr(settings, "SOTAY_REGISTER_PDF_MAX_ROWS", DEFAULT_REGISTER_PDF_MAX_ROWS)
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
    record_export(
        actor=Actor.from_request(request),
        kind=ExportKind.REGISTER_PDF,
        organization=org,
        count=len(rows),
        params={"on": today.isoformat()},
    )
    return _bytes_response(content, _filename("so-danh-sach-dang-vien", today, "pdf", org.code), pdf.MIME_TYPE)


@require_GET
@never_cache
def member_pdf(request: HttpRequest, member_id: int) -> HttpResponse:
    """A member's profile sheet (the fields of the profile page)."""
    user = request.user
    member = get_member_for_user(user, member_id, perm=policy.EXPORT_MEMBERS)
    today = timezone.localdate()
    context = {**_letterhead(member.organization), "member": member, "today": today}
    content = pdf.render_pdf("reports/member_sheet.html", context)
    record_export(actor=Actor.from_request(request), kind=ExportKind.MEMBER_PDF, member=member, count=1, params={})
    filename = _filename("phieu-thong-tin-dang-vien", today, "pdf", member.full_name)
    return _bytes_response(content, filename, pdf.MIME_TYPE)
