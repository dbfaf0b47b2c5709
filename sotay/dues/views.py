"""The collection sheet (sổ thu đảng phí) of an organisation for one month. Thin: access → form → service."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sotay.core.exports import export_response
from sotay.lib import xlsx
from sotay.members.access import get_member_for_user
from sotay.orgs import policy
from sotay.orgs.access import get_org_for_user
from sotay.orgs.actor import Actor
from sotay.orgs.models import is_within

from . import ledger, remittance, services
from .forms import PaymentForm


def _month(year: int, month: int) -> dt.date:
    try:
        return dt.date(year, month, 1)
    except ValueError:
        raise Http404("Tháng không hợp lệ.") from None


@require_GET
def collection_sheet(request: HttpRequest, org_id: int, year: int, month: int) -> HttpResponse:
    org = get_org_for_user(request.user, org_id, perm=policy.VIEW_MEMBERS)
    day = _month(year, month)
    rows = ledger.collection_sheet(org, day)
    context = {
        "org": org,
        "month": day,
        "rows": rows,
        "total_due": sum(r.due or 0 for r in rows),
        "total_paid": sum(r.paid for r in rows),
        "can_change": policy.user_has_permission_for_org(request.user, policy.CHANGE_MEMBERS, org),
        "form": PaymentForm(initial={"paid_on": timezone.localdate(), "channel": "CASH"}),
    }
    return render(request, "dues/sheet.html", context)


@require_GET
def collection_sheet_xlsx(request: HttpRequest, org_id: int, year: int, month: int) -> HttpResponseBase:
    org = get_org_for_user(request.user, org_id, perm=policy.VIEW_MEMBERS)
    day = _month(year, month)
    rows = ledger.collection_sheet(org, day)
    columns = [
        xlsx.Column(_("STT"), 6),
        xlsx.Column(_("Họ và tên"), 28),
        xlsx.Column(_("Chi bộ"), 30),
        xlsx.Column(_("Phải đóng (đồng)"), 16),
        xlsx.Column(_("Đã nộp (đồng)"), 16),
        xlsx.Column(_("Còn phải nộp (đồng)"), 18),
        xlsx.Column(_("Ghi chú"), 30),
    ]
    data = [
        [i, r.member.full_name, r.member.organization.name, r.due, r.paid, r.balance, r.note]
        for i, r in enumerate(rows, start=1)
    ]
    content = xlsx.xlsx_bytes(
        columns=columns,
        rows=data,
        sheet_title=f"{day:%m-%Y}",
        document_title=_("Sổ thu đảng phí tháng %(m)s — %(o)s") % {"m": f"{day:%m/%Y}", "o": org.name},
    )
    return export_response(
        actor=Actor.from_request(request),
        kind="dues_sheet",
        subject=org,
        filename=f"dang-phi-{org.code}-{day:%Y-%m}.xlsx",
        content=content,
        rows=len(data),
        params={"month": day.isoformat()},
    )


@require_POST
def compute(request: HttpRequest, org_id: int, year: int, month: int) -> HttpResponse:
    org = get_org_for_user(request.user, org_id, perm=policy.CHANGE_MEMBERS)
    day = _month(year, month)
    result = services.compute_liabilities(org=org, month=day, actor=Actor.from_request(request))
    messages.success(request, _("Đã tính %(n)s khoản phải đóng.") % {"n": len(result.created)})
    if result.missing:
        names = ", ".join(m.full_name for m, _reason in result.missing[:8])
        more = len(result.missing) - 8
        text = _("%(n)s đảng viên chưa tính được (thường do chưa kê khai căn cứ đóng): %(names)s") % {
            "n": len(result.missing),
            "names": names,
        }
        if more > 0:
            text += " " + _("và %(k)s người khác.") % {"k": more}
        messages.warning(request, text + " " + _("Kê khai tại trang Đảng phí của từng người."))
    return redirect("dues:sheet", org_id=org.pk, year=day.year, month=day.month)


@require_http_methods(["POST"])
def pay(request: HttpRequest, org_id: int, year: int, month: int, member_id: int) -> HttpResponse:
    org = get_org_for_user(request.user, org_id, perm=policy.CHANGE_MEMBERS)
    day = _month(year, month)
    member = get_member_for_user(request.user, member_id, perm=policy.CHANGE_MEMBERS)
    if not is_within(member.organization, org):
        raise Http404("Không tìm thấy đảng viên.")
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            services.record_dues_payment(
                member=member, month=day, actor=Actor.from_request(request), **form.cleaned_data
            )
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("Đã ghi nhận đảng phí của %(n)s.") % {"n": member.full_name})
    else:
        for errors in form.errors.values():
            for error in errors:  # the form's messages, as text
                messages.error(request, str(error))
    return redirect("dues:sheet", org_id=org.pk, year=day.year, month=day.month)


@require_GET
def subtree_totals(request: HttpRequest, org_id: int, year: int, month: int) -> HttpResponse:
    """Dues due and paid in a subtree for a month, per organisation directly under it, and the remittance upward
    when the shares between levels have been entered (docs/rules/dues.md#trích-nộp-giữa-các-cấp)."""
    org = get_org_for_user(request.user, org_id, perm=policy.VIEW_MEMBERS)
    day = _month(year, month)
    totals = remittance.subtree_totals(org, day)
    previous = (day - dt.timedelta(days=1)).replace(day=1)
    following = (day + dt.timedelta(days=32)).replace(day=1)
    context = {"org": org, "month": day, "totals": totals, "previous": previous, "following": following}
    return render(request, "dues/totals.html", context)
