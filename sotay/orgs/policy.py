"""What each role may do, in one place. Views, commands and (later) the API all ask this module.

A role is granted on an organisation node and covers that node's subtree. The MEMBER role covers only the
user's own member record, wherever it is granted.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Protocol, TypeAlias

from django.db.models import Q, QuerySet

from .grants_query import grants_in_force
from .models import Organization, Role, RoleGrant, ancestor_paths, subtree_filter

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

# Who is asked about: a signed-in user, or the anonymous one (who holds no grant). Typed through Django's base
# classes so that orgs does not depend on the accounts app.
AnyUser: TypeAlias = "AbstractBaseUser | AnonymousUser"


class TransferSides(Protocol):
    """What the transfer predicates read of a transfer (members.Transfer)."""

    @property
    def from_org(self) -> Organization: ...

    @property
    def to_org(self) -> Organization | None: ...


VIEW_ORGS = "orgs.view"
REORGANIZE = "orgs.reorganize"
GRANT_ROLES = "orgs.grant_roles"
VIEW_MEMBERS = "members.view"
CREATE_MEMBERS = "members.create"
CHANGE_MEMBERS = "members.change"
CHANGE_STATUS = "members.change_status"
EXPORT_MEMBERS = "members.export"
VIEW_AUDIT = "audit.view"
VIEW_SELF = "members.view_self"
# A user's own rows (read marks, bookmarks, reading position, notification preferences, push subscriptions, their
# own feedback and study record): every signed-in user, on their own rows only (Actor.own_user); no system source.
OWN_ROWS = "self.own_rows"
# Handbook: publish announcements and assign resolution study to a subtree; answer the two-way channel
# addressed to the organisation itself; see failed notification deliveries in a subtree.
PUBLISH_HANDBOOK = "handbook.publish"
ANSWER_FEEDBACK = "handbook.answer_feedback"
VIEW_DELIVERIES = "notifications.view_deliveries"
# Documents library: publish documents to a subtree; edit guides on the branches granted
# to the user (documents.GuideEditor).
MANAGE_DOCUMENTS = "documents.manage"
EDIT_GUIDES = "documents.edit_guides"
# Cell meetings: run a cell's meetings, see attendance flags and the oversight of a subtree.
MANAGE_MEETINGS = "meetings.manage"

# The chi ủy keeps the cell's register (Mẫu 7-HSĐV), so secretaries may export their cell's lists.
_SECRETARY = {VIEW_SELF, VIEW_ORGS, VIEW_MEMBERS, CREATE_MEMBERS, CHANGE_MEMBERS, EXPORT_MEMBERS, MANAGE_MEETINGS}
_SECRETARY |= {PUBLISH_HANDBOOK, ANSWER_FEEDBACK, VIEW_DELIVERIES}
_COMMITTEE = _SECRETARY | {CHANGE_STATUS}
_COMMITTEE |= {MANAGE_DOCUMENTS}
_ORG_DEPT = _COMMITTEE | {REORGANIZE, GRANT_ROLES, VIEW_AUDIT}
_ORG_DEPT |= {EDIT_GUIDES}
# Evaluation: the chi ủy reviews evaluations; committees open campaigns, decide grades and run the
# model-cell and "bốn tốt" recognition of their subtree.
REVIEW_EVALUATIONS = "evaluation.review"
MANAGE_EVALUATIONS = "evaluation.manage"
_SECRETARY |= {REVIEW_EVALUATIONS}
_COMMITTEE |= {REVIEW_EVALUATIONS, MANAGE_EVALUATIONS}
_ORG_DEPT |= {REVIEW_EVALUATIONS, MANAGE_EVALUATIONS}

# Accounts: create members' accounts, hand out activation codes and reset forgotten passwords in a subtree.
MANAGE_ACCOUNTS = "accounts.manage"
_SECRETARY |= {MANAGE_ACCOUNTS}
_COMMITTEE |= {MANAGE_ACCOUNTS}
_ORG_DEPT |= {MANAGE_ACCOUNTS}
# Committees grant chi ủy roles in their subtree (see grantable_roles); Ban Tổ chức also unlocks accounts and
# resets a lost second factor.
_COMMITTEE |= {GRANT_ROLES}
MANAGE_SIGN_IN = "accounts.manage_sign_in"
_ORG_DEPT |= {GRANT_ROLES, MANAGE_SIGN_IN}

# Discipline and screening (sotay/discipline): committees record disciplinary decisions and screening outcomes of
# their subtree; inspection and supervision (sotay/inspection): committees (and their UBKT) keep plans and results.
MANAGE_DISCIPLINE = "discipline.manage"
MANAGE_INSPECTION = "inspection.manage"
_COMMITTEE |= {MANAGE_DISCIPLINE, MANAGE_INSPECTION}
_ORG_DEPT |= {MANAGE_DISCIPLINE, MANAGE_INSPECTION}
# Cadres (positions, standards, planning, appointments) and political-standard verification: committees and Ban Tổ
# chức only; verification cases are the most sensitive data, never the chi ủy's (sotay/verification/access.py).
MANAGE_CADRES = "cadres.manage"
VERIFY_POLITICAL = "verification.manage"
_COMMITTEE |= {MANAGE_CADRES, VERIFY_POLITICAL}
_ORG_DEPT |= {MANAGE_CADRES, VERIFY_POLITICAL}
# Congresses: the chi ủy and committees run their organisation's congress and count its elections; committees
# issue plans for their subtree and approve (chuẩn y) elections held below them (never their own).
MANAGE_CONGRESSES = "congresses.manage"
APPROVE_ELECTIONS = "congresses.approve"
_SECRETARY |= {MANAGE_CONGRESSES}
_COMMITTEE |= {MANAGE_CONGRESSES, APPROVE_ELECTIONS}
_ORG_DEPT |= {MANAGE_CONGRESSES, APPROVE_ELECTIONS}

# The inspection commission (Ủy ban kiểm tra, elected by its committee: Điều lệ Đảng Điều 30, 32): it inspects and
# supervises the organisations and members of its committee's subtree and decides discipline within the powers of
# Điều 36 (docs/rules/discipline.md#ủy-ban-kiểm-tra); it sees the registry it inspects, but not cadres, verification,
# admissions, accounts or roles.
_UBKT = {VIEW_SELF, VIEW_ORGS, VIEW_MEMBERS, MANAGE_INSPECTION, MANAGE_DISCIPLINE}
# Reading an uploaded import file into its preview: whoever may add members, and the worker on their behalf.
PREVIEW_IMPORTS = "imports.preview"
_SECRETARY |= {PREVIEW_IMPORTS}
_COMMITTEE |= {PREVIEW_IMPORTS}
_ORG_DEPT |= {PREVIEW_IMPORTS}

PERMISSIONS: dict[str, frozenset[str]] = {
    Role.MEMBER: frozenset({VIEW_SELF}),
    Role.INSPECTION_COMMISSION: frozenset(_UBKT),
    Role.CELL_COMMITTEE: frozenset(_SECRETARY),
    Role.BASE_COMMITTEE: frozenset(_COMMITTEE),
    Role.COMMITTEE: frozenset(_COMMITTEE),
    Role.ORG_DEPT_OFFICER: frozenset(_ORG_DEPT),
    Role.SYSTEM_ADMIN: frozenset(_ORG_DEPT),
}


ALL_ACTIONS: frozenset[str] = frozenset().union(*PERMISSIONS.values())

# Background upkeep of the documents library: take the text of uploaded attachments for the search index, and mark
# documents expired when their end date has passed. Only the worker does this; no role needs it.
INDEX_DOCUMENTS = "documents.index"
EXPIRE_DOCUMENTS = "documents.expire"
# Meeting reminders go out from the worker only.
SEND_MEETING_REMINDERS = "meetings.send_reminders"
_UPKEEP = frozenset({INDEX_DOCUMENTS, EXPIRE_DOCUMENTS, SEND_MEETING_REMINDERS})

# What each system source may do (an `Actor.system("import:12", scope=org)` acts within `scope` only).
SYSTEM_SOURCES: dict[str, frozenset[str]] = {
    # A member import batch creates and changes members of the importer's subtree.
    "import": frozenset({VIEW_ORGS, VIEW_MEMBERS, CREATE_MEMBERS, CHANGE_MEMBERS, PREVIEW_IMPORTS}),
    # Background tasks send reminders and notifications, keep indexes and expire documents, read import files into
    # their previews and create each month's cell meetings from the schedules.
    "worker": frozenset(
        {VIEW_ORGS, VIEW_MEMBERS, VIEW_DELIVERIES, MANAGE_MEETINGS, SEND_MEETING_REMINDERS}
        | {INDEX_DOCUMENTS, EXPIRE_DOCUMENTS, PREVIEW_IMPORTS}
    ),
    # The demo generator and the operator's management commands act for the whole installation.
    "demo": ALL_ACTIONS | _UPKEEP,
    "command": ALL_ACTIONS | _UPKEEP,
}


class NotAllowed(Exception):
    """The one refusal a service raises. `hidden` means the object lies outside what the actor may see at all:
    views and the API answer 404 then, and 403 for an action refused on an object the actor can see."""

    def __init__(self, action: str, *, hidden: bool = False):
        super().__init__(action)
        self.action = action
        self.hidden = hidden


# Who may grant which roles: a committee grants the chi ủy (and the member) roles below it and its own inspection
# commission's role on its own node and below (the committee elects its UBKT: Điều lệ Đảng Điều 31), Ban Tổ chức any
# role but the system administrator's, an administrator any role. Nobody grants a role above their own.
_GRANTS: dict[str, frozenset[str]] = {
    Role.BASE_COMMITTEE: frozenset({Role.CELL_COMMITTEE, Role.INSPECTION_COMMISSION, Role.MEMBER}),
    Role.COMMITTEE: frozenset({Role.BASE_COMMITTEE, Role.CELL_COMMITTEE, Role.INSPECTION_COMMISSION, Role.MEMBER}),
    Role.ORG_DEPT_OFFICER: frozenset(set(Role.values) - {Role.SYSTEM_ADMIN}),
    Role.SYSTEM_ADMIN: frozenset(Role.values),
}
# Committee roles that must be granted strictly below the granter's own node (a committee does not make peers).
_BELOW_ONLY = {Role.BASE_COMMITTEE, Role.COMMITTEE}


def grantable_roles(grants: Iterable[RoleGrant], org: Organization) -> list[str]:
    """The roles the holder of `grants` (RoleGrant rows) may grant on `org`."""
    allowed: set[str] = set()
    for grant in grants:
        path = grant.organization.path
        if not org.path.startswith(path):
            continue
        for role in _GRANTS.get(grant.role, ()):
            if grant.role in _BELOW_ONLY and role in _BELOW_ONLY and org.path == path:
                continue
            allowed.add(role)
    return [r for r in Role.values if r in allowed]


def roles_with(action: str) -> list[str]:
    return [role for role, actions in PERMISSIONS.items() if action in actions]


def _grants(user: AnyUser) -> list[RoleGrant]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cache: list[RoleGrant] | None = getattr(user, "_sotay_grants", None)
    if cache is None:
        cache = grants_in_force(user.pk)  # compiled once (grants_query.py): this runs on every signed-in request
        setattr(user, "_sotay_grants", cache)  # noqa: B010 — a per-object cache the User class does not declare
    return cache


def active_grants(user: AnyUser) -> list[RoleGrant]:
    """The user's active role grants (loaded once per user object); none for an anonymous or inactive user.
    The public way for other apps to ask which roles a user holds where."""
    return list(_grants(user))


def holds_role(user: AnyUser, *roles: str) -> bool:
    """Whether the user holds one of `roles` (any role when none is named) somewhere in the tree."""
    return any(not roles or g.role in roles for g in _grants(user))


def granted_orgs(user: AnyUser, action: str) -> list[Organization]:
    """The nodes at which `user` holds a role allowing `action` (each covers its subtree)."""
    return [g.organization for g in _grants(user) if action in PERMISSIONS[g.role]]


def user_has_permission(user: AnyUser, action: str) -> bool:
    return bool(granted_orgs(user, action))


def user_has_permission_for_org(user: AnyUser, action: str, org: Organization) -> bool:
    return any(org.path.startswith(node.path) for node in granted_orgs(user, action))


def subtree_q(user: AnyUser, action: str, field: str = "path") -> Q:
    """A filter selecting rows whose organisation path lies in a subtree the user may `action` in.

    `field` names the path column, e.g. "organization__path". No grant gives a filter that matches nothing.
    """
    nodes = granted_orgs(user, action)
    # A node inside another granted node adds nothing.
    paths = sorted({n.path for n in nodes})
    kept: list[str] = []
    for path in paths:
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    if not kept:
        return Q(pk__in=[])
    return reduce(or_, (subtree_filter(p, field) for p in kept))


def instances_user_has_permission_for(user: AnyUser, action: str) -> QuerySet[Organization]:
    return Organization.objects.filter(subtree_q(user, action))


def widest_org(user: AnyUser, action: str) -> Organization | None:
    """The highest node at which the user may `action` (the default scope of a list)."""
    nodes = granted_orgs(user, action)
    return min(nodes, key=lambda n: (n.depth, n.path)) if nodes else None


def home_org(user: AnyUser) -> Organization | None:
    """The highest node the user may view (their 'own' organisation for the home page)."""
    return widest_org(user, VIEW_ORGS)


def users_with_permission_for_org(
    action: str, org: Organization, *, levels_up: int | None = None
) -> QuerySet[AbstractBaseUser]:
    """Active users holding a role that allows `action` on `org`, granted on it or on an ancestor — at most
    `levels_up` levels above it when given (reminders go to the cell and the committee above, not the province)."""
    from django.contrib.auth import get_user_model

    prefixes = ancestor_paths(org.path)
    if levels_up is not None:
        prefixes = prefixes[-(levels_up + 1) :]
    grants = RoleGrant.objects.active().filter(role__in=roles_with(action), organization__path__in=prefixes)
    return get_user_model().objects.filter(is_active=True, pk__in=grants.values("user_id")).distinct()


# Recognition as official (docs/rules/admission.md#công-nhận-đảng-viên-chính-thức): when a probation ends, the daily
# task opens the member's recognition case; nothing else.
OPEN_RECOGNITION = "admissions.open_recognition"
SYSTEM_SOURCES["recognition"] = frozenset({VIEW_ORGS, VIEW_MEMBERS, OPEN_RECOGNITION})
# Cách chức (docs/rules/discipline.md#cách-chức-và-chức-danh): the disciplinary decision, not a grant of roles, ends
# the removed member's position grants; the revocation is logged under "discipline:<decision number>".
SYSTEM_SOURCES["discipline"] = frozenset({VIEW_ORGS, VIEW_MEMBERS, GRANT_ROLES})
# Deadline reminders of the procedures (admission and probation, congress steps, inspection recommendations,
# verification letters): the daily tasks remind the committees; the operator's commands and the demo may too.
SEND_DEADLINE_REMINDERS = "lifecycle.send_deadline_reminders"
for _source in ("worker", "command", "demo"):
    SYSTEM_SOURCES[_source] = SYSTEM_SOURCES[_source] | {SEND_DEADLINE_REMINDERS}


# Predicates pages use to show or refuse an action (moved here from members/transfer_views.py and admissions/views.py,
# so every rule of who may do what lives in this module).
def may_receive_transfer(user: AnyUser, transfer: TransferSides) -> bool:
    """The receiving cell records arrival; out of the province, the sender records the confirmation of receipt."""
    return user_has_permission_for_org(user, CHANGE_MEMBERS, transfer.to_org or transfer.from_org)


def may_cancel_transfer(user: AnyUser, transfer: TransferSides) -> bool:
    """The sending side cancels a transfer (and prints its letter)."""
    return user_has_permission_for_org(user, CHANGE_MEMBERS, transfer.from_org)


def may_set_admission_target(user: AnyUser, org: Organization) -> bool:
    """The committee directly above gives an organisation its development target; the top of the tree sets its own."""
    parent = Organization.objects.get_parent(org)
    return user_has_permission_for_org(user, CHANGE_STATUS, parent or org)
