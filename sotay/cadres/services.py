"""Writes of the cadres app. Each takes `actor: Actor`, checks MANAGE_CADRES on the organisation itself, runs in a
transaction and writes the audit log. Appointing to a committee position grants the committee's role through the
orgs service; ending the appointment ends that grant (docs/cadres.md#bổ-nhiệm-và-phân-quyền)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.vntext import nfc
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization, OrgKind, Role
from sotay.orgs.services import grant_role, revoke_role

from .models import UBKT_KINDS, Appointment, CadrePlan, Confirmation, PlanEntry, Position, Standard

if TYPE_CHECKING:
    from sotay.members.models import Member

PERM = policy.MANAGE_CADRES


def _text(value: str, field: str, *, required: bool = True, limit: int = 300) -> str:
    value = nfc((value or "").strip())
    if required and not value:
        raise ValidationError({field: _("Trường này là bắt buộc.")})
    return value[:limit]


def _not_future(day: dt.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("Ngày không được sau hôm nay.")})


# -- positions ---------------------------------------------------------------------------------------------------
@transaction.atomic
def create_position(
    *, actor: Actor, organization: Organization, kind: str, title: str, posts: int, order: int = 0
) -> Position:
    actor.require(PERM, organization)
    if posts < 1 or posts > 99:
        raise ValidationError({"posts": _("Số lượng phải từ 1 đến 99.")})
    title = _text(title, "title", limit=160)
    if Position.objects.filter(organization=organization, title=title).exists():
        raise ValidationError({"title": _("Tổ chức này đã có chức danh “%(t)s”.") % {"t": title}})
    position = Position.objects.create(organization=organization, kind=kind, title=title, posts=posts, order=order)
    log(AuditAction.CREATE, position, by=actor, data={"kind": kind, "title": title, "posts": posts})
    return position


@transaction.atomic
def confirm_criterion(
    *, actor: Actor, member: Member, position: Position, standard: Standard, criterion: str, note: str = ""
) -> Confirmation:
    """A person confirms a manual criterion of the standard for the member."""
    actor.require(PERM, position.organization)
    if criterion not in standard.manual_criteria:
        raise ValidationError({"criterion": _("Tiêu chí không có trong tiêu chuẩn.")})
    confirmation, _created = Confirmation.objects.update_or_create(
        member=member,
        standard=standard,
        criterion=criterion,
        defaults={
            "confirmed_on": timezone.localdate(),
            "confirmed_by": actor.audit_user,
            "note": _text(note, "note", required=False),
        },
    )
    log(AuditAction.UPDATE, member, by=actor, data={"confirmed": criterion, "standard": standard.pk})
    return confirmation


# -- appointments and rotations ----------------------------------------------------------------------------------
def committee_role(org: Organization, kind: str = "") -> str:
    """The role a position brings: the UBKT's for an inspection commission position; for a committee position the chi
    ủy's for a chi bộ, the đảng ủy cơ sở's, else the committee's."""
    if kind in UBKT_KINDS:
        return Role.INSPECTION_COMMISSION
    if org.kind in (OrgKind.CELL, OrgKind.BASE_CELL):
        return Role.CELL_COMMITTEE
    if org.kind in (OrgKind.BASE_COMMITTEE, OrgKind.SUB_COMMITTEE):
        return Role.BASE_COMMITTEE
    return Role.COMMITTEE


@transaction.atomic
def appoint(
    *,
    actor: Actor,
    member: Member,
    position: Position,
    kind: str,
    decision_number: str,
    decision_on: dt.date,
    starts_on: dt.date,
    planned_end_on: dt.date | None = None,
    from_text: str = "",
) -> Appointment:
    """Record an appointment, election or rotation; a committee position grants the committee's role from
    `starts_on` to `planned_end_on` with the decision, granted by the actor."""
    actor.require(PERM, position.organization)
    actor.require(policy.VIEW_MEMBERS, member.organization)
    if kind not in Appointment.Kind.values:
        raise ValidationError({"kind": _("Hình thức không hợp lệ.")})
    number = _text(decision_number, "decision_number", limit=60)
    _not_future(decision_on, "decision_on")
    if starts_on < decision_on:
        raise ValidationError({"starts_on": _("Ngày bắt đầu không được trước ngày quyết định.")})
    if planned_end_on is not None and planned_end_on <= starts_on:
        raise ValidationError({"planned_end_on": _("Ngày dự kiến kết thúc phải sau ngày bắt đầu.")})
    if Appointment.objects.filter(member=member, position=position, ended_on__isnull=True).exists():
        raise ValidationError({"member": _("Đảng viên này đang giữ chức danh này.")})
    current = Appointment.objects.filter(position=position, ended_on__isnull=True).count()
    if current >= position.posts:
        raise ValidationError(
            {"position": _("Chức danh đã đủ %(n)s người đang giữ: kết thúc một người trước.") % {"n": position.posts}}
        )
    appointment = Appointment(
        member=member,
        position=position,
        kind=kind,
        from_text=_text(from_text, "from_text", required=False, limit=255),
        decision_number=number,
        decision_on=decision_on,
        starts_on=starts_on,
        planned_end_on=planned_end_on,
        created_by=actor.audit_user,
    )
    user = getattr(member, "user", None)
    if position.grants_role and user is not None and user.is_active:
        appointment.role_grant = grant_role(
            actor=actor,
            user=user,
            organization=position.organization,
            role=committee_role(position.organization, position.kind),
            starts_on=starts_on,
            ends_on=planned_end_on,
            decision=f"{number} ({decision_on:%d/%m/%Y})",
        )
    appointment.save()
    log(
        AuditAction.CREATE,
        appointment,
        by=actor,
        organization=position.organization,
        data={
            "member": member.pk,
            "position": position.title,
            "kind": kind,
            "decision": number,
            "starts_on": starts_on.isoformat(),
            "grant": appointment.role_grant_id,
        },
    )
    return appointment


