"""Writes of the discipline app: disciplinary decisions, appeals, the grade override, screening outcomes.

Each takes `actor: Actor`, checks `policy.MANAGE_DISCIPLINE` itself, runs in one transaction and writes the audit log.
Khai trừ closes the membership through `sotay.members.services.change_member_status` (exit kind EXPELLED), which
ends the account through `members.accounts.follow_member`; the exit register and statistics read that status.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.vntext import nfc
from sotay.members.choices import ACTIVE_STATUSES, ExitKind, MemberStatus
from sotay.members.models import Member
from sotay.members.services import change_member_status
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization, is_within

from .models import (
    MEMBER_SANCTIONS,
    ORG_SANCTIONS,
    SEVERITY,
    Appeal,
    AppealOutcome,
    Discipline,
    Sanction,
    ScreeningDecision,
    ScreeningOutcome,
)

PERM = policy.MANAGE_DISCIPLINE


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _text(value: str | None) -> str:
    return nfc(value or "").strip()


@transaction.atomic
def record_discipline(
    *,
    actor: Actor,
    kind: str,
    violation: str,
    deciding_body: Organization,
    decision_number: str,
    decided_on: dt.date,
    effective_on: dt.date | None = None,
    member: Member | None = None,
    subject_organization: Organization | None = None,
) -> Discipline:
    """Record a disciplinary decision for a member (khiển trách, cảnh cáo, cách chức, khai trừ) or an organisation
    (khiển trách, cảnh cáo, giải tán). Khai trừ closes the membership on the effective date."""
    where: Organization
    if member is not None and subject_organization is None:
        actor.require(PERM, deciding_body)
        member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
        where = member.organization
    elif subject_organization is not None and member is None:
        actor.require(PERM, deciding_body)
        where = subject_organization
    else:
        raise ValueError("Exactly one of member and subject_organization.")
    actor.require(PERM, where)
    effective_on = effective_on or decided_on
    violation, number = _text(violation), _text(decision_number)
    errors: dict[str, str] = {}
    allowed = MEMBER_SANCTIONS if member is not None else ORG_SANCTIONS
    if kind not in allowed:
        errors["kind"] = _("Hình thức kỷ luật không áp dụng cho %(s)s (chọn: %(l)s).") % {
            "s": _("đảng viên") if member is not None else _("tổ chức đảng"),
            "l": ", ".join(str(Sanction(k).label).lower() for k in allowed),
        }
    if not is_within(where, deciding_body) or (
        subject_organization is not None and subject_organization.pk == deciding_body.pk
    ):
        errors["deciding_body"] = _("Tổ chức quyết định phải là cấp trên của đối tượng bị kỷ luật.")
    if not violation:
        errors["violation"] = _("Cần ghi nội dung vi phạm.")
    if not number:
        errors["decision_number"] = _("Cần ghi số quyết định kỷ luật.")
    today = timezone.localdate()
    if decided_on > today:
        errors["decided_on"] = _("Ngày quyết định không được sau hôm nay.")
    if effective_on < decided_on:
        errors["effective_on"] = _("Ngày có hiệu lực không được trước ngày quyết định.")
    if member is not None:
        if member.status not in ACTIVE_STATUSES:
            errors["member"] = _("Đảng viên không còn sinh hoạt (hiện: %(s)s).") % {"s": member.get_status_display()}
        elif decided_on < member.joined_on:
            errors["decided_on"] = _("Ngày quyết định không được trước ngày vào Đảng.")
        if kind == Sanction.EXPULSION and effective_on > today:
            errors["effective_on"] = _("Khai trừ ghi khi quyết định đã có hiệu lực (không sau hôm nay).")
    if errors:
        raise ValidationError(errors)
    discipline = Discipline.objects.create(
        member=member,
        subject_organization=subject_organization,
        organization=where,
        kind=kind,
        violation=violation,
        deciding_body=deciding_body,
        decision_number=number,
        decided_on=decided_on,
        effective_on=effective_on,
        created_by=actor.audit_user,
    )
    log(
        AuditAction.CREATE,
        discipline,
        by=actor,
        organization=where,
        data={
            "kind": kind,
            "member": member.pk if member else None,
            "subject_organization": subject_organization.pk if subject_organization else None,
            "deciding_body": deciding_body.pk,
            "decision_number": number,
            "decided_on": decided_on.isoformat(),
            "effective_on": effective_on.isoformat(),
        },
    )
    if kind == Sanction.REMOVAL and member is not None:
        # Cách chức ends the member's positions in the deciding body's subtree and their role grants, in this
        # transaction (docs/rules/discipline.md#cách-chức-và-chức-danh).
        from sotay.cadres.services import end_for_removal

        ended = end_for_removal(
            actor=actor, member=member, deciding_body=deciding_body, effective_on=effective_on, decision=number
        )
        if ended:
            log(
                AuditAction.UPDATE,
                discipline,
                by=actor,
                organization=where,
                data={"ended_appointments": [a.pk for a in ended]},
            )
    if kind == Sanction.EXPULSION and member is not None:
        # The one exit service: status LEFT with exit kind EXPELLED, the account deactivated, the registers updated.
        change_member_status(
            member=member,
            status=MemberStatus.LEFT,
            on=effective_on,
            actor=actor,
            decision_number=number,
            decision_on=decided_on,
            exit_kind=ExitKind.EXPELLED,
            reason=_("Khai trừ: %(v)s") % {"v": violation},
        )
    return discipline


@transaction.atomic
def file_appeal(*, actor: Actor, discipline: Discipline, filed_on: dt.date, content: str = "") -> Appeal:
    actor.require(PERM, discipline.organization)
    if filed_on > timezone.localdate():
        raise ValidationError({"filed_on": _("Ngày khiếu nại không được sau hôm nay.")})
    if filed_on < discipline.decided_on:
        raise ValidationError(
            {
                "filed_on": _("Ngày khiếu nại không được trước ngày quyết định (%(d)s).")
                % {"d": _d(discipline.decided_on)}
            }
        )
    if discipline.appeals.filter(outcome=AppealOutcome.PENDING).exists():
        raise ValidationError(_("Đang có một khiếu nại chưa giải quyết."))
    appeal = Appeal.objects.create(discipline=discipline, filed_on=filed_on, content=_text(content))
    log(AuditAction.CREATE, appeal, by=actor, organization=discipline.organization, data={"filed_on": str(filed_on)})
    return appeal


@transaction.atomic
def resolve_appeal(
    *,
    actor: Actor,
    appeal: Appeal,
    outcome: str,
    resolved_on: dt.date,
    resolved_by: str,
    resolution_number: str = "",
    reduced_to: str = "",
) -> Appeal:
    """Record the outcome of an appeal: upheld, reduced to a lighter sanction, or annulled."""
    appeal = Appeal.objects.select_for_update().select_related("discipline").get(pk=appeal.pk)
    discipline = Discipline.objects.select_for_update().get(pk=appeal.discipline_id)
    actor.require(PERM, discipline.organization)
    errors: dict[str, str] = {}
    if appeal.outcome != AppealOutcome.PENDING:
        errors["outcome"] = _("Khiếu nại này đã được giải quyết.")
    if outcome not in AppealOutcome.values or outcome == AppealOutcome.PENDING:
        errors["outcome"] = _("Cần chọn kết quả giải quyết.")
    if outcome == AppealOutcome.REDUCED:
        lighter = SEVERITY[: SEVERITY.index(discipline.kind)]
        if reduced_to not in lighter or reduced_to == Sanction.DISSOLUTION:
            errors["reduced_to"] = _("Chỉ giảm xuống hình thức nhẹ hơn “%(k)s”.") % {"k": discipline.get_kind_display()}
        elif discipline.member_id and reduced_to not in MEMBER_SANCTIONS:
            errors["reduced_to"] = _("Hình thức không áp dụng cho đảng viên.")
    if discipline.kind == Sanction.EXPULSION and outcome in (AppealOutcome.REDUCED, AppealOutcome.ANNULLED):
        errors["outcome"] = _(
            "Quyết định khai trừ đã đưa đảng viên ra khỏi Đảng: khi được xóa bỏ hoặc giảm, ghi việc phục hồi "
            "đảng tịch trên hồ sơ đảng viên trước (chưa hỗ trợ tự động)."
        )
    if resolved_on > timezone.localdate():
        errors["resolved_on"] = _("Ngày giải quyết không được sau hôm nay.")
    elif resolved_on < appeal.filed_on:
        errors["resolved_on"] = _("Ngày giải quyết không được trước ngày khiếu nại.")
    if not _text(resolved_by):
        errors["resolved_by"] = _("Cần ghi cơ quan giải quyết khiếu nại.")
    if errors:
        raise ValidationError(errors)
    appeal.outcome, appeal.resolved_on = outcome, resolved_on
    appeal.resolved_by, appeal.resolution_number = _text(resolved_by), _text(resolution_number)
    appeal.reduced_to = reduced_to if outcome == AppealOutcome.REDUCED else ""
    appeal.save()
    before = discipline.kind
    if outcome == AppealOutcome.REDUCED:
        discipline.original_kind = discipline.original_kind or discipline.kind
        discipline.kind = reduced_to
    elif outcome == AppealOutcome.ANNULLED:
        discipline.annulled = True
    discipline.save(update_fields=["kind", "original_kind", "annulled"])
    log(
        AuditAction.UPDATE,
        discipline,
        by=actor,
        organization=discipline.organization,
        data={
            "appeal": appeal.pk,
            "outcome": outcome,
            "kind": [before, discipline.kind],
            "annulled": discipline.annulled,
        },
    )
    return appeal


@transaction.atomic
def allow_higher_grade(*, actor: Actor, discipline: Discipline, reason: str, on: dt.date | None = None) -> Discipline:
    """The deciding committee allows the member a grade above KHTNV in the decision's year (audited, with a reason)."""
    discipline = Discipline.objects.select_for_update().select_related("deciding_body").get(pk=discipline.pk)
    actor.require(PERM, discipline.deciding_body)
    reason = _text(reason)
    if not discipline.member_id:
        raise ValidationError(_("Chỉ áp dụng cho kỷ luật đảng viên."))
    if not reason:
        raise ValidationError({"reason": _("Cần ghi lý do cho phép xếp loại khác.")})
    discipline.grade_override_reason = reason
    discipline.grade_override_on = on or timezone.localdate()
    discipline.save(update_fields=["grade_override_reason", "grade_override_on"])
    log(
        AuditAction.UPDATE,
        discipline,
        by=actor,
        organization=discipline.organization,
        data={"grade_override": True, "year": discipline.decided_on.year, "reason": reason},
    )
    return discipline


