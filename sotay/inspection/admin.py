"""Admin: plans, inspections and recommendations are read here (the user's subtrees only) and written through the
services."""

from __future__ import annotations

from django.contrib import admin

from sotay.core.admin import OrgScopedAdmin

from .models import Inspection, Plan, Recommendation


@admin.register(Plan)
class PlanAdmin(OrgScopedAdmin):
    list_display = ["title", "organization", "year"]
    search_fields = ["organization__name_folded", "organization__code"]


@admin.register(Inspection)
class InspectionAdmin(OrgScopedAdmin):
    list_display = ["__str__", "kind", "status", "result", "period_start"]
    list_filter = ["kind", "status", "result"]
    search_fields = ["subject_organization__name_folded", "subject_member__name_folded", "organization__name_folded"]


@admin.register(Recommendation)
class RecommendationAdmin(OrgScopedAdmin):
    list_display = ["__str__", "due_on", "done_on"]
    search_fields = ["organization__name_folded", "inspection__subject_organization__name_folded"]