@transaction.atomic
def end_appointment(
    *,
    actor: Actor,
    appointment: Appointment,
    ended_on: dt.date,
    end_kind: str,
    end_decision: str = "",
    extend_to: dt.date | None = None,
) -> Appointment:
    """End (return, new appointment, end of term) or extend an appointment; ending it ends its role grant."""
    appointment = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("position__organization", "role_grant")
        .get(pk=appointment.pk)
    )
    actor.require(PERM, appointment.position.organization)
    if appointment.ended_on is not None:
        raise ValidationError(_("Việc bổ nhiệm này đã kết thúc."))
    if end_kind not in Appointment.EndKind.values:
        raise ValidationError({"end_kind": _("Hình thức kết thúc không hợp lệ.")})
    grant = appointment.role_grant
    if end_kind == Appointment.EndKind.EXTENSION:
        if extend_to is None or extend_to <= (appointment.planned_end_on or appointment.starts_on):
            raise ValidationError({"extend_to": _("Gia hạn phải đến một ngày sau ngày dự kiến kết thúc hiện nay.")})
        appointment.planned_end_on = extend_to
        appointment.end_decision = _text(end_decision, "end_decision", limit=60)
        appointment.save(update_fields=["planned_end_on", "end_decision"])
        if grant is not None:
            grant.ends_on = extend_to
            grant.save(update_fields=["ends_on"])
        log(
            AuditAction.UPDATE,
            appointment,
            by=actor,
            organization=appointment.position.organization,
            data={"extended_to": extend_to.isoformat(), "decision": appointment.end_decision},
        )
        return appointment
    if ended_on < appointment.starts_on:
        raise ValidationError({"ended_on": _("Ngày kết thúc không được trước ngày bắt đầu.")})
    appointment.ended_on = ended_on
    appointment.end_kind = end_kind
    appointment.end_decision = _text(end_decision, "end_decision", required=False, limit=60)
    appointment.save(update_fields=["ended_on", "end_kind", "end_decision"])
    if grant is not None and (grant.ends_on is None or grant.ends_on > ended_on):
        revoke_role(actor=actor, grant=grant, on=ended_on)
    log(
        AuditAction.UPDATE,
        appointment,
        by=actor,
        organization=appointment.position.organization,
        data={"ended_on": ended_on.isoformat(), "end_kind": end_kind, "decision": appointment.end_decision},
    )
    return appointment


@transaction.atomic
def end_for_removal(
    *, actor: Actor, member: Member, deciding_body: Organization, effective_on: dt.date, decision: str
) -> list[Appointment]:
    """Cách chức (docs/rules/discipline.md#cách-chức-và-chức-danh): a disciplinary decision of `deciding_body` ends
    the member's current appointments to positions of its subtree the day before it takes effect, and with them their
    role grants. The discipline service calls this in its own transaction; the actor needs the discipline
    permission (the decision is the authority, not a grant of roles), and each end is audited."""
    from sotay.orgs.services import revoke_role

    actor.require(policy.MANAGE_DISCIPLINE, deciding_body)
    actor.require(policy.MANAGE_DISCIPLINE, member.organization)
    current = (
        Appointment.objects.select_for_update(of=("self",))
        .filter(
            member=member,
            ended_on__isnull=True,
            starts_on__lt=effective_on,
            position__organization__in=Organization.objects.in_subtree(deciding_body),
        )
        .select_related("position__organization", "role_grant")
    )
    last_day = effective_on - dt.timedelta(days=1)
    ended = []
    for appointment in current:
        appointment.ended_on = last_day
        appointment.end_kind = Appointment.EndKind.REMOVAL
        appointment.end_decision = _text(decision, "end_decision", required=False, limit=60)
        appointment.save(update_fields=["ended_on", "end_kind", "end_decision"])
        grant = appointment.role_grant
        if grant is not None and (grant.ends_on is None or grant.ends_on > last_day):
            # The decision is the authority: the grant ends whoever granted it (the entry names the decision).
            source = Actor.system(f"discipline:{decision}"[:60], scope=deciding_body)
            revoke_role(actor=source, grant=grant, on=last_day)
        log(
            AuditAction.UPDATE,
            appointment,
            by=actor,
            organization=appointment.position.organization,
            data={
                "ended_on": last_day.isoformat(),
                "end_kind": "REMOVAL",
                "decision": appointment.end_decision,
                "grant": appointment.role_grant_id,
            },
        )
        ended.append(appointment)
    return ended


