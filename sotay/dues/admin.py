"""Admin: rates and wages are editable data; the ledger and each member's dues decisions are read-only here (write
through services.py), limited to the user's subtrees, and opening one is audited as a read of the member."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sotay.core.admin import OrgScopedAdmin, OrgScopedMixin, SeededRowAdmin
from sotay.orgs import policy

from .models import (
    DuesExemption,
    DuesLiability,
    DuesPayment,
    DuesReduction,
    DuesRule,
    MemberDuesBasis,
    OrganizationWageRegion,
    RegionalMinimumWage,
    RemittanceShare,
)


@admin.register(DuesRule)
class DuesRuleAdmin(SeededRowAdmin):
    list_display = ["basis", "document_reference", "effective_from", "percent", "fixed_amount", "needs_verification"]
    list_filter = ["document_reference", "basis"]


@admin.register(RegionalMinimumWage)
class RegionalMinimumWageAdmin(SeededRowAdmin):
    list_display = ["region", "amount", "effective_from", "document", "needs_verification"]


@admin.register(RemittanceShare)
class RemittanceShareAdmin(admin.ModelAdmin):
    list_display = ["kind", "kept_percent", "effective_from", "document"]


class _ReadOnly(OrgScopedAdmin):
    scope_field = "member__organization__path"

    def audited_member(self, obj):
        return obj.member

    def view_on_site(self, obj):
        return reverse("dues:member", args=[obj.member_id])


@admin.register(DuesLiability)
class DuesLiabilityAdmin(_ReadOnly):
    list_display = ["member", "month", "amount", "rule_reference", "reverses", "reversed_by"]
    list_filter = ["month"]
    raw_id_fields = ["member"]


@admin.register(DuesPayment)
class DuesPaymentAdmin(_ReadOnly):
    list_display = ["member", "month", "amount", "paid_on", "channel", "pays_more"]
    list_filter = ["month", "channel"]


@admin.register(MemberDuesBasis, DuesExemption, DuesReduction)
class DuesDecisionAdmin(_ReadOnly):
    pass


@admin.register(OrganizationWageRegion)
class OrganizationWageRegionAdmin(OrgScopedMixin, admin.ModelAdmin):
    """The wage region of an organisation's location (docs/rules/dues.md#vùng-lương-tối-thiểu), inherited down the
    tree. Added through `payments.set_wage_region` (checked, audited); a change of region is a new row with a later
    date, never an edit, so the months already computed keep their region."""

    scope_action = policy.REORGANIZE
    list_display = ["organization", "region", "effective_from", "document"]
    list_filter = ["region"]
    raw_id_fields = ["organization"]
    fields = ["organization", "region", "effective_from", "document"]

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        from sotay.orgs.actor import Actor

        from .payments import set_wage_region

        try:
            saved = set_wage_region(
                organization=obj.organization,
                region=obj.region,
                effective_from=obj.effective_from,
                document=obj.document,
                actor=Actor.for_user(request.user),
            )
        except policy.NotAllowed:
            raise PermissionDenied from None
        obj.pk = saved.pk
