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
from .forms import BulkBasisForm


@require_http_methods(["GET", "POST"])
def bases(request: HttpRequest, org_id: int) -> HttpResponse:
    org = get_org_for_user(request.user, org_id, perm=policy.CHANGE_MEMBERS)
    today = timezone.localdate()
    members = list(Member.objects.active().in_subtree(org).select_related("organization").vietnamese_order())
    current = bulk.current_bases(members, today)
    chosen = {m.pk for m in members if m.pk not in current}
    form = BulkBasisForm(initial={"effective_from": today.replace(day=1)})
    errors: list[str] = []
    if request.method == "POST":
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
        "month": today.replace(day=1),
        "missing": sum(1 for m in members if m.pk not in current),
    }
    return render(request, "dues/bases.html", context, status=400 if request.method == "POST" else 200)
