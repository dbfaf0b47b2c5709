"""Accounts in the admin: read-only, limited to the administrator's subtrees, with the role grants inline.

Accounts are created from the member registry, and roles granted and ended on the organisation's page
(`orgs:roles`), where the policy's rules and the audit log apply; the admin shows them and links there.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from sotay.core.admin import OrgScopedAdmin
from sotay.orgs import policy
from sotay.orgs.models import RoleGrant

from .models import User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    fields = readonly_fields = ("organization", "role", "starts_on", "ends_on", "decision", "manage")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("Quản lý"))
    def manage(self, grant):
        return format_html('<a href="{}">{}</a>', reverse("orgs:roles", args=[grant.organization_id]), _("Phân quyền"))


@admin.register(User)
class UserAdmin(OrgScopedAdmin):
    list_display = ["username", "display_name", "phone", "is_active", "last_login"]
    list_filter = ["is_active", "role_grants__role"]
    search_fields = ["username", "phone", "member__name_folded", "last_name", "first_name"]
    fields = readonly_fields = (
        "username",
        "first_name",
        "last_name",
        "phone",
        "member",
        "email",
        "is_active",
        "last_login",
        "date_joined",
    )
    inlines = [RoleGrantInline]
    scope_action = policy.VIEW_MEMBERS

    def scope_q(self, user) -> Q:
        q = policy.subtree_q(user, self.scope_action, "member__organization__path")
        q |= policy.subtree_q(user, self.scope_action, "role_grants__organization__path")
        return Q(pk__in=User.objects.filter(q).values("pk"))

    @admin.display(description=_("Họ và tên"))
    def display_name(self, obj):
        return obj.display_name()
