"""Criteria, bands, quotas and recognition criteria are data: the administrator edits them here. A recognition
scheme belongs to the committee that issued it: only schemes of the user's subtrees are listed, and only an
organisation there may be chosen."""

from __future__ import annotations

from django.contrib import admin

from sotay.core.admin import OrgScopedMixin, SeededRowAdmin
from sotay.orgs import policy

from .models import CriteriaSet, Criterion, GradeBand, GradeQuota, RecognitionScheme, SchemeCriterion


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class GradeBandInline(admin.TabularInline):
    model = GradeBand
    extra = 0


@admin.register(CriteriaSet)
class CriteriaSetAdmin(SeededRowAdmin):
    list_display = ["title", "document_reference", "subject", "effective_from", "scored", "needs_verification"]
    list_filter = ["subject", "document_reference"]
    inlines = [CriterionInline, GradeBandInline]


@admin.register(GradeQuota)
class GradeQuotaAdmin(admin.ModelAdmin):
    list_display = ["effective_from", "max_percent", "mode", "document_reference"]


class SchemeCriterionInline(admin.TabularInline):
    model = SchemeCriterion
    extra = 0


@admin.register(RecognitionScheme)
class RecognitionSchemeAdmin(OrgScopedMixin, admin.ModelAdmin):
    scope_action = policy.MANAGE_EVALUATIONS

    list_display = ["title", "reference", "kind", "organization", "start_year", "end_year"]
    list_filter = ["kind"]
    raw_id_fields = ["organization"]
    inlines = [SchemeCriterionInline]
