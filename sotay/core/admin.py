"""The Django admin is a window for system administrators onto settings and rules, not onto member data.

Every write of organisation or member data goes through the services (validation, history, audit), so those
models are read-only here, and each shows only the rows of the subtrees where the user holds a role
(`OrgScopedAdmin`, through `sotay.orgs.policy`): a SYSTEM_ADMIN granted at one province never lists or opens
another province's members, organisations, grants or meetings, and an id outside the scope is a 404.

Superusers get no bypass: `is_superuser` only lets an account into every admin page (settings, rules, calendar,
criteria); a superuser without any role grant sees no organisation-owned row. Member data is worked on in the
app's pages, which the admin links to.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import Q
from django.http import Http404

from sotay.lib.vntext import fold
from sotay.orgs import policy
from sotay.orgs.actor import Actor

admin.site.site_header = "Sổ tay — Quản trị"
admin.site.site_title = "Sổ tay — Quản trị"
admin.site.index_title = "Cài đặt hệ thống, quy định và lịch"
admin.site.site_url = "/"


class FoldedSearchMixin:
    """Search ignores diacritics and case (đ = d): the typed words are folded like the `*_folded` columns that the
    search_fields name, so "Hồng", "hong" and "HONG" find Hồng."""

    def get_search_results(self, request, queryset, search_term):
        if any(str(f).endswith("_folded") for f in getattr(self, "search_fields", ())):
            search_term = fold(search_term)
        return super().get_search_results(request, queryset, search_term)


class SeededRowAdmin(admin.ModelAdmin):
    """The admin of seeded rows (`core.models.SeededRow`): a change staff save marks the row (and each changed inline
    row) edited, so seeding never overwrites it."""

    def save_model(self, request, obj, form, change):
        if change and form.has_changed():
            obj.mark_edited()
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline in formset.forms:
            if inline.instance.pk and inline.has_changed() and hasattr(inline.instance, "mark_edited"):
                inline.instance.mark_edited()
        super().save_formset(request, form, formset, change)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class OrgScopedMixin(FoldedSearchMixin):
    """Rows whose organisation lies in a subtree where the user may `scope_action` (`scope_field` names the path
    column, e.g. "organization__path" or "member__organization__path")."""

    scope_field = "organization__path"
    scope_action = policy.VIEW_MEMBERS  # SYSTEM_ADMIN holds it, as do the committees

    def scope_q(self, user) -> Q:
        return policy.subtree_q(user, self.scope_action, self.scope_field)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(self.scope_q(request.user))

    def audited_member(self, obj):
        """The member whose personal data the change page of `obj` shows (its opening is audited), or None."""
        return None

    def _in_scope(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("Không tìm thấy.")
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self._in_scope(request, object_id)
        member = self.audited_member(obj)
        if member is not None and request.method == "GET":
            from sotay.members.services import record_profile_view

            record_profile_view(member=member, actor=Actor.from_request(request), page="admin")
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._in_scope(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """An organisation chosen in a form (editable models) must lie in the user's scope too."""
        from sotay.orgs.models import Organization

        if db_field.related_model is Organization and "queryset" not in kwargs:
            kwargs["queryset"] = Organization.objects.filter(policy.subtree_q(request.user, self.scope_action))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class OrgScopedAdmin(OrgScopedMixin, ReadOnlyAdmin):
    """Read-only and limited to the user's subtrees: organisation-owned data (write it through the app)."""
