"""Admin: the self-score sheet is editable data; meetings are read here (the user's subtrees only) and written
through the services."""

from __future__ import annotations

from django.contrib import admin

from sotay.core.admin import OrgScopedAdmin

from .models import AgendaTemplateItem, CellMeeting, MeetingSchedule, ScoreCriterion


@admin.register(ScoreCriterion)
class ScoreCriterionAdmin(admin.ModelAdmin):
    list_display = ["position", "code", "label", "max_points", "is_active"]
    list_editable = ["label", "max_points", "is_active"]
    list_display_links = ["code"]


@admin.register(AgendaTemplateItem)
class AgendaTemplateItemAdmin(admin.ModelAdmin):
    list_display = ["meeting_kind", "position", "kind", "title", "is_active"]
    list_filter = ["meeting_kind", "is_active"]
    list_editable = ["position", "title", "is_active"]
    list_display_links = ["kind"]


@admin.register(MeetingSchedule)
class MeetingScheduleAdmin(OrgScopedAdmin):
    list_display = ["organization", "kind", "weekday", "week", "start_time", "is_active"]
    list_filter = ["is_active", "kind"]
    search_fields = ["organization__name", "organization__code"]
    raw_id_fields = ["organization"]


@admin.register(CellMeeting)
class CellMeetingAdmin(OrgScopedAdmin):
    list_display = ["organization", "kind", "starts_at", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["organization__name", "organization__code"]
    date_hierarchy = "starts_at"
