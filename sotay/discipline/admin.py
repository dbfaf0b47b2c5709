"""Admin: disciplinary decisions and screening outcomes are read here (the user's subtrees only, read-only) and
written through the services; the rule values they feed are `rules.Rule` rows ("cần đối chiếu" in their notes)."""

from __future__ import annotations

from django.contrib import admin

from sotay.core.admin import OrgScopedAdmin

from .models import Discipline, ScreeningDecision


@admin.register(Discipline)
class DisciplineAdmin(OrgScopedAdmin):
    list_display = ["decision_number", "kind", "member", "subject_organization", "decided_on", "annulled"]
    list_filter = ["kind", "annulled"]
    search_fields = ["decision_number", "member__name_folded", "organization__name_folded"]

    def audited_member(self, obj):
        return obj.member


@admin.register(ScreeningDecision)
class ScreeningDecisionAdmin(OrgScopedAdmin):
    list_display = ["member", "year", "outcome", "decided_on"]
    list_filter = ["year", "outcome"]
    search_fields = ["member__name_folded", "organization__name_folded"]

    def audited_member(self, obj):
        return obj.member
