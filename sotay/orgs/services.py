"""Writes to the organisation tree. Each is atomic, audited, and keeps the effective-dated history.

Reorganisations that move members (merge, split) live in `sotay.members.reorganize`, because members
depend on organisations and not the other way round.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.vntext import fold, nfc

from . import policy
from .actor import Actor
from .models import (
    CommuneType,
    Organization,
    OrgKind,
    OrgVersion,
    Reorganization,
    Role,
    RoleGrant,
    check_parent,
)
from .signals import subtree_moved

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sotay.accounts.models import User


@dataclass(frozen=True)
class Decision:
    """The decision behind a reorganisation: number, dates and the body that took it."""

    number: str
    decided_on: dt.date
    effective_on: dt.date
    acting_body: Organization | None = None
    acting_body_name: str = ""
    note: str = ""

    def validate(self) -> None:
        errors = {}
        if not nfc(self.number):
            errors["decision_number"] = _("Cần ghi số quyết định.")
        if self.effective_on < self.decided_on:
            errors["effective_on"] = _("Ngày hiệu lực không được trước ngày quyết định.")
        if errors:
            raise ValidationError(errors)


def _open_event(kind: str, decision: Decision, by: Actor) -> Reorganization:
    decision.validate()
    acting_name = decision.acting_body_name or (decision.acting_body.name if decision.acting_body else "")
    return Reorganization.objects.create(
        kind=kind,
        decision_number=nfc(decision.number),
        decision_on=decision.decided_on,
        effective_on=decision.effective_on,
        acting_body=decision.acting_body,
        acting_body_name=nfc(acting_name),
        note=nfc(decision.note),
        created_by=by.audit_user,
    )


def link_event(
    event: Reorganization,
    *,
    sources: Sequence[Organization] = (),
    targets: Sequence[Organization] = (),
    source_names: list[str] | None = None,
) -> None:
    """Attach organisations to the event and remember their names as they are now."""
    if sources:
        event.sources.add(*sources)
        event.source_names = [*event.source_names, *(source_names or [o.name for o in sources])]
    if targets:
        event.targets.add(*targets)
        event.target_names = [*event.target_names, *[o.name for o in targets]]
    event.save(update_fields=["source_names", "target_names"])


def _current_version(org: Organization) -> OrgVersion | None:
    return org.versions.filter(valid_to__isnull=True).order_by("-valid_from").first()


def _new_version(org: Organization, event: Reorganization | None, on: dt.date | None) -> None:
    """Close the open version of `org` on `on` and open one with its present name and parent."""
    current = _current_version(org)
    if current is not None:
        if on is not None and current.valid_from is not None and on < current.valid_from:
            raise ValidationError(
                _("Ngày hiệu lực %(on)s trước lần thay đổi gần nhất của %(org)s (%(last)s).")
                % {"on": f"{on:%d/%m/%Y}", "org": org.name, "last": f"{current.valid_from:%d/%m/%Y}"}
            )
        current.valid_to = on
        current.save(update_fields=["valid_to"])
    if org.valid_to is None:
        OrgVersion.objects.create(
            organization=org,
            name=org.name,
            name_folded=org.name_folded,
            kind=org.kind,
            parent=Organization.objects.get_parent(org, update=True),
            valid_from=on,
            reorganization=event,
        )


def _next_code(parent: Organization | None) -> str:
    if parent is None:
        return f"R{Organization.objects.get_root_nodes().count() + 1:02d}"
    base = parent.code
    n = Organization.objects.children_of(parent).count() + 1
    while Organization.objects.filter(code=f"{base}.{n:03d}").exists():
        n += 1
    return f"{base}.{n:03d}"


def _make_node(
    *,
    parent: Organization | None,
    kind: str,
    name: str,
    code: str | None,
    valid_from: dt.date,
    commune_type: str = "",
    cell_type: str = "",
    ward_code: int | None = None,
) -> Organization:
    check_parent(kind, parent.kind if parent else None)
    if parent is not None and not parent.is_active:
        raise ValidationError(
            _("Không thể lập tổ chức trực thuộc %(p)s vì tổ chức này đã hết hiệu lực.") % {"p": parent.name}
        )
    name = nfc(name)
    if not name:
        raise ValidationError({"name": _("Cần ghi tên tổ chức.")})
    if kind == OrgKind.COMMUNE_COMMITTEE and commune_type not in CommuneType.values:
        commune_type = CommuneType.XA
    code = nfc(code) or _next_code(parent)
    if Organization.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Mã tổ chức “%(c)s” đã có.") % {"c": code}})
    fields = {
        "code": code,
        "name": name,
        "name_folded": fold(name),
        "kind": kind,
        "commune_type": commune_type,
        "cell_type": cell_type,
        "ward_code": ward_code,
        "valid_from": valid_from,
    }
    if parent is None:
        return Organization.objects.add_root(fields)
    return Organization.objects.add_child(parent, fields)


@transaction.atomic
def found_organization(
    *,
    parent: Organization | None,
    kind: str,
    name: str,
    decision: Decision,
    actor: Actor,
    code: str | None = None,
    commune_type: str = "",
    cell_type: str = "",
    ward_code: int | None = None,
) -> Organization:
    """Thành lập: a new node under `parent` from the decision's effective date.

    A new chi bộ starts with no members; `sotay.members.services.transfer_member` brings at least three official
    members in, and the organisation page warns until it has them (Điều lệ Điều 21, 24).
    """
    actor.require(policy.REORGANIZE, parent)
    event = _open_event(Reorganization.Kind.FOUND, decision, actor)
    org = _make_node(
        parent=parent,
        kind=kind,
        name=name,
        code=code,
        valid_from=decision.effective_on,
        commune_type=commune_type,
        cell_type=cell_type,
        ward_code=ward_code,
    )
    link_event(event, targets=[org])
    _new_version(org, event, decision.effective_on)
    log(AuditAction.REORGANIZE, org, by=actor, data={"kind": "FOUND", "decision": event.decision_number})
    return org


@transaction.atomic
def rename_organization(*, org: Organization, new_name: str, decision: Decision, actor: Actor) -> Organization:
    actor.require(policy.REORGANIZE, org)
    new_name = nfc(new_name)
    if not new_name:
        raise ValidationError({"name": _("Cần ghi tên mới.")})
    if new_name == org.name:
        raise ValidationError({"name": _("Tên mới trùng với tên hiện tại.")})
    _require_active(org)
    event = _open_event(Reorganization.Kind.RENAME, decision, actor)
    old = org.name
    org.set_name(new_name)
    org.save(update_fields=["name", "name_folded"])
    link_event(event, sources=[org], targets=[org], source_names=[old])
    _new_version(org, event, decision.effective_on)
    log(
        AuditAction.REORGANIZE,
        org,
        by=actor,
        data={"kind": "RENAME", "from": old, "to": new_name, "decision": event.decision_number},
    )
    return org


def _require_active(org: Organization) -> None:
    if not org.is_active:
        raise ValidationError(_("%(o)s đã hết hiệu lực, không thể thay đổi.") % {"o": org.name})


def move_node(org: Organization, new_parent: Organization) -> Organization:
    """Put `org` (and its subtree) under `new_parent`, refusing cycles and forbidden kinds."""
    if new_parent.pk == org.pk or new_parent.path.startswith(org.path):
        raise ValidationError(_("Không thể chuyển %(o)s vào chính nó hoặc tổ chức cấp dưới của nó.") % {"o": org.name})
    check_parent(org.kind, new_parent.kind)
    _require_active(new_parent)
    old_path = org.path
    Organization.objects.move(org, new_parent, pos="last-child")
    moved = Organization.objects.get(pk=org.pk)
    subtree_moved.send(sender=Organization, org_id=moved.pk, old_path=old_path, new_path=moved.path)
    return moved


@transaction.atomic
def move_organization(*, org: Organization, new_parent: Organization, decision: Decision, actor: Actor) -> Organization:
    actor.require(policy.REORGANIZE, org)
    actor.require(policy.REORGANIZE, new_parent)
    _require_active(org)
    old_parent = Organization.objects.get_parent(org)
    if old_parent and old_parent.pk == new_parent.pk:
        raise ValidationError(_("%(o)s đã trực thuộc %(p)s.") % {"o": org.name, "p": new_parent.name})
    event = _open_event(Reorganization.Kind.MOVE, decision, actor)
    org = move_node(org, new_parent)
    link_event(event, sources=[org], targets=[new_parent])
    _new_version(org, event, decision.effective_on)
    log(
        AuditAction.REORGANIZE,
        org,
        by=actor,
        data={
            "kind": "MOVE",
            "from": old_parent.name if old_parent else "",
            "to": new_parent.name,
            "decision": event.decision_number,
        },
    )
    return org


def end_organization(org: Organization, event: Reorganization, successor: Organization | None = None) -> None:
    """Close an organisation on the event's effective date (it stays in the tree for history)."""
    org.valid_to = event.effective_on
    org.successor = successor
    org.save(update_fields=["valid_to", "successor"])
    _new_version(org, event, event.effective_on)


