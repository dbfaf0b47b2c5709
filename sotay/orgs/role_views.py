"""Roles of a subtree: who holds which role, grant and end a role (with dates and the appointing decision), XLSX."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sotay.accounts.activation import find_user
from sotay.accounts.reauth import recent_authentication_required
from sotay.core.exports import export_response
from sotay.core.forms import DateInput, VNDateField, add_form_errors
from sotay.lib import xlsx
from sotay.lib.vntext import fold

from . import policy, services
from .access import get_org_for_user
from .actor import Actor
from .models import Role, RoleGrant, subtree_filter

PERM = policy.GRANT_ROLES


class GrantForm(forms.Form):
    login = forms.CharField(label=gettext_lazy("Tên đăng nhập hoặc số điện thoại của người nhận"), max_length=150)
    role = forms.ChoiceField(label=gettext_lazy("Vai trò"))
    starts_on = VNDateField(label=gettext_lazy("Từ ngày"), widget=DateInput())
    ends_on = VNDateField(label=gettext_lazy("Đến ngày (nếu có)"), required=False, widget=DateInput())
    decision = forms.CharField(
        label=gettext_lazy("Quyết định, nghị quyết bầu hoặc chỉ định"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Ví dụ: Nghị quyết Đại hội chi bộ ngày 15/08/2025"),
    )

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = [(r, Role(r).label) for r in roles]

    def clean_login(self):
        user = find_user(self.cleaned_data["login"])
        if user is None:
            raise ValidationError(_("Không có tài khoản này."))
        return user


def _grants_in(org, *, ended: bool):
    grants = RoleGrant.objects.filter(subtree_filter(org.path, "organization__path")).select_related(
        "user", "user__member", "organization"
    )
    active = RoleGrant.objects.active()
    grants = grants.exclude(pk__in=active.values("pk")) if ended else grants.filter(pk__in=active.values("pk"))
    return grants.order_by("organization__path", "role", "user__username")


@recent_authentication_required
def role_list(request: HttpRequest, org_id: int) -> HttpResponse:
    org = get_org_for_user(request.user, org_id, perm=PERM)
    actor = Actor.from_request(request)
    roles = policy.grantable_roles(actor.grants, org)
    ended = request.GET.get("ended") == "1"
    role = request.GET.get("role", "")
    grants = _grants_in(org, ended=ended)
    if role in Role.values:
        grants = grants.filter(role=role)
    form = GrantForm(roles=roles, initial={"starts_on": timezone.localdate()})
    page = Paginator(grants, 50).get_page(request.GET.get("page"))
    context = {
        "org": org,
        "page": page,
        "form": form,
        "can_grant": bool(roles),
        "ended": ended,
        "role": role,
        "roles": Role.choices,
        "revocable": {g.pk for g in page if g.role in policy.grantable_roles(actor.grants, g.organization)},
    }
    return render(request, "orgs/roles.html", context)


@require_POST
@recent_authentication_required
def role_grant(request: HttpRequest, org_id: int) -> HttpResponse:
    org = get_org_for_user(request.user, org_id, perm=PERM)
    actor = Actor.from_request(request)
    form = GrantForm(request.POST, roles=policy.grantable_roles(actor.grants, org))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.grant_role(
                actor=actor,
                user=data["login"],
                organization=org,
                role=data["role"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                decision=data["decision"],
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        except policy.NotAllowed:
            form.add_error("role", _("Bạn không được giao vai trò này ở tổ chức này."))
        else:
            messages.success(request, _("Đã phân quyền."))
            return redirect("orgs:roles", org_id=org.pk)
    page = Paginator(_grants_in(org, ended=False), 50).get_page(1)
    context = {"org": org, "page": page, "form": form, "can_grant": True, "roles": Role.choices, "revocable": set()}
    return render(request, "orgs/roles.html", context, status=422)


@require_POST
@recent_authentication_required
def role_revoke(request: HttpRequest, grant_id: int) -> HttpResponse:
    grant = get_object_or_404(RoleGrant.objects.select_related("organization", "user"), pk=grant_id)
    get_org_for_user(request.user, grant.organization_id, perm=PERM)  # 404 outside the user's scope
    try:
        services.revoke_role(actor=Actor.from_request(request), grant=grant)
    except policy.NotAllowed as refused:
        if refused.hidden:
            raise Http404 from refused
        messages.error(request, _("Bạn không được thu hồi vai trò này."))
    else:
        messages.success(request, _("Đã thu hồi quyền của %(name)s.") % {"name": grant.user.get_username()})
    return redirect("orgs:roles", org_id=grant.organization_id)


@recent_authentication_required
def role_xlsx(request: HttpRequest, org_id: int) -> HttpResponseBase:
    org = get_org_for_user(request.user, org_id, perm=PERM)
    grants = list(_grants_in(org, ended=request.GET.get("ended") == "1"))
    columns = [
        xlsx.Column(_("Tài khoản"), 18),
        xlsx.Column(_("Họ và tên"), 28),
        xlsx.Column(_("Vai trò"), 28),
        xlsx.Column(_("Tổ chức"), 36),
        xlsx.Column(_("Từ ngày"), 12),
        xlsx.Column(_("Đến ngày"), 12),
        xlsx.Column(_("Quyết định"), 36),
    ]
    rows = [
        (
            g.user.username,
            g.user.display_name(),
            g.get_role_display(),
            g.organization.name,
            f"{g.starts_on:%d/%m/%Y}",
            f"{g.ends_on:%d/%m/%Y}" if g.ends_on else "",
            g.decision,
        )
        for g in grants
    ]
    content = xlsx.xlsx_bytes(columns=columns, rows=rows, sheet_title=_("Phân quyền"))
    name = f"phan-quyen-{fold(org.code or str(org.pk)).replace(' ', '-')}-{timezone.localdate():%Y%m%d}.xlsx"
    return export_response(
        actor=Actor.from_request(request),
        kind="role_grants",
        subject=org,
        filename=name,
        content=content,
        rows=len(rows),
    )


def roles_url(org) -> str:
    return reverse("orgs:roles", args=[org.pk])
