from django.contrib import admin

from .models import Inspection, Plan, Recommendation


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "year"]
    raw_id_fields = ["organization"]


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "status", "result", "period_start"]
    list_filter = ["kind", "status", "result"]
    raw_id_fields = ["plan", "organization", "subject_organization", "subject_member"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "due_on", "done_on"]
    raw_id_fields = ["inspection", "organization"]
