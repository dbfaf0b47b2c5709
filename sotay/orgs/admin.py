from django.contrib import admin

from sotay.core.admin import ReadOnlyAdmin

from .models import HandoverMinutes, Organization, OrgVersion, Reorganization, RoleGrant


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "code", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name_folded", "code"]


@admin.register(Reorganization)
class ReorganizationAdmin(ReadOnlyAdmin):
    list_display = ["kind", "decision_number", "decision_on", "effective_on", "members_moved"]
    list_filter = ["kind"]


admin.site.register([OrgVersion, HandoverMinutes, RoleGrant], ReadOnlyAdmin)
