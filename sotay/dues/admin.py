"""Admin: rates and wages are editable data; the ledger and each member's dues decisions are read-only here (write
through services.py), limited to the user's subtrees, and opening one is audited as a read of the member."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse

from sotay.core.admin import OrgScopedAdmin

from .models import (
    DuesExemption,
    DuesLiability,
    DuesPayment,
    DuesReduction,
    DuesRule,
    MemberDuesBasis,
    RegionalMinimumWage,
    RemittanceShare,
)


@admin.register(DuesRule)
class DuesRuleAdmin(admin.ModelAdmin):
    list_display = ["basis", "document_reference", "effective_from", "percent", "fixed_amount", "needs_verification"]
    list_filter = ["document_reference", "basis"]


@admin.register(RegionalMinimumWage)
class RegionalMinimumWageAdmin(admin.ModelAdmin):
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
