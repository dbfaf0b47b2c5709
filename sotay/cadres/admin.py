"""Position standards are national or provincial data with effective dates: administrators add versions here (each
save is audited); a value not checked against its regulation keeps the "cần đối chiếu" mark. Cadre records and
verification cases are not in the admin: they are reached only through their scoped pages."""

from django.contrib import admin

from sotay.audit.log import log
from sotay.audit.models import AuditAction

from .models import Standard


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ["position_kind", "org_kind", "effective_from", "document_reference", "unconfirmed"]
    list_filter = ["position_kind", "unconfirmed"]
    ordering = ["position_kind", "-effective_from"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        log(
            AuditAction.UPDATE if change else AuditAction.CREATE,
            obj,
            by=request.user,
            data={"changed": sorted(form.changed_data)},
        )

    def delete_model(self, request, obj):
        log(AuditAction.DELETE, obj, by=request.user)
        super().delete_model(request, obj)
