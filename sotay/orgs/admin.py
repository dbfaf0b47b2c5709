"""The organisation tree in the admin: read-only (reorganise through the app, which keeps the history and the audit
log) and limited to the user's subtrees, like the app's pages (`sotay.orgs.access`)."""

from django.contrib import admin
from django.db.models import Q
from django.urls import reverse

from sotay.core.admin import OrgScopedAdmin

from . import policy
from .models import HandoverMinutes, Organization, OrgVersion, Reorganization, RoleGrant


@admin.register(Organization)
class OrganizationAdmin(OrgScopedAdmin):
    list_display = ["name", "kind", "code", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name_folded", "code"]
    scope_field = "path"
    scope_action = policy.VIEW_ORGS

    def scope_q(self, user) -> Q:
        # As orgs_visible_to: an organisation merged away stays visible to whoever sees its successor.
        q = policy.subtree_q(user, self.scope_action)
        q |= policy.subtree_q(user, self.scope_action, "successor__path")
        return q | policy.subtree_q(user, self.scope_action, "successor__successor__path")

    def view_on_site(self, obj):
        return reverse("web:org_detail", args=[obj.pk])


def _reorganizations_q(user) -> Q:
    """Decisions that touched an organisation of the user's subtrees (as acting body, source or target)."""
    q = policy.subtree_q(user, policy.VIEW_ORGS, "acting_body__path")
    q |= policy.subtree_q(user, policy.VIEW_ORGS, "sources__path")
    q |= policy.subtree_q(user, policy.VIEW_ORGS, "targets__path")
    return Q(pk__in=Reorganization.objects.filter(q).values("pk"))


@admin.register(Reorganization)
class ReorganizationAdmin(OrgScopedAdmin):
    list_display = ["kind", "decision_number", "decision_on", "effective_on", "members_moved"]
    list_filter = ["kind"]
    scope_action = policy.VIEW_ORGS

    def scope_q(self, user) -> Q:
        return _reorganizations_q(user)


@admin.register(HandoverMinutes)
class HandoverMinutesAdmin(OrgScopedAdmin):
    scope_action = policy.VIEW_ORGS

    def scope_q(self, user) -> Q:
        return Q(reorganization__in=Reorganization.objects.filter(_reorganizations_q(user)))


@admin.register(OrgVersion, RoleGrant)
class OrgOwnedAdmin(OrgScopedAdmin):
    scope_action = policy.VIEW_ORGS
