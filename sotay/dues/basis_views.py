"""Declaring dues bases for many members of a cell at once, on the phone (bulk.declare_bases): tick the members (those
with no basis yet are ticked), choose the basis and amount, save; a refusal lists each member's reason and saves
nothing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sotay.members.models import Member
from sotay.orgs import policy
from sotay.orgs.access import get_org_for_user
from sotay.orgs.actor import Actor

from . import bulk
from . import payroll as payroll_sheet
from .forms import BulkBasisForm, PayrollForm
from .models import DuesBasis


@require_http_methods(["GET", "POST"])
def bases(request: HttpRequest, org_id: int) -> HttpResponse:
    org = get_org_for_user(request.user, org_id, perm=policy.CHANGE_MEMBERS)
    today = timezone.localdate()
    members = list(Member.objects.active().in_subtree(org).select_related("organization").vietnamese_order())
    current = bulk.current_bases(members, today)
    chosen = {m.pk for m in members if m.pk not in current}
    form = BulkBasisForm(initial={"effective_from": today.replace(day=1)})
    errors: list[str] = []
    payroll, payroll_form = None, PayrollForm(initial={"effective_from": today.replace(day=1)})
    if request.method == "POST" and request.POST.get("action") in ("preview", "confirm"):
        payroll_form = PayrollForm(request.POST, request.FILES)
        if payroll_form.is_valid():
            day = payroll_form.cleaned_data["effective_from"]
            try:
                if request.POST["action"] == "preview":
                    payroll = _preview(payroll_form, members)
                else:
                    n = _confirm(request, org, members, day)
                    messages.success(request, _("Đã kê khai căn cứ đóng cho %(n)s đảng viên.") % {"n": n})
                    return redirect("dues:bases", org_id=org.pk)
            except ValidationError as exc:
                errors = exc.messages
    elif request.method == "POST":
        form = BulkBasisForm(request.POST)
        chosen = {int(x) for x in request.POST.getlist("member") if x.isdigit()}
        if form.is_valid():
            data = form.cleaned_data
            entries = [bulk.Entry(m, data["basis"], data["amount"]) for m in members if m.pk in chosen]
            try:
                n = bulk.declare_bases(
                    org=org, entries=entries, effective_from=data["effective_from"], actor=Actor.from_request(request)
                )
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, _("Đã kê khai căn cứ đóng cho %(n)s đảng viên.") % {"n": n})
                return redirect("dues:bases", org_id=org.pk)
    context = {
        "org": org,
        "form": form,
        "rows": [(m, current.get(m.pk), m.pk in chosen) for m in members],
        "errors": errors,
        "payroll": payroll,
        "payroll_form": payroll_form,
        "month": today.replace(day=1),
        "missing": sum(1 for m in members if m.pk not in current),
    }
    ok = request.method == "GET" or (payroll is not None and payroll.ok)
    return render(request, "dues/bases.html", context, status=200 if ok else 400)


def _preview(form: PayrollForm, members) -> payroll_sheet.Payroll:
    if not form.cleaned_data.get("file"):
        raise ValidationError(_("Hãy chọn tệp bảng lương (.xlsx)."))
    return payroll_sheet.read(form.cleaned_data["file"], members)


def _confirm(request: HttpRequest, org, members, day) -> int:
    """The rows of the preview, sent back as "member id:amount"; the service checks them all again."""
    by_pk = {m.pk: m for m in members}
    entries = []
    for pair in request.POST.getlist("row"):
        pk, _sep, amount = pair.partition(":")
        member = by_pk.get(int(pk)) if pk.isdigit() else None
        if member is None or not amount.isdigit():
            raise ValidationError(_("Bản xem trước không còn khớp với danh sách chi bộ: hãy tải bảng lương lên lại."))
        entries.append(bulk.Entry(member, DuesBasis.INSURED_SALARY, int(amount)))
    return bulk.declare_bases(org=org, entries=entries, effective_from=day, actor=Actor.from_request(request))
