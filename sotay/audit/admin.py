from django.contrib import admin

from sotay.core.admin import OrgScopedAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(OrgScopedAdmin):
    """The same entries as the audit page (`sotay.audit.access`): the reader's subtrees and their people."""

    list_display = ["at", "actor_name", "action", "event", "object_repr", "ip"]
    list_filter = ["action"]

    def scope_q(self, user):
        from .access import visible_q

        return visible_q(user)