@transaction.atomic
def grant_role(
    *,
    actor: Actor,
    user: User,
    organization: Organization,
    role: str,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    decision: str = "",
) -> RoleGrant:
    """Grant `role` on `organization` (policy.grantable_roles says who may grant what). A grant that ended is
    started again with the new dates; the audit log keeps every grant and revocation."""
    from django.utils import timezone

    from . import policy

    if role not in Role.values:
        raise ValidationError({"role": _("Vai trò không hợp lệ.")})
    if not actor.is_system:
        actor.require(policy.GRANT_ROLES, organization)
        if role not in policy.grantable_roles(actor.grants, organization):
            raise policy.NotAllowed(policy.GRANT_ROLES)
    starts_on = starts_on or timezone.localdate()
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("Ngày kết thúc không được trước ngày bắt đầu.")})
    if not user.is_active:
        raise ValidationError({"user": _("Tài khoản này đã bị khóa: không phân quyền được.")})
    if not actor.is_system:
        _check_recipient(actor, user, organization, role)
    values = {"starts_on": starts_on, "ends_on": ends_on, "decision": nfc(decision), "granted_by": actor.audit_user}
    grant, _created = RoleGrant.objects.update_or_create(
        user=user, organization=organization, role=role, defaults=values
    )
    log(
        AuditAction.GRANT,
        grant,
        by=actor,
        organization=organization,
        data={
            "user": user.get_username(),
            "role": role,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat() if ends_on else None,
            "decision": nfc(decision),
        },
    )
    return grant


