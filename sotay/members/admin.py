"""Members in the admin: read-only, limited to the user's subtrees, each opening audited; the work is done in the
app's pages (the admin's "view on site" link opens the member's profile there)."""

from django.contrib import admin
from django.urls import reverse

from sotay.core.admin import OrgScopedAdmin

from .models import Member, MemberChange


@admin.register(Member)
class MemberAdmin(OrgScopedAdmin):
    list_display = ["full_name", "birth_on", "status", "organization"]
    list_filter = ["status", "gender"]
    search_fields = ["name_folded", "card_number", "citizen_id"]
    list_select_related = ["organization"]

    def audited_member(self, obj):
        return obj

    def view_on_site(self, obj):
        return reverse("members:detail", args=[obj.pk])


@admin.register(MemberChange)
class MemberChangeAdmin(OrgScopedAdmin):
    scope_field = "member__organization__path"

    def audited_member(self, obj):
        return obj.member

    def view_on_site(self, obj):
        return reverse("members:detail", args=[obj.member_id])
