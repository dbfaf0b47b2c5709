"""The file lending log (docs/rules/registers.md#sổ-giao-nhận-và-cho-mượn-hồ-sơ): lend from the member's page, list and
return for a subtree, XLSX."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sotay.core.exports import export_response
from sotay.core.forms import add_form_errors
from sotay.lib import xlsx
from sotay.orgs import policy
from sotay.orgs.access import org_for_list
from sotay.orgs.actor import Actor

from . import file_loans
from .access import get_member_for_user
from .forms import FileLoanForm, ReceiveForm
from .models import FileLoan

PERM = policy.CHANGE_MEMBERS  # the chi ủy and committees keep the files


@dataclass(frozen=True)
class LoanRow:
    """One line of the lending log: the loan and whether it is past its return date today."""

    loan: FileLoan
    overdue: bool


@require_http_methods(["GET", "POST"])
def lend(request: HttpRequest, member_id: int) -> HttpResponse:
    member = get_member_for_user(request.user, member_id, perm=PERM)
    form = FileLoanForm(request.POST or None, initial={"lent_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            file_loans.lend_file(member=member, actor=Actor.from_request(request), **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi sổ giao nhận hồ sơ."))
            return redirect(f"{reverse('members:file_loans')}?org={member.organization_id}")
    title = _("Giao nhận, cho mượn hồ sơ đảng viên")
    return render(request, "members/action.html", {"form": form, "member": member, "title": title})


@require_GET
def loan_list(request: HttpRequest) -> HttpResponse:
    org = org_for_list(request.user, request.GET.get("org"), perm=PERM)
    today = timezone.localdate()
    loans = [LoanRow(loan, loan.is_overdue(today)) for loan in file_loans.loans_in(org)[:500]]
    open_count = sum(1 for row in loans if not row.loan.returned_on)
    context = {"org": org, "loans": loans, "today": today, "open_count": open_count}
    return render(request, "members/file_loans.html", context)


@require_POST
def loan_return(request: HttpRequest, loan_id: int) -> HttpResponse:
    scope = policy.subtree_q(request.user, PERM, field="organization__path")
    loan = FileLoan.objects.filter(scope, pk=loan_id).first()
    if loan is None:
        raise Http404("Không tìm thấy.")
    form = ReceiveForm({"received_on": request.POST.get("returned_on", "")})
    if not form.is_valid():
        messages.error(request, _("Ngày trả không hợp lệ (cần dạng dd/mm/yyyy)."))
    else:
        try:
            file_loans.return_file(
                loan=loan, returned_on=form.cleaned_data["received_on"], actor=Actor.from_request(request)
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã ghi trả hồ sơ."))
    return redirect(f"{reverse('members:file_loans')}?org={loan.organization_id}")


@require_GET
def loan_xlsx(request: HttpRequest) -> HttpResponseBase:
    org = org_for_list(request.user, request.GET.get("org"), perm=policy.EXPORT_MEMBERS)
    columns = [
        xlsx.Column(_("STT"), 6),
        xlsx.Column(_("Họ và tên đảng viên"), 28),
        xlsx.Column(_("Chi bộ"), 28),
        xlsx.Column(_("Loại"), 12),
        xlsx.Column(_("Tài liệu"), 28),
        xlsx.Column(_("Người nhận"), 24),
        xlsx.Column(_("Đơn vị"), 24),
        xlsx.Column(_("Mục đích"), 30),
        xlsx.Column(_("Ngày giao"), 12),
        xlsx.Column(_("Hẹn trả"), 12),
        xlsx.Column(_("Ngày trả"), 12),
    ]
    loans = list(file_loans.loans_in(org))
    rows = [
        [
            i,
            x.member.full_name,
            x.organization.name,
            x.get_kind_display(),
            x.documents,
            x.borrower,
            x.borrower_unit,
            x.purpose,
            x.lent_on,
            x.due_on,
            x.returned_on,
        ]
        for i, x in enumerate(loans, start=1)
    ]
    title = _("Sổ giao nhận, cho mượn hồ sơ đảng viên")
    data = xlsx.xlsx_bytes(
        columns=columns, rows=rows, sheet_title=str(title)[:31], document_title=f"{title} — {org.name}"
    )
    return export_response(
        actor=Actor.from_request(request),
        kind="file_loans",
        subject=org,
        filename=f"so-giao-nhan-ho-so-{org.code}.xlsx",
        content=data,
        rows=len(rows),
    )
