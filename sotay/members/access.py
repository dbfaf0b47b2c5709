"""Scoped lookups of members: anything outside the user's subtree (or own record) is a 404."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from sotay.orgs import policy

from .models import Member


def members_visible_to(user, action: str = policy.VIEW_MEMBERS):
    scope = policy.subtree_q(user, action, field="organization__path")
    if (
        action == policy.VIEW_MEMBERS
        and getattr(user, "member_id", None)
        and policy.user_has_permission(user, policy.VIEW_SELF)
    ):
        scope |= Q(pk=user.member_id)
    return Member.objects.filter(scope)


def get_member_for_user(user, member_id, *, perm: str = policy.VIEW_MEMBERS) -> Member:
    try:
        pk = int(member_id)
    except (TypeError, ValueError):
        raise Http404("Không tìm thấy đảng viên.") from None
    member = members_visible_to(user, perm).select_related("organization").filter(pk=pk).first()
    if member is None:
        raise Http404("Không tìm thấy đảng viên.")
    return member
