from django.contrib import admin

from sotay.core.admin import ReadOnlyAdmin

from .models import Rule


@admin.register(Rule)
class RuleAdmin(ReadOnlyAdmin):
    list_display = ["key", "value", "document_reference", "effective_from"]
    list_filter = ["key"]
