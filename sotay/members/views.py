"""Member pages: list, profile, create, edit, status, badges (transfers: transfer_views). Access → form → service."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from sotay.accounts.http import AuthedRequest
from sotay.core.forms import add_form_errors
from sotay.core.urls import clean_url
from sotay.lib.dates import parse_date_vn
from sotay.orgs import policy
from sotay.orgs.access import get_org_for_user, org_for_list
from sotay.orgs.actor import Actor

from . import badges, services
from .access import get_member_for_user
from .choices import ACTIVE_STATUSES
from .filters import filtered_members
from .forms import MemberForm, NewMemberForm, StatusForm, ward_choices
from .history import change_lines
from .party_age import party_age


@require_GET
@vary_on_headers("HX-Request")
def member_list(request: AuthedRequest) -> HttpResponse:
    if not policy.user_has_permission(request.user, policy.VIEW_MEMBERS):
        raise Http404
    form, org, members = filtered_members(request.user, request.GET)
    page = Paginator(members, settings.SOTAY_PAGE_SIZE).get_page(request.GET.get("page"))
    can_export = policy.user_has_permission(request.user, policy.EXPORT_MEMBERS) and (
        org is None or policy.user_has_permission_for_org(request.user, policy.EXPORT_MEMBERS, org)
    )
    context = {"form": form, "page": page, "org": org, "can_export": can_export}
    if not request.htmx:
        return render(request, "members/list.html", context)
    response = render(request, "members/list.html#results", context)
    return push_url(response, clean_url(request))


@require_GET
def member_detail(request: AuthedRequest, member_id: int) -> HttpResponse:
    user = request.user
    member = get_member_for_user(user, member_id)
    services.record_profile_view(member=member, actor=Actor.from_request(request))
    org = member.organization
    prefetch_related_objects([member], "party_age_gaps", "badges")
    today = timezone.localdate()
    upcoming = badges.next_milestone(member, today) if member.status in ACTIVE_STATUSES else None
    context = {
        "member": member,
        "party_age": party_age(member, today),
        "gaps": member.party_age_gaps.all(),
        "badges": member.badges.all(),
        "next_badge": {"years": upcoming[0], "on": upcoming[1], "due": upcoming[1] <= today} if upcoming else None,
        "can_list_badges": policy.user_has_permission_for_org(user, policy.CHANGE_STATUS, org),
        "changes": [(c, change_lines(c)) for c in member.changes.select_related("by", "reorganization")[:100]],
        "can_change": policy.user_has_permission_for_org(user, policy.CHANGE_MEMBERS, org),
        "can_change_status": policy.user_has_permission_for_org(user, policy.CHANGE_STATUS, org)
        and bool(services.TRANSITIONS.get(member.status)),
        "can_view_org": policy.user_has_permission_for_org(user, policy.VIEW_ORGS, org),
        "can_export": policy.user_has_permission_for_org(user, policy.EXPORT_MEMBERS, org),
        "open_transfer": member.transfers.filter(status="OPEN").select_related("to_org").first(),
    }
    return render(request, "members/detail.html", context)


@require_GET
def badge_candidate_list(request: AuthedRequest) -> HttpResponse:
    """Members of a subtree due a Party badge on an occasion (docs/rules/party-age-and-badges.md#dịp-trao-tặng):
    ?org=<id>&on=dd/mm/yyyy[&early=1]."""
    user = request.user
    org = org_for_list(user, request.GET.get("org"), perm=policy.CHANGE_STATUS)
    today, error = timezone.localdate(), ""
    try:
        rules = badges.badge_rules(today)
    except badges.BadgeRulesMissing:
        rules = None
    on = (rules.next_occasion(today) if rules else None) or today  # default: the next occasion (01-HD/TW §18)
    if request.GET.get("on"):
        try:
            on = parse_date_vn(request.GET["on"])
        except ValueError as exc:
            error = str(exc)
    include_early = request.GET.get("early") == "1"
    candidates: list[badges.BadgeCandidate] = []
    if not error:
        try:
            candidates = badges.badge_candidates(org, on, include_early=include_early)
        except badges.BadgeRulesMissing as exc:
            error = str(exc)
    page = Paginator(candidates, settings.SOTAY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"org": org, "on": on, "early": include_early, "error": error, "page": page, "rules": rules}
    return render(request, "members/badges.html", context)


@require_http_methods(["GET", "POST"])
def member_create(request: AuthedRequest, org_id: int) -> HttpResponse:
    org = get_org_for_user(request.user, org_id, perm=policy.CREATE_MEMBERS)
    form = NewMemberForm(
        request.POST or None, initial={"ethnicity": "01", "religion": "NONE", "status": "PROBATIONARY"}
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in services.EDITABLE_FIELDS}
        try:
            member = services.create_member(
                data=data,
                organization=org,
                status=form.cleaned_data["status"],
                actor=Actor.from_request(request),
                submit_token=form.cleaned_data["submit_token"],
                confirm_same_name=form.cleaned_data["confirm_same_name"],
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            if getattr(member, "already_created", False):
                messages.info(
                    request,
                    _("Biểu mẫu này đã được lưu trước đó: đây là hồ sơ %(n)s đã tạo, không tạo thêm bản trùng.")
                    % {"n": member.full_name},
                )
            else:
                messages.success(request, _("Đã thêm đảng viên %(n)s.") % {"n": member.full_name})
            return redirect("members:detail", member_id=member.pk)
    return render(request, "members/form.html", {"form": form, "org": org, "title": _("Thêm đảng viên")})


@require_http_methods(["GET", "POST"])
def member_edit(request: AuthedRequest, member_id: int) -> HttpResponse:
    member = get_member_for_user(request.user, member_id, perm=policy.CHANGE_MEMBERS)
    form = MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.EDITABLE_FIELDS}
        try:
            services.update_member(member=member, data=data, actor=Actor.from_request(request))
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("members:detail", member_id=member.pk)
    member.refresh_from_db()
    # The form shows the citizen ID, birth date and address: a read of the profile like the profile page.
    services.record_profile_view(member=member, actor=Actor.from_request(request), page="edit")
    return render(
        request,
        "members/form.html",
        {"form": form, "member": member, "org": member.organization, "title": _("Sửa thông tin đảng viên")},
    )


@require_http_methods(["GET", "POST"])
def member_status(request: AuthedRequest, member_id: int) -> HttpResponse:
    member = get_member_for_user(request.user, member_id, perm=policy.CHANGE_STATUS)
    allowed = sorted(services.TRANSITIONS.get(member.status, set()))
    form = StatusForm(request.POST or None, allowed=allowed, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_member_status(
                member=member,
                status=data["status"],
                on=data["on"],
                actor=Actor.from_request(request),
                decision_number=data["decision_number"],
                decision_on=data["decision_on"],
                exit_kind=data["exit_kind"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã cập nhật trạng thái."))
            return redirect("members:detail", member_id=member.pk)
    return render(
        request,
        "members/action.html",
        {"form": form, "member": member, "title": _("Đổi trạng thái đảng viên")},
    )


@require_GET
def ward_options(request: AuthedRequest) -> HttpResponse:
    """The <option>s of the wards of a province, for the member form (htmx)."""
    field = request.GET.get("field", "")
    choices = ward_choices(request.GET.get(field) if field.endswith("_province_code") else None)
    return render(request, "members/ward_options.html", {"choices": choices})
