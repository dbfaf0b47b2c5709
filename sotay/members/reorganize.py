"""Reorganisations that move members: merge (many → one), split (one → many), dissolve.

The tree-only events (found, rename, move) are in `sotay.orgs.services`; these build on them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.vntext import nfc
from sotay.orgs import policy
from sotay.orgs.actor import Actor, require_all
from sotay.orgs.models import HandoverMinutes, Organization, OrgKind, Reorganization, is_within
from sotay.orgs.services import (
    Decision,
    _make_node,
    _new_version,
    _open_event,
    _require_active,
    end_organization,
    link_event,
    move_node,
)
from sotay.rules.registry import rule_value

from .choices import MemberStatus
from .models import Member
from .services import move_members


@dataclass
class Handover:
    signed_on: dt.date
    parties: str
    note: str = ""


def _record_handover(event: Reorganization, handover: Handover | None) -> None:
    if handover is not None:
        HandoverMinutes.objects.create(
            reorganization=event,
            signed_on=handover.signed_on,
            parties=nfc(handover.parties),
            note=nfc(handover.note),
        )


def _members_in_subtree(org: Organization) -> int:
    return Member.objects.active().in_subtree(org).count()


@transaction.atomic
def merge_organizations(
    *,
    sources: list[Organization],
    target: Organization,
    decision: Decision,
    actor: Actor,
    handover: Handover | None = None,
) -> Reorganization:
    """Hợp nhất / sáp nhập: the sources' sub-organisations and members pass to `target`; the sources end."""
    require_all(actor, policy.REORGANIZE, [*sources, target])
    if not sources:
        raise ValidationError(_("Cần chọn ít nhất một tổ chức được sáp nhập."))
    _require_active(target)
    seen: set[int] = set()
    for source in sources:
        _require_active(source)
        if source.pk == target.pk or source.pk in seen:
            raise ValidationError(_("Tổ chức “%(o)s” bị chọn hai lần.") % {"o": source.name})
        if is_within(target, source):
            raise ValidationError(
                _("Không thể sáp nhập “%(s)s” vào tổ chức cấp dưới của nó “%(t)s”.")
                % {"s": source.name, "t": target.name}
            )
        seen.add(source.pk)
    event = _open_event(Reorganization.Kind.MERGE, decision, actor)
    moved_members = 0
    for source in sources:
        source = Organization.objects.get(pk=source.pk)
        moved_members += _members_in_subtree(source)
        for child in list(Organization.objects.children_of(source).filter(valid_to__isnull=True)):
            child = move_node(child, Organization.objects.get(pk=target.pk))
            _new_version(child, event, decision.effective_on)
        direct = Member.objects.active().filter(organization=source)
        if direct.exists():
            if not target.is_cell:
                raise ValidationError(
                    _("“%(s)s” có đảng viên sinh hoạt trực tiếp; chỉ sáp nhập được vào một chi bộ.")
                    % {"s": source.name}
                )
            move_members(
                direct,
                to_org=target,
                actor=actor,
                decision_number=event.decision_number,
                decision_on=event.decision_on,
                reorganization=event,
                on=event.effective_on,
            )
        source = Organization.objects.get(pk=source.pk)
        end_organization(source, event, successor=target)
        link_event(event, sources=[source])
    link_event(event, targets=[target])
    event.members_moved = moved_members
    event.save(update_fields=["members_moved"])
    _record_handover(event, handover)
    log(
        AuditAction.REORGANIZE,
        target,
        by=actor,
        data={
            "kind": "MERGE",
            "decision": event.decision_number,
            "sources": [s.name for s in sources],
            "members_moved": moved_members,
        },
    )
    return event


@dataclass
class SplitPart:
    name: str
    children: list[Organization] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    kind: str | None = None
    code: str | None = None