def _check_recipient(actor: Actor, user: User, organization: Organization, role: str) -> None:
    """A role goes to someone of the area: a member whose cell lies inside the organisation (for the Ban Tổ chức
    and administrator roles, inside the granter's own subtree); an account without a member record (staff) only
    from Ban Tổ chức. The message does not say whether the account exists elsewhere."""
    from . import policy

    refused = ValidationError(
        {"login": _("Người này không thuộc tổ chức này: chỉ giao vai trò cho đảng viên của tổ chức.")}
    )
    member = getattr(user, "member", None)
    if member is None:
        if not actor.can(policy.MANAGE_SIGN_IN, organization):
            raise refused
        return
    where = member.organization.path
    if role in (Role.ORG_DEPT_OFFICER, Role.SYSTEM_ADMIN):
        if not actor.can(policy.GRANT_ROLES, member.organization):
            raise refused
    elif not where.startswith(organization.path):
        raise refused


@transaction.atomic
def revoke_role(*, actor: Actor, grant: RoleGrant, on: dt.date | None = None) -> RoleGrant:
    """End a grant: it works through `on` (default yesterday, so it stops today) and stays in the history."""
    from django.utils import timezone

    from . import policy

    if not actor.is_system:
        actor.require(policy.GRANT_ROLES, grant.organization)
        if grant.role not in policy.grantable_roles(actor.grants, grant.organization):
            raise policy.NotAllowed(policy.GRANT_ROLES)
    grant.ends_on = on or (timezone.localdate() - dt.timedelta(days=1))
    grant.save(update_fields=["ends_on"])
    log(
        AuditAction.REVOKE,
        grant,
        by=actor,
        organization=grant.organization,
        data={"user": grant.user.get_username(), "role": grant.role, "ends_on": grant.ends_on.isoformat()},
    )
    return grant
