"""One member's dues: what they declare, exemptions and reductions, and the ledger month by month (docs/rules/dues.md).

Read by whoever may see the member; changed by the chi ủy and above (CHANGE_MEMBERS). Each form posts to its own
URL and goes through its service; a refusal re-renders the page with the form's errors and changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sotay.core.forms import add_form_errors
from sotay.members.access import get_member_for_user
from sotay.members.services import record_profile_view
from sotay.orgs import policy
from sotay.orgs.actor import Actor

from . import ledger, months, payments, services
from .forms import BasisForm, ExemptionForm, MonthsPaymentForm, ReductionForm, RetirementForm
from .models import DuesLiability, DuesPayment

LEDGER_MONTHS = 24
FORMS = {
    "basis": BasisForm,
    "exemption": ExemptionForm,
    "reduction": ReductionForm,
    "months": MonthsPaymentForm,  # chậm đóng, đóng trước (payments.pay_months)
    "retirement": RetirementForm,  # the retiree rate from the month after (payments.record_retirement)
}


def _render(request: HttpRequest, member, *, bound: dict | None = None, status: int = 200) -> HttpResponse:
    # Wages, pensions and exemptions are personal data: each showing is audited like a profile view.
    record_profile_view(member=member, actor=Actor.from_request(request), page="dues")
    today = timezone.localdate()
    can_change = policy.user_has_permission_for_org(request.user, policy.CHANGE_MEMBERS, member.organization)
    initial = {"effective_from": today, "paid_on": today}
    forms = {name: cls(initial=initial) for name, cls in FORMS.items()} if can_change else {}
    forms.update(bound or {})
    context = {
        "member": member,
        "bases": member.dues_bases.order_by("-effective_from"),
        "exemptions": member.dues_exemptions.order_by("-start_month"),
        "reductions": member.dues_reductions.order_by("-start_month"),
        "rows": months.month_states(member, today)[::-1][:LEDGER_MONTHS],  # newest first, with each month's status
        "arrears": months.months_owed(member, today),  # months over and not paid in full
        "flag": ledger.three_months_unpaid(member, today.year, on=today),
        "liabilities": DuesLiability.objects.filter(member=member).count(),
        "payments": DuesPayment.objects.filter(member=member).count(),
        "forms": forms,
        "can_change": can_change,
        "can_view_sheet": policy.user_has_permission_for_org(request.user, policy.VIEW_MEMBERS, member.organization),
        "today": today,
    }
    return render(request, "dues/member.html", context, status=status)


@require_GET
def member_dues(request: HttpRequest, member_id: int) -> HttpResponse:
    member = get_member_for_user(request.user, member_id, perm=policy.VIEW_MEMBERS)
    return _render(request, member)


@require_POST
def member_dues_change(request: HttpRequest, member_id: int, what: str) -> HttpResponse:
    if what not in FORMS:
        raise Http404
    member = get_member_for_user(request.user, member_id, perm=policy.CHANGE_MEMBERS)
    form = FORMS[what](request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if what == "basis":
                services.declare_basis(member=member, actor=Actor.from_request(request), **data)
            elif what == "exemption":
                services.grant_exemption(member=member, actor=Actor.from_request(request), **data)
            elif what == "months":
                payments.pay_months(member=member, actor=Actor.from_request(request), **data)
            elif what == "retirement":
                payments.record_retirement(member=member, actor=Actor.from_request(request), **data)
            else:
                services.grant_reduction(member=member, actor=Actor.from_request(request), **data)
        except policy.NotAllowed:
            raise Http404 from None
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi."))
            return redirect("dues:member", member_id=member.pk)
    return _render(request, member, bound={what: form}, status=400)