@transaction.atomic
def split_organization(
    *, source: Organization, parts: list[SplitPart], decision: Decision, actor: Actor, handover: Handover | None = None
) -> Reorganization:
    """Chia tách: new organisations under the same parent share out every sub-organisation and member."""
    actor.require(policy.REORGANIZE, source)
    _require_active(source)
    if len(parts) < 2:
        raise ValidationError(_("Chia tách cần ít nhất hai tổ chức mới."))
    active_children = set(
        Organization.objects.children_of(source).filter(valid_to__isnull=True).values_list("pk", flat=True)
    )
    active_members = set(Member.objects.active().filter(organization=source).values_list("pk", flat=True))
    given_children = [c.pk for p in parts for c in p.children]
    given_members = [m.pk for p in parts for m in p.members]
    if len(given_children) != len(set(given_children)) or len(given_members) != len(set(given_members)):
        raise ValidationError(_("Mỗi tổ chức, mỗi đảng viên chỉ được giao cho một đơn vị mới."))
    if set(given_children) != active_children or set(given_members) != active_members:
        missing = len(active_children - set(given_children)) + len(active_members - set(given_members))
        raise ValidationError(
            _("Còn %(n)s tổ chức hoặc đảng viên của “%(o)s” chưa được giao cho đơn vị mới.")
            % {"n": missing, "o": source.name}
            if missing
            else _("Có tổ chức hoặc đảng viên không thuộc “%(o)s”.") % {"o": source.name}
        )
    minimum = rule_value("cell_min_official_members", decision.effective_on)
    for part in parts:
        kind = part.kind or source.kind
        if kind in (OrgKind.BASE_CELL, OrgKind.CELL):
            official = sum(1 for m in part.members if m.status == MemberStatus.OFFICIAL)
            if official < minimum:
                raise ValidationError(
                    _("Chi bộ mới “%(n)s” chỉ có %(c)s đảng viên chính thức; cần ít nhất %(m)s (Điều lệ Điều 21, 24).")
                    % {"n": part.name, "c": official, "m": minimum}
                )
    event = _open_event(Reorganization.Kind.SPLIT, decision, actor)
    parent = Organization.objects.get_parent(source)
    moved = 0
    for part in parts:
        parent = Organization.objects.get(pk=parent.pk) if parent else None
        new = _make_node(
            parent=parent,
            kind=part.kind or source.kind,
            name=part.name,
            code=part.code,
            valid_from=decision.effective_on,
            commune_type=source.commune_type,
            cell_type=source.cell_type,
            ward_code=source.ward_code,
        )
        _new_version(new, event, decision.effective_on)
        for child in part.children:
            child = move_node(Organization.objects.get(pk=child.pk), Organization.objects.get(pk=new.pk))
            _new_version(child, event, decision.effective_on)
            moved += _members_in_subtree(child)
        if part.members:
            moved += move_members(
                Member.objects.filter(pk__in=[m.pk for m in part.members]),
                to_org=new,
                actor=actor,
                decision_number=event.decision_number,
                decision_on=event.decision_on,
                reorganization=event,
                on=event.effective_on,
            )
        link_event(event, targets=[new])
    source = Organization.objects.get(pk=source.pk)
    end_organization(source, event)
    link_event(event, sources=[source])
    event.members_moved = moved
    event.save(update_fields=["members_moved"])
    _record_handover(event, handover)
    log(
        AuditAction.REORGANIZE,
        source,
        by=actor,
        data={
            "kind": "SPLIT",
            "decision": event.decision_number,
            "parts": [p.name for p in parts],
            "members_moved": moved,
        },
    )
    return event


@transaction.atomic
def dissolve_organization(*, org: Organization, decision: Decision, actor: Actor) -> Reorganization:
    """Giải thể: only an organisation without active sub-organisations or members."""
    actor.require(policy.REORGANIZE, org)
    _require_active(org)
    if Organization.objects.children_of(org).filter(valid_to__isnull=True).exists():
        raise ValidationError(
            _("“%(o)s” còn tổ chức trực thuộc: hãy chuyển hoặc giải thể chúng trước.") % {"o": org.name}
        )
    if Member.objects.active().filter(organization=org).exists():
        raise ValidationError(_("“%(o)s” còn đảng viên: hãy chuyển sinh hoạt cho họ trước.") % {"o": org.name})
    event = _open_event(Reorganization.Kind.DISSOLVE, decision, actor)
    link_event(event, sources=[org])
    end_organization(org, event)
    log(AuditAction.REORGANIZE, org, by=actor, data={"kind": "DISSOLVE", "decision": event.decision_number})
    return event
