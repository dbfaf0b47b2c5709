"""Who may read which document: the audience of each entry, against the user's role grants."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db import models

from sotay.orgs import policy
from sotay.orgs.models import Role, ancestor_paths, root_path, subtree_filter

# The audience of items that no organisation owns (the organisation-building guides, kept for every member):
# written only to search entries, never to a document.
EVERYONE = "ALL"


class _System:
    """The server itself (the `sotay search` command run from a shell on the server): it reads the whole library.
    Not a user: no request can carry it."""

    is_authenticated = True
    is_active = True
    is_superuser = False
    pk = None

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()


def user_roots(user) -> list[str]:
    """The root paths (provincial Đảng bộ) under which the user holds a role."""
    return sorted({root_path(g.organization.path) for g in policy.active_grants(user)})


def in_roots_q(roots: list[str], field: str) -> models.Q:
    """Rows whose `field` (a path) lies under one of `roots` (nothing when there is none)."""
    if not roots:
        return models.Q(pk__in=[])
    return reduce(or_, (subtree_filter(r, field) for r in roots))


def audience_q(
    user,
    *,
    audience: str = "audience",
    audience_path: str = "audience_org__path",
    owner_path: str = "organization__path",
) -> models.Q:
    """A filter for rows the user may read, given the names of the rows' audience, audience-organisation path and
    owner-organisation path columns (documents, or the search entries that copy them).

    Every rule is relative to the root of the entry's owner (its provincial Đảng bộ): a national deployment holds
    34 provinces, plus the pre-merger provinces kept as history, and "Toàn Đảng bộ tỉnh" means the owner's
    province, never all of them. Within the owner's root:

    - whole province: anyone holding a role there;
    - a subtree: anyone holding a role inside it, or above it (the higher committees and their staff);
    - committee members only: anyone holding a committee role at that organisation or above it.
    The staff who manage the entry's library always see it. Entries that no organisation owns (audience
    EVERYONE: the guides) are for anyone holding a role anywhere.

    Superusers get no bypass. `is_superuser` marks a technical account (it runs the Django admin for settings and
    rules); reading the library is a member's right, so a superuser reads what their role grants allow, and one
    without grants reads no organisation's documents — only the guides, which belong to no organisation.
    """
    if user is SYSTEM:
        return models.Q()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return models.Q(pk__in=[])
    everyone = models.Q(**{audience: EVERYONE})
    grants = policy.active_grants(user)
    if not grants:
        return everyone if user.is_superuser else models.Q(pk__in=[])
    paths = [g.organization.path for g in grants]
    committee_paths = [g.organization.path for g in grants if g.role != Role.MEMBER]
    rules = models.Q(**{audience: "PROVINCE"})
    inside = {p for path in paths for p in ancestor_paths(path)}
    subtree = models.Q(**{f"{audience_path}__in": sorted(inside)})
    subtree |= reduce(or_, (subtree_filter(p, audience_path) for p in paths))
    rules |= models.Q(**{audience: "SUBTREE"}) & subtree
    if committee_paths:
        above = reduce(or_, (subtree_filter(p, audience_path) for p in committee_paths))
        rules |= models.Q(**{audience: "COMMITTEE"}) & above
    q = everyone | (in_roots_q(user_roots(user), owner_path) & rules)
    q |= policy.subtree_q(user, policy.MANAGE_DOCUMENTS, owner_path)
    return q


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(audience_q(user))

    def managed_by(self, user):
        return self.filter(policy.subtree_q(user, policy.MANAGE_DOCUMENTS, "organization__path"))

    def in_force(self):
        return self.filter(status="IN_FORCE")
