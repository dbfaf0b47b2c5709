from django.contrib import admin

from .models import Appeal, Discipline, ScreeningDecision


class AppealInline(admin.TabularInline):
    model = Appeal
    extra = 0


@admin.register(Discipline)
class DisciplineAdmin(admin.ModelAdmin):
    list_display = ["decision_number", "kind", "member", "subject_organization", "decided_on", "annulled"]
    list_filter = ["kind", "annulled"]
    raw_id_fields = ["member", "subject_organization", "organization", "deciding_body", "created_by"]
    inlines = [AppealInline]


@admin.register(ScreeningDecision)
class ScreeningDecisionAdmin(admin.ModelAdmin):
    list_display = ["member", "year", "outcome", "decided_on"]
    list_filter = ["year", "outcome"]
    raw_id_fields = ["member", "organization"]
