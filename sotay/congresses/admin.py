"""Admin: congress plans, congresses and elections are read here (the user's subtrees only) and written through
the app's pages and services, which check the actor and keep the audit log."""

from __future__ import annotations

from django.contrib import admin

from sotay.core.admin import OrgScopedAdmin

from .models import Congress, CongressPlan, Election, PlanStep


class PlanStepInline(admin.TabularInline):
    model = PlanStep
    fields = readonly_fields = ("order", "code", "title", "responsible", "offset_days", "fixed_due_on", "produces")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CongressPlan)
class CongressPlanAdmin(OrgScopedAdmin):
    list_display = ["title", "organization", "term_label", "directive", "created_at"]
    search_fields = ["title", "organization__name", "organization__code"]
    list_filter = ["term_label"]
    raw_id_fields = ["organization"]
    inlines = [PlanStepInline]


@admin.register(Congress)
class CongressAdmin(OrgScopedAdmin):
    list_display = ["organization", "term_label", "kind", "planned_on", "held_on", "summoned"]
    list_filter = ["term_label", "kind"]
    search_fields = ["organization__name", "organization__code"]
    raw_id_fields = ["organization", "plan"]


@admin.register(Election)
class ElectionAdmin(OrgScopedAdmin):
    list_display = ["organization", "body", "method", "seats", "held_on", "status"]
    list_filter = ["method", "status", "body"]
    search_fields = ["organization__name", "organization__code"]
    raw_id_fields = ["organization", "congress", "approved_by"]
