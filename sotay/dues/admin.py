"""Admin: rates and wages are editable data; the ledger is read-only here (write through services.py)."""

from __future__ import annotations

from django.contrib import admin

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


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


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
