"""Who acts: a signed-in user with their role grants, or a named system source.

Every service takes `actor: Actor` as a required keyword argument and asks it (through `orgs/policy.py`) whether the
action is allowed; the audit log records the actor, always. A system actor (an import batch, a worker task, the demo,
a management command) has exactly the rights its source is declared to have in `policy.SYSTEM_SOURCES`, within an
optional subtree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from . import policy

if TYPE_CHECKING:
    from django.http import HttpRequest

    from sotay.accounts.models import User

    from .models import Organization, RoleGrant


@dataclass(frozen=True)
class Actor:
    """A user (with their active grants loaded once) or a system source such as ``import:12`` or ``demo``."""

    user: User | None = None
    source: str = ""
    scope_path: str = ""  # a system actor's subtree ("" = the whole tree)
    ip: str | None = None
    user_agent: str = ""
    _grants: tuple[RoleGrant, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        if (self.user is None) == (not self.source):
            raise ValueError("An Actor is either a user or a named system source.")
        if self.source and self.source.split(":", 1)[0] not in policy.SYSTEM_SOURCES:
            raise ValueError(f"Unknown system source {self.source!r}: declare it in orgs.policy.SYSTEM_SOURCES.")

    # -- construction ------------------------------------------------------------------------------------------
    @classmethod
    def for_user(cls, user: User, *, ip: str | None = None, user_agent: str = "") -> Actor:
        return cls(user=user, ip=ip, user_agent=user_agent[:300], _grants=tuple(policy._grants(user)))

    @classmethod
    def system(cls, source: str, *, scope: Organization | None = None) -> Actor:
        return cls(source=source, scope_path=scope.path if scope is not None else "")

    @classmethod
    def from_request(cls, request: HttpRequest) -> Actor:
        """The request's actor, built once per request (anonymous users cannot act)."""
        cached = getattr(request, "_sotay_actor", None)
        if cached is not None:
            return cached
        from sotay.audit.context import client_ip

        user: Any = request.user
        if not getattr(user, "is_authenticated", False):
            raise policy.NotAllowed("anonymous", hidden=True)
        actor = cls.for_user(user, ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", ""))
        request._sotay_actor = actor  # type: ignore[attr-defined]
        return actor

    # -- identity ----------------------------------------------------------------------------------------------
    @property
    def is_system(self) -> bool:
        return bool(self.source)

    @property
    def audit_user(self) -> User | None:
        """The user stored on audit entries (None for a system source, which is named instead)."""
        return self.user if self.user is not None and self.user.pk else None

    @property
    def person(self) -> User:
        """The signed-in user, for a row that must name one (a publisher, an author): NotAllowed for a system
        source, which has no user to put there."""
        user = self.audit_user
        if user is None:
            raise policy.NotAllowed("person")
        return user

    @property
    def name(self) -> str:
        return self.user.get_username() if self.user is not None else self.source

    @property
    def grants(self) -> tuple[RoleGrant, ...]:
        return self._grants

    # -- permission --------------------------------------------------------------------------------------------
    def _system_rights(self) -> frozenset[str]:
        return policy.SYSTEM_SOURCES[self.source.split(":", 1)[0]]

    def _orgs_for(self, action: str) -> list[str]:
        """The subtree paths in which the actor may take `action`."""
        if self.is_system:
            return [self.scope_path] if action in self._system_rights() else []
        return [g.organization.path for g in self._grants if action in policy.PERMISSIONS[g.role]]

    def can(self, action: str, org: Organization | None = None) -> bool:
        paths = self._orgs_for(action)
        if org is None:
            return bool(paths)
        return any(org.path.startswith(p) for p in paths)

    def sees(self, org: Organization) -> bool:
        """Whether `org` lies inside anything the actor may look at (else it is hidden: 404, not 403)."""
        if self.is_system:
            return org.path.startswith(self.scope_path)
        return any(org.path.startswith(g.organization.path) for g in self._grants) or any(
            g.organization.path.startswith(org.path) for g in self._grants
        )

    def require(self, action: str, org: Organization | None = None) -> None:
        """Raise `NotAllowed` unless the actor may take `action` (on `org`, when given)."""
        if self.can(action, org):
            return
        raise policy.NotAllowed(action, hidden=org is not None and not self.sees(org))

    def own_user(self) -> User:
        """The signed-in user acting on their own rows (read marks, bookmarks, preferences, RSVPs): only a user has
        own rows, so a system source is refused (`policy.OWN_ROWS` is declared for no source)."""
        if self.user is None or not self.user.pk:
            raise policy.NotAllowed(policy.OWN_ROWS, hidden=True)
        return self.user

    def require_own(self, owner_id: int | None) -> User:
        """The user, when the row belongs to them (`owner_id` is its user's id); else hidden (404)."""
        user = self.own_user()
        if owner_id != user.pk:
            raise policy.NotAllowed(policy.OWN_ROWS, hidden=True)
        return user

    def is_member(self, member: Any) -> bool:
        """Whether the actor is the user whose member record is `member` (a member acts for themself)."""
        return self.user is not None and member is not None and getattr(self.user, "member_id", None) == member.pk

    def require_for_member(self, action: str, member: Any) -> None:
        """The member themself, or an actor who may take `action` on the member's organisation."""
        if not self.is_member(member):
            self.require(action, member.organization)

    def subtree_q(self, action: str, field: str = "path") -> Q:
        """A filter for rows whose organisation path (column `field`) lies where the actor may take `action`."""
        from .models import subtree_filter

        kept: list[str] = []
        for path in sorted(set(self._orgs_for(action))):
            if not any(path.startswith(k) for k in kept):
                kept.append(path)
        if not kept:
            return Q(pk__in=[])
        if kept == [""]:
            return Q()
        q = Q(pk__in=[])
        for path in kept:
            q |= subtree_filter(path, field)
        return q


def require_all(actor: Actor, action: str, orgs: Iterable[Organization]) -> None:
    for org in orgs:
        actor.require(action, org)
