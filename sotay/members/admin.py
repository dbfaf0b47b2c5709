from django.contrib import admin

from sotay.core.admin import ReadOnlyAdmin

from .models import Member, MemberChange


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "birth_on", "status", "organization"]
    list_filter = ["status", "gender"]
    search_fields = ["name_folded", "card_number", "citizen_id"]
    list_select_related = ["organization"]


admin.site.register(MemberChange, ReadOnlyAdmin)
