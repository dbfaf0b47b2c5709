"""Who may read which document: the audience of each entry, against the user's role grants."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db import models

from sotay.orgs import policy
from sotay.orgs.models import Role, subtree_filter

STEP = 4  # Organization.steplen


def _ancestor_paths(path: str) -> list[str]:
    return [path[:i] for i in range(STEP, len(path) + 1, STEP)]


def audience_q(
    user,
    *,
    audience: str = "audience",
    audience_path: str = "audience_org__path",
    owner_path: str = "organization__path",
) -> models.Q:
    """A filter for rows the user may read, given the names of the rows' audience, audience-organisation path and
    owner-organisation path columns (documents, or the search entries that copy them).

    - whole province: anyone holding a role;
    - a subtree: anyone holding a role inside it, or above it (the higher committees and their staff);
    - committee members only: anyone holding a committee role at that organisation or above it.
    The staff who manage the entry's library always see it.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return models.Q(pk__in=[])
    if user.is_superuser:
        return models.Q()
    grants = policy._grants(user)
    if not grants:
        return models.Q(pk__in=[])
    paths = [g.organization.path for g in grants]
    committee_paths = [g.organization.path for g in grants if g.role != Role.MEMBER]
    q = models.Q(**{audience: "PROVINCE"})
    inside = {p for path in paths for p in _ancestor_paths(path)}
    subtree = models.Q(**{f"{audience_path}__in": sorted(inside)})
    subtree |= reduce(or_, (subtree_filter(p, audience_path) for p in paths))
    q |= models.Q(**{audience: "SUBTREE"}) & subtree
    if committee_paths:
        above = reduce(or_, (subtree_filter(p, audience_path) for p in committee_paths))
        q |= models.Q(**{audience: "COMMITTEE"}) & above
    q |= policy.subtree_q(user, policy.MANAGE_DOCUMENTS, owner_path)
    return q


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(audience_q(user))

    def managed_by(self, user):
        return self.filter(policy.subtree_q(user, policy.MANAGE_DOCUMENTS, "organization__path"))

    def in_force(self):
        return self.filter(status="IN_FORCE")