# -- plans ---------------------------------------------------------------------------------------------------------
@transaction.atomic
def create_plan(
    *,
    actor: Actor,
    organization: Organization,
    term_start: int,
    term_end: int,
    term_starts_on: dt.date,
    decision_number: str = "",
    decision_on: dt.date | None = None,
) -> CadrePlan:
    actor.require(PERM, organization)
    if not 2000 <= term_start < term_end <= term_start + 10:
        raise ValidationError({"term_end": _("Nhiệm kỳ không hợp lệ.")})
    if term_starts_on.year != term_start:
        raise ValidationError({"term_starts_on": _("Ngày bắt đầu nhiệm kỳ phải trong năm %(y)s.") % {"y": term_start}})
    if CadrePlan.objects.filter(organization=organization, term_start=term_start).exists():
        raise ValidationError({"term_start": _("Cấp ủy này đã có quy hoạch nhiệm kỳ này.")})
    plan = CadrePlan.objects.create(
        organization=organization,
        term_start=term_start,
        term_end=term_end,
        term_starts_on=term_starts_on,
        decision_number=_text(decision_number, "decision_number", required=False, limit=60),
        decision_on=decision_on,
        created_by=actor.audit_user,
    )
    log(AuditAction.CREATE, plan, by=actor, data={"term": f"{term_start}-{term_end}"})
    return plan


@transaction.atomic
def add_to_plan(
    *, actor: Actor, plan: CadrePlan, position: Position, member: Member, on: dt.date, reason: str, decision: str = ""
) -> PlanEntry:
    """The yearly review adds a person to the plan for a position, with a reason and a decision."""
    actor.require(PERM, plan.organization)
    actor.require(policy.VIEW_MEMBERS, member.organization)
    if position.organization_id != plan.organization_id:
        raise ValidationError({"position": _("Chức danh không thuộc cấp ủy của quy hoạch.")})
    _not_future(on, "on")
    if PlanEntry.objects.filter(plan=plan, position=position, member=member, removed_on__isnull=True).exists():
        raise ValidationError({"member": _("Người này đã có trong quy hoạch chức danh này.")})
    entry = PlanEntry.objects.create(
        plan=plan,
        position=position,
        member=member,
        added_on=on,
        added_reason=_text(reason, "reason"),
        added_decision=_text(decision, "decision", required=False, limit=60),
    )
    log(
        AuditAction.UPDATE,
        plan,
        by=actor,
        data={
            "added": member.pk,
            "position": position.title,
            "reason": entry.added_reason,
            "decision": entry.added_decision,
        },
    )
    return entry


@transaction.atomic
def remove_from_plan(*, actor: Actor, entry: PlanEntry, on: dt.date, reason: str, decision: str = "") -> PlanEntry:
    """The yearly review takes a person out of the plan; the row stays as history."""
    entry = PlanEntry.objects.select_for_update(of=("self",)).select_related("plan__organization").get(pk=entry.pk)
    actor.require(PERM, entry.plan.organization)
    if entry.removed_on is not None:
        raise ValidationError(_("Người này đã được đưa ra khỏi quy hoạch."))
    _not_future(on, "on")
    if on < entry.added_on:
        raise ValidationError({"on": _("Ngày đưa ra không được trước ngày đưa vào.")})
    entry.removed_on = on
    entry.removed_reason = _text(reason, "reason")
    entry.removed_decision = _text(decision, "decision", required=False, limit=60)
    entry.save(update_fields=["removed_on", "removed_reason", "removed_decision"])
    log(
        AuditAction.UPDATE,
        entry.plan,
        by=actor,
        data={
            "removed": entry.member_id,
            "position": entry.position.title,
            "reason": entry.removed_reason,
            "decision": entry.removed_decision,
        },
    )
    return entry
