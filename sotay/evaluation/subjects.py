"""Who and what a campaign covers, and who may act at each step (docs/rules/evaluation.md#quy-trình-đánh-giá; the
competent level decides)."""

from __future__ import annotations

from sotay.members.models import Member
from sotay.orgs import policy
from sotay.orgs.models import CELL_KINDS, Organization, OrgKind, subtree_filter

from .models import Stage

# Members graded in a campaign: probationary and official members (exempt members are not graded).
GRADED_STATUSES = ("PROBATIONARY", "OFFICIAL")
# Party organisations graded in a campaign.
GRADED_ORG_KINDS = (*CELL_KINDS, OrgKind.BASE_COMMITTEE, OrgKind.SUB_COMMITTEE)


def base_of(org: Organization) -> Organization:
    """The TCCS an organisation belongs to (itself when it is one); the quota counts within it."""
    if org.is_base:
        return org
    for ancestor in reversed(list(Organization.objects.get_ancestors(org))):
        if ancestor.is_base:
            return ancestor
    return org


def parent_of(org: Organization) -> Organization | None:
    return Organization.objects.get_parent(org) if org.depth > 1 else None


def members_in_scope(org: Organization):
    return Member.objects.filter(subtree_filter(org.path, "organization__path"), status__in=GRADED_STATUSES)


def orgs_in_scope(campaign_org: Organization, org: Organization):
    """Graded organisations in `org`'s subtree, the campaign's own organisation excluded."""
    return Organization.objects.filter(
        subtree_filter(org.path), kind__in=GRADED_ORG_KINDS, valid_to__isnull=True
    ).exclude(pk=campaign_org.pk)


def may_act(user, *, kind: str, member: Member | None = None, subject_org: Organization | None = None) -> bool:
    """Whether `user` may record step `kind` for the member or organisation."""
    if member is not None:
        cell = member.organization
        if kind == Stage.SELF:
            own = getattr(user, "member_id", None) == member.pk and policy.user_has_permission(user, policy.VIEW_SELF)
            return own or policy.user_has_permission_for_org(user, policy.REVIEW_EVALUATIONS, cell)
        if kind == Stage.REVIEWED:
            return policy.user_has_permission_for_org(user, policy.REVIEW_EVALUATIONS, cell)
        return policy.user_has_permission_for_org(user, policy.MANAGE_EVALUATIONS, base_of(cell))
    assert subject_org is not None
    if kind == Stage.SELF:
        return policy.user_has_permission_for_org(user, policy.REVIEW_EVALUATIONS, subject_org)
    parent = parent_of(subject_org)
    if parent is None:
        return False
    perm = policy.REVIEW_EVALUATIONS if kind == Stage.REVIEWED else policy.MANAGE_EVALUATIONS
    return policy.user_has_permission_for_org(user, perm, parent)