@transaction.atomic
def record_screening(
    *,
    actor: Actor,
    member: Member,
    year: int,
    outcome: str,
    decided_on: dt.date,
    grounds: list[list[str]],  # [code, evidence] pairs, as the screening report found them
    decision_number: str = "",
    note: str = "",
) -> ScreeningDecision:
    """Record what the committee decided about a member the screening of `year` flagged
    (docs/rules/discipline.md#sàng-lọc-đảng-viên). Xóa tên closes the membership through the exit service; khai trừ
    must already be recorded as a disciplinary decision (which closed it)."""
    member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    actor.require(PERM, member.organization)
    number = _text(decision_number)
    errors: dict[str, str] = {}
    if outcome not in ScreeningOutcome.values:
        errors["outcome"] = _("Cần chọn kết quả xử lý.")
    if decided_on > timezone.localdate():
        errors["decided_on"] = _("Ngày không được sau hôm nay.")
    if outcome == ScreeningOutcome.STRUCK_OFF:
        if not number:
            errors["decision_number"] = _("Xóa tên cần số quyết định của cấp ủy có thẩm quyền.")
        if member.status not in ACTIVE_STATUSES:
            errors["outcome"] = _("Đảng viên không còn sinh hoạt (hiện: %(s)s).") % {"s": member.get_status_display()}
    if (
        outcome == ScreeningOutcome.EXPELLED
        and not Discipline.objects.in_force().filter(member=member, kind=Sanction.EXPULSION).exists()
    ):
        errors["outcome"] = _("Chưa có quyết định kỷ luật khai trừ: ghi quyết định kỷ luật trước.")
    if errors:
        raise ValidationError(errors)
    decision, created = ScreeningDecision.objects.update_or_create(
        member=member,
        year=year,
        defaults={
            "organization": member.organization,
            "grounds": grounds,
            "outcome": outcome,
            "decided_on": decided_on,
            "decision_number": number,
            "note": _text(note),
        },
    )
    log(
        AuditAction.CREATE if created else AuditAction.UPDATE,
        decision,
        by=actor,
        organization=member.organization,
        data={"member": member.pk, "year": year, "outcome": outcome, "grounds": grounds},
    )
    if outcome == ScreeningOutcome.STRUCK_OFF:
        change_member_status(
            member=member,
            status=MemberStatus.LEFT,
            on=decided_on,
            actor=actor,
            decision_number=number,
            decision_on=decided_on,
            exit_kind=ExitKind.STRUCK_OFF,
            reason=_("Xóa tên qua sàng lọc năm %(y)s") % {"y": year},
        )
    return decision
