"""Scoped lookups of members: anything outside the user's subtree (or own record) is a 404."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from sotay.orgs import policy
from sotay.orgs.models import path_within

from .models import Member


def members_visible_to(user, action: str = policy.VIEW_MEMBERS):
    scope = policy.subtree_q(user, action, field="organization__path")
    if action == policy.VIEW_MEMBERS and _sees_own_record_outside_scope(user, action):
        # Only when needed: "path range OR id" keeps the database from using the path index.
        scope |= Q(pk=user.member_id)
    return Member.objects.filter(scope)


def _sees_own_record_outside_scope(user, action: str) -> bool:
    if not getattr(user, "member_id", None) or not policy.user_has_permission(user, policy.VIEW_SELF):
        return False
    own_path = Member.objects.filter(pk=user.member_id).values_list("organization__path", flat=True).first()
    return own_path is not None and not any(path_within(own_path, n.path) for n in policy.granted_orgs(user, action))


def get_member_for_user(user, member_id, *, perm: str = policy.VIEW_MEMBERS) -> Member:
    try:
        pk = int(member_id)
    except (TypeError, ValueError):
        raise Http404("Không tìm thấy đảng viên.") from None
    member = members_visible_to(user, perm).select_related("organization").filter(pk=pk).first()
    if member is None:
        raise Http404("Không tìm thấy đảng viên.")
    return member
