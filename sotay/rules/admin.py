from django.contrib import admin

from sotay.core.admin import ReadOnlyAdmin
from sotay.orgs.actor import Actor

from .calendar import remove_calendar_day, set_calendar_day
from .models import CalendarDay, Rule


@admin.register(Rule)
class RuleAdmin(ReadOnlyAdmin):
    list_display = ["key", "value", "document_reference", "effective_from"]
    list_filter = ["key"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Staff add each year's announced days off, compensatory days and working Saturdays here.

    Saving goes through the calendar services, so every change is audited.
    """

    list_display = ["day", "kind", "name", "holiday", "source_document"]
    list_filter = ["kind", "holiday"]
    ordering = ["-day"]

    def save_model(self, request, obj, form, change):
        set_calendar_day(
            day=obj.day,
            kind=obj.kind,
            name=obj.name,
            source_document=obj.source_document,
            holiday=obj.holiday,
            note=obj.note,
            actor=Actor.from_request(request),
        )

    def delete_model(self, request, obj):
        remove_calendar_day(entry=obj, actor=Actor.from_request(request))

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            remove_calendar_day(entry=obj, actor=Actor.from_request(request))
