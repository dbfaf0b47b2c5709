"""Members' accounts for a committee or a cell's chi ủy: create them, print activation slips, reset a password."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sotay.accounts.reauth import recent_authentication_required
from sotay.core.exports import export_response
from sotay.lib import xlsx
from sotay.lib.pdf import render_pdf
from sotay.lib.vntext import fold
from sotay.orgs import policy
from sotay.orgs.access import org_for_list
from sotay.orgs.actor import Actor

from . import accounts
from .access import get_member_for_user

PERM = policy.MANAGE_ACCOUNTS


def _site(request: HttpRequest) -> str:
    return (getattr(settings, "SOTAY_BASE_URL", "") or request.build_absolute_uri("/")).rstrip("/")


@recent_authentication_required
def account_list(request: HttpRequest) -> HttpResponse:
    org = org_for_list(request.user, request.GET.get("org"), perm=PERM)
    members = (
        accounts.active_members(org)
        .select_related("organization", "user")
        .order_by("organization__path", "name_sort_key")
    )
    page = Paginator(members, settings.SOTAY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"org": org, "summary": accounts.account_summary(org), "page": page}
    return render(request, "members/accounts.html", context)


def _slips_response(request: HttpRequest, org, slips: list[accounts.Slip], fmt: str) -> HttpResponseBase:
    """The activation sheet: a PDF of slips to cut out, or the same list as XLSX (both audited as exports)."""
    site = _site(request)
    activate = reverse("accounts:activate")
    today = timezone.localdate()
    stem = f"phieu-kich-hoat-{fold(org.code or str(org.pk)).replace(' ', '-')}-{today:%Y%m%d}"
    if fmt == "xlsx":
        columns = [
            xlsx.Column(_("Họ và tên"), 28),
            xlsx.Column(_("Chi bộ"), 30),
            xlsx.Column(_("Tên đăng nhập"), 16),
            xlsx.Column(_("Mã kích hoạt"), 14),
            xlsx.Column(_("Hết hạn"), 12),
            xlsx.Column(_("Địa chỉ kích hoạt"), 50),
        ]
        rows = [
            (
                s.member.full_name,
                s.member.organization.name,
                s.username,
                s.display_code,
                f"{timezone.localtime(s.expires_at):%d/%m/%Y}",
                f"{site}{activate}?{urlencode({'login': s.username})}",
            )
            for s in slips
        ]
        content = xlsx.xlsx_bytes(columns=columns, rows=rows, sheet_title=_("Mã kích hoạt"))
        filename = f"{stem}.xlsx"
    else:
        import segno

        items = [
            {
                "slip": s,
                "qr": segno.make(f"{site}{activate}?{urlencode({'login': s.username})}", error="m").svg_data_uri(
                    scale=3
                ),
            }
            for s in slips
        ]
        content = render_pdf(
            "members/activation_slips.pdf.html", {"org": org, "items": items, "site": site, "activate": activate}
        )
        filename = f"{stem}.pdf"
    return export_response(
        actor=Actor.from_request(request),
        kind="activation_slips",
        subject=org,
        filename=filename,
        content=content,
        rows=len(slips),
    )


@require_POST
@recent_authentication_required
def create_accounts(request: HttpRequest) -> HttpResponseBase:
    org = org_for_list(request.user, request.POST.get("org"), perm=PERM)
    actor = Actor.from_request(request)
    if request.POST.get("what") == "reissue":
        slips = accounts.issue_activation_codes(actor=actor, org=org)
    else:
        slips = accounts.create_accounts(actor=actor, org=org)
    if not slips:
        messages.info(request, _("Không có tài khoản nào cần tạo hoặc cấp mã."))
        return redirect(f"{reverse('members:accounts')}?org={org.pk}")
    return _slips_response(request, org, slips, request.POST.get("format", "pdf"))


@recent_authentication_required
def reset_password(request: HttpRequest, member_id: int) -> HttpResponse:
    """GET: confirm (the member's current password will stop working); POST: issue the code."""
    member = get_member_for_user(request.user, member_id, perm=PERM)
    if request.method != "POST":
        return render(request, "members/reset_confirm.html", {"member": member})
    try:
        slip = accounts.issue_reset_code(actor=Actor.from_request(request), member=member)
    except policy.NotAllowed as refused:
        raise Http404 from refused
    context = {"slip": slip, "member": member, "site": _site(request), "activate": reverse("accounts:activate")}
    response = render(request, "members/reset_code.html", context)
    add_never_cache_headers(response)
    return response
