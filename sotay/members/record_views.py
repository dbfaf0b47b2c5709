"""Recording a Party-age gap and a badge award on a member's record
(docs/rules/party-age-and-badges.md#khoảng-không-sinh-hoạt-đảng, docs/rules/party-age-and-badges.md#mốc-huy-hiệu-đảng).
Needs CHANGE_STATUS."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sotay.core.forms import add_form_errors
from sotay.orgs import policy
from sotay.orgs.actor import Actor

from . import badges
from .access import get_member_for_user
from .forms import BadgeAwardForm, PartyAgeGapForm
from .party_age import record_party_age_gap


@require_http_methods(["GET", "POST"])
def member_gap(request: HttpRequest, member_id: int) -> HttpResponse:
    member = get_member_for_user(request.user, member_id, perm=policy.CHANGE_STATUS)
    form = PartyAgeGapForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_party_age_gap(member=member, actor=Actor.from_request(request), **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi thời gian không tính tuổi đảng."))
            return redirect("members:detail", member_id=member.pk)
    title = _("Ghi thời gian không tính tuổi đảng")
    return render(request, "members/action.html", {"form": form, "member": member, "title": title})


@require_http_methods(["GET", "POST"])
def member_badge(request: HttpRequest, member_id: int) -> HttpResponse:
    member = get_member_for_user(request.user, member_id, perm=policy.CHANGE_STATUS)
    today = timezone.localdate()
    try:
        milestones = badges.badge_rules(today).milestones
    except badges.BadgeRulesMissing:
        milestones = ()
    upcoming = badges.next_milestone(member, today)
    initial = {"awarded_on": today, "years": upcoming[0] if upcoming else None}
    form = BadgeAwardForm(request.POST or None, milestones=milestones, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            badges.award_badge(member=member, actor=Actor.from_request(request), **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi tặng Huy hiệu Đảng."))
            return redirect("members:detail", member_id=member.pk)
    title = _("Ghi tặng Huy hiệu Đảng")
    return render(request, "members/action.html", {"form": form, "member": member, "title": title})
