"""Scoped lookups of members: anything outside the user's subtree (or own record) is a 404."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from sotay.accounts.http import signed_in
from sotay.orgs import policy
from sotay.orgs.models import path_within

from .models import Member

if TYPE_CHECKING:
    from sotay.accounts.http import AnyUser


def members_visible_to(user: AnyUser, action: str = policy.VIEW_MEMBERS) -> QuerySet[Member]:
    scope = policy.subtree_q(user, action, field="organization__path")
    if action == policy.VIEW_MEMBERS and (own_id := _own_record_outside_scope(user, action)) is not None:
        # Only when needed: "path range OR id" keeps the database from using the path index.
        scope |= Q(pk=own_id)
    return Member.objects.filter(scope)


def _own_record_outside_scope(user: AnyUser, action: str) -> int | None:
    """The id of the user's own member record when it lies outside every subtree where they may `action` (a member
    always sees their own record); None otherwise."""
    person = signed_in(user)
    if person is None or not person.member_id or not policy.user_has_permission(user, policy.VIEW_SELF):
        return None
    own_path = Member.objects.filter(pk=person.member_id).values_list("organization__path", flat=True).first()
    if own_path is None or any(path_within(own_path, n.path) for n in policy.granted_orgs(user, action)):
        return None
    return person.member_id


def get_member_for_user(user: AnyUser, member_id: int | str, *, perm: str = policy.VIEW_MEMBERS) -> Member:
    try:
        pk = int(member_id)
    except (TypeError, ValueError):
        raise Http404("Không tìm thấy đảng viên.") from None
    member = members_visible_to(user, perm).select_related("organization").filter(pk=pk).first()
    if member is None:
        raise Http404("Không tìm thấy đảng viên.")
    return member
