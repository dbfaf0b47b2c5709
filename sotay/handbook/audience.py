"""Who an item published to a subtree reaches, and which items reach a user.

docs/rules/handbook-app.md (339-QĐ/TW): the handbook serves *đảng viên chính thức* and *dự bị*, except members granted
*miễn công tác và sinh hoạt đảng*; so receipts and notifications go to members with an account whose status is official
or probationary. Committee staff see items of their own nodes and above as well.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q

from sotay.members.choices import MemberStatus
from sotay.orgs import policy
from sotay.orgs.models import Organization, ancestor_paths, subtree_filter

AUDIENCE_STATUSES = (MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY)


def members_reached(org: Organization):
    """Active user accounts of members in the subtree of `org` who use the handbook (docs/rules/handbook-app.md)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, member__status__in=AUDIENCE_STATUSES)
        .filter(subtree_filter(org.path, "member__organization__path"))
        .select_related("member")
    )


def user_paths(user) -> set[str]:
    """Paths of the user's own organisation (as a member) and of the nodes they hold a role on."""
    paths: set[str] = set()
    member = getattr(user, "member", None) if getattr(user, "member_id", None) else None
    if member is not None and member.status in AUDIENCE_STATUSES:
        paths.add(member.organization.path)
    for org in policy.granted_orgs(user, policy.VIEW_ORGS):
        paths.add(org.path)
    return paths


def reaching_q(user, field: str = "organization__path") -> Q:
    """Items addressed to the user's organisation or any organisation above it: up to, never across, their root
    (province), so another province's items never reach them."""
    ancestors = {a for p in user_paths(user) for a in ancestor_paths(p)}
    if not ancestors:
        return Q(pk__in=[])
    return Q(**{f"{field}__in": sorted(ancestors)})


def member_org(user) -> Organization | None:
    member = getattr(user, "member", None) if getattr(user, "member_id", None) else None
    if member is None or member.status not in AUDIENCE_STATUSES:
        return None
    return member.organization
