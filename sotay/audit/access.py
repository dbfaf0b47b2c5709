"""Which audit entries a reader sees: those of organisations in the subtrees where they may read the log, and the
entries that belong to no organisation (logins, logouts, failed logins, push subscriptions) of the people of those
subtrees — never another province's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from sotay.orgs import policy
from sotay.orgs.models import RoleGrant

from .models import AuditAction, AuditEntry

if TYPE_CHECKING:
    from sotay.accounts.http import AnyUser
    from sotay.accounts.models import User


def users_in_scope(user: AnyUser, action: str = policy.VIEW_AUDIT) -> QuerySet[User]:
    """Accounts whose role grant or member record lies in a subtree where `user` may `action`."""
    granted = RoleGrant.objects.filter(policy.subtree_q(user, action, "organization__path")).values("user_id")
    members = policy.subtree_q(user, action, "member__organization__path")
    return get_user_model().objects.filter(Q(pk__in=granted) | members)


def visible_q(user: AnyUser, action: str = policy.VIEW_AUDIT) -> Q:
    """The filter of the entries `user` may read (matches nothing without the right anywhere)."""
    if not policy.user_has_permission(user, action):
        return Q(pk__in=[])
    people = users_in_scope(user, action)
    personal = Q(actor__in=people.values("pk"))
    # A failed login has no actor: it names the account that was tried.
    personal |= Q(actor__isnull=True, action=AuditAction.LOGIN_FAILED, actor_name__in=people.values("username"))
    return policy.subtree_q(user, action, "organization__path") | (Q(organization__isnull=True) & personal)


def entries_visible_to(user: AnyUser, action: str = policy.VIEW_AUDIT) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(visible_q(user, action))
