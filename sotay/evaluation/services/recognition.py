"""Model cells (chi bộ kiểu mẫu) and "bốn tốt" recognition: every write validated, atomic and audited.

docs/rules/evaluation.md#tiêu-chí-do-tỉnh-ban-hành: register → resolution and plan → the committee assigns a supervising
member → periodic self-assessment with evidence → appraisal → recognition decision (number, date); recognition can lapse
or be withdrawn. Criteria per province and cell type, recogniser = direct superior committee, yearly.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.vntext import nfc
from sotay.members.models import Member
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import CELL_KINDS, Organization, OrgKind, is_within

from ..grading import format_score
from ..models import (
    AssessmentKind,
    EnrolmentStage,
    ModelCellEnrolment,
    RecognitionScheme,
    SchemeAssessment,
    SchemeCriterion,
    SchemeKind,
    SchemeScore,
)
from ..seed import default_criteria

if TYPE_CHECKING:
    from typing import Any

    from django.core.files.uploadedfile import UploadedFile

    from sotay.accounts.models import User

FOUR_GOOD_KINDS = (*CELL_KINDS, OrgKind.BASE_COMMITTEE)
# After these stages a cell may keep assessing itself (periodic self-assessment goes on after recognition).
_ASSESSING = (
    EnrolmentStage.SUPERVISED,
    EnrolmentStage.SELF_ASSESSED,
    EnrolmentStage.APPRAISED,
    EnrolmentStage.RECOGNISED,
)


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _actor(actor: Actor) -> User | None:
    return actor.audit_user


def _actor_name(by: Actor) -> str:
    from .campaigns import actor_label

    return actor_label(by)


@transaction.atomic
def create_scheme(
    *,
    kind: str,
    organization: Organization,
    title: str,
    reference: str,
    start_year: int,
    end_year: int,
    actor: Actor,
    issued_on: dt.date | None = None,
    target_base_cell_percent: Decimal | None = None,
    target_cell_percent: Decimal | None = None,
    pass_score: Decimal = Decimal(80),
    with_default_criteria: bool = True,
) -> RecognitionScheme:
    actor.require(policy.MANAGE_EVALUATIONS, organization)
    if end_year < start_year:
        raise ValidationError({"end_year": _("Năm kết thúc không thể trước năm bắt đầu.")})
    for name, value in (
        ("target_base_cell_percent", target_base_cell_percent),
        ("target_cell_percent", target_cell_percent),
    ):
        if value is not None and not (0 <= value <= 100):
            raise ValidationError({name: _("Chỉ tiêu phải từ 0 đến 100%.")})
    scheme = RecognitionScheme.objects.create(
        kind=kind,
        organization=organization,
        title=nfc(title.strip()),
        reference=nfc(reference.strip()),
        issued_on=issued_on,
        start_year=start_year,
        end_year=end_year,
        target_base_cell_percent=target_base_cell_percent,
        target_cell_percent=target_cell_percent,
        pass_score=pass_score,
    )
    if with_default_criteria:
        SchemeCriterion.objects.bulk_create(SchemeCriterion(scheme=scheme, **row) for row in default_criteria(kind))
    log(AuditAction.CREATE, scheme, by=actor, organization=organization, data={"kind": kind})
    return scheme


def _in_scheme(scheme: RecognitionScheme, org: Organization) -> None:
    if not is_within(org, scheme.organization):
        raise ValidationError(_("%(o)s không thuộc phạm vi của %(s)s.") % {"o": org.name, "s": scheme.reference})


def _check_scores(criteria: list[SchemeCriterion], scores: dict[int, Decimal]) -> Decimal:
    errors: dict[str, list[str]] = {}
    total = Decimal(0)
    for c in criteria:
        key = f"score_{c.pk}"
        value = scores.get(c.pk)
        if value is None:
            errors[key] = [_("Cần chấm điểm tiêu chí “%(c)s”.") % {"c": c.title}]
        elif value < 0 or value > c.max_score:
            errors[key] = [_("Điểm phải từ 0 đến %(m)s.") % {"m": format_score(c.max_score)}]
        else:
            total += value
    if set(scores) - {c.pk for c in criteria}:
        errors["scores"] = [_("Có điểm của tiêu chí không áp dụng cho tổ chức này.")]
    if errors:
        raise ValidationError(errors)
    return total


def _save_scores(assessment: SchemeAssessment, scores: dict[int, Decimal], notes: dict[int, str] | None = None) -> None:
    notes = notes or {}
    SchemeScore.objects.bulk_create(
        SchemeScore(
            assessment=assessment, criterion_id=cid, score=value, from_data=cid in notes, note=notes.get(cid, "")
        )
        for cid, value in scores.items()
    )


# --- Model cells ---------------------------------------------------------------------------------------------


@transaction.atomic
def register_cell(
    *, scheme: RecognitionScheme, organization: Organization, registered_on: dt.date, actor: Actor
) -> ModelCellEnrolment:
    actor.require(policy.REVIEW_EVALUATIONS, organization)
    if scheme.kind != SchemeKind.MODEL_CELL:
        raise ValidationError(_("Đề án này không phải đề án chi bộ kiểu mẫu."))
    if organization.kind not in CELL_KINDS or not organization.is_active:
        raise ValidationError({"organization": _("Chỉ chi bộ đang hoạt động mới đăng ký xây dựng chi bộ kiểu mẫu.")})
    _in_scheme(scheme, organization)
    if not (scheme.start_year <= registered_on.year <= scheme.end_year):
        raise ValidationError(
            {
                "registered_on": _("Ngày đăng ký ngoài thời gian của đề án (%(a)s–%(b)s).")
                % {"a": scheme.start_year, "b": scheme.end_year}
            }
        )
    if ModelCellEnrolment.objects.filter(scheme=scheme, organization=organization).exists():
        raise ValidationError({"organization": _("Chi bộ này đã đăng ký trong đề án.")})
    enrolment = ModelCellEnrolment.objects.create(
        scheme=scheme, organization=organization, registered_on=registered_on, created_by=_actor(actor)
    )
    log(AuditAction.CREATE, enrolment, by=actor, organization=organization)
    return enrolment


def _lock(enrolment: ModelCellEnrolment) -> ModelCellEnrolment:
    return ModelCellEnrolment.objects.select_for_update().select_related("scheme", "organization").get(pk=enrolment.pk)


def _advance(
    enrolment: ModelCellEnrolment, stage: str, by: Actor, fields: list[str], data: dict[str, Any] | None = None
) -> None:
    enrolment.stage = stage
    enrolment.save(update_fields=["stage", *fields])
    log(
        AuditAction.STATUS, enrolment, by=by, organization=enrolment.organization, data={"stage": stage, **(data or {})}
    )


@transaction.atomic
def attach_plan(
    *,
    enrolment: ModelCellEnrolment,
    resolution_number: str,
    resolution_on: dt.date,
    actor: Actor,
    plan_file: UploadedFile | None = None,
    plan_note: str = "",
) -> ModelCellEnrolment:
    actor.require(policy.REVIEW_EVALUATIONS, enrolment.organization)
    enrolment = _lock(enrolment)
    if enrolment.stage in (EnrolmentStage.RECOGNISED, EnrolmentStage.LAPSED, EnrolmentStage.WITHDRAWN):
        raise ValidationError(_("Chi bộ đã được công nhận hoặc đã kết thúc; không sửa kế hoạch."))
    if not resolution_number.strip():
        raise ValidationError({"resolution_number": _("Cần ghi số nghị quyết của chi bộ.")})
    if resolution_on < enrolment.registered_on:
        raise ValidationError(
            {
                "resolution_on": _("Nghị quyết không thể trước ngày đăng ký (%(d)s).")
                % {"d": _d(enrolment.registered_on)}
            }
        )
    if not plan_file and not enrolment.plan_file and not plan_note.strip():
        raise ValidationError({"plan_file": _("Cần đính kèm kế hoạch hoặc ghi nội dung kế hoạch.")})
    enrolment.resolution_number = nfc(resolution_number.strip())
    enrolment.resolution_on = resolution_on
    enrolment.plan_note = nfc(plan_note.strip())
    fields = ["resolution_number", "resolution_on", "plan_note"]
    if plan_file:
        enrolment.plan_file = plan_file
        fields.append("plan_file")
    stage = EnrolmentStage.PLANNED if enrolment.stage == EnrolmentStage.REGISTERED else enrolment.stage
    _advance(enrolment, stage, actor, fields)
    return enrolment


@transaction.atomic
def assign_supervisor(
    *, enrolment: ModelCellEnrolment, supervisor: Member, assigned_on: dt.date, actor: Actor
) -> ModelCellEnrolment:
    actor.require(policy.MANAGE_EVALUATIONS, enrolment.organization)
    enrolment = _lock(enrolment)
    if enrolment.stage == EnrolmentStage.REGISTERED:
        raise ValidationError(_("Chi bộ chưa có nghị quyết và kế hoạch: chưa phân công phụ trách được."))
    if enrolment.stage in (EnrolmentStage.LAPSED, EnrolmentStage.WITHDRAWN):
        raise ValidationError(_("Chi bộ đã kết thúc trong đề án."))
    if supervisor.status not in ("OFFICIAL", "PROBATIONARY") or not is_within(
        supervisor.organization, enrolment.scheme.organization
    ):
        raise ValidationError(
            {"supervisor": _("Người phụ trách phải là đảng viên đang sinh hoạt trong phạm vi đề án.")}
        )
    if enrolment.resolution_on and assigned_on < enrolment.resolution_on:
        raise ValidationError({"assigned_on": _("Ngày phân công không thể trước nghị quyết của chi bộ.")})
    enrolment.supervisor = supervisor
    enrolment.supervisor_assigned_on = assigned_on
    stage = EnrolmentStage.SUPERVISED if enrolment.stage == EnrolmentStage.PLANNED else enrolment.stage
    _advance(enrolment, stage, actor, ["supervisor", "supervisor_assigned_on"], {"supervisor": supervisor.pk})
    return enrolment


@transaction.atomic
def assess_model_cell(
    *,
    enrolment: ModelCellEnrolment,
    kind: str,
    assessed_on: dt.date,
    scores: dict[int, Decimal],
    actor: Actor,
    period_label: str = "",
    evidence: str = "",
    evidence_file: UploadedFile | None = None,
    comment: str = "",
) -> SchemeAssessment:
    """A periodic self-assessment with evidence, or the committee's appraisal (which needs a self-assessment)."""
    actor.require(policy.REVIEW_EVALUATIONS, enrolment.organization)
    enrolment = _lock(enrolment)
    if enrolment.stage not in _ASSESSING:
        raise ValidationError(_("Chi bộ chưa được phân công cấp ủy viên phụ trách: chưa đánh giá được."))
    last_self = enrolment.assessments.filter(kind=AssessmentKind.SELF).order_by("-assessed_on").first()
    if kind == AssessmentKind.SELF:
        if not evidence.strip() and not evidence_file:
            raise ValidationError({"evidence": _("Tự đánh giá cần kèm minh chứng.")})
    elif last_self is None:
        raise ValidationError(_("Chi bộ chưa tự đánh giá: chưa thẩm định được."))
    elif assessed_on < last_self.assessed_on:
        raise ValidationError(
            {
                "assessed_on": _("Ngày thẩm định không thể trước lần tự đánh giá gần nhất (%(d)s).")
                % {"d": _d(last_self.assessed_on)}
            }
        )
    if enrolment.supervisor_assigned_on and assessed_on < enrolment.supervisor_assigned_on:
        raise ValidationError({"assessed_on": _("Ngày không thể trước ngày phân công phụ trách.")})
    criteria = list(enrolment.scheme.criteria_for(enrolment.organization.cell_type))
    total = _check_scores(criteria, scores)
    passed = total >= enrolment.scheme.pass_score
    assessment = SchemeAssessment.objects.create(
        scheme=enrolment.scheme,
        organization=enrolment.organization,
        enrolment=enrolment,
        kind=kind,
        year=assessed_on.year,
        period_label=nfc(period_label.strip()),
        assessed_on=assessed_on,
        total=total,
        passed=passed,
        evidence=nfc(evidence.strip()),
        evidence_file=evidence_file or "",
        comment=nfc(comment.strip()),
        actor=_actor(actor),
        actor_name=_actor_name(actor),
    )
    _save_scores(assessment, scores)
    if kind == AssessmentKind.APPRAISAL:
        enrolment.appraisal_passed = passed
        stage = EnrolmentStage.APPRAISED if enrolment.stage != EnrolmentStage.RECOGNISED else enrolment.stage
        _advance(enrolment, stage, actor, ["appraisal_passed"], {"appraisal_total": str(total), "passed": passed})
    elif enrolment.stage == EnrolmentStage.SUPERVISED:
        _advance(enrolment, EnrolmentStage.SELF_ASSESSED, actor, [], {"self_total": str(total)})
    return assessment


@transaction.atomic
def recognise_model_cell(
    *, scheme: RecognitionScheme, organization: Organization, decision_number: str, recognised_on: dt.date, actor: Actor
) -> ModelCellEnrolment:
    """Refused for a cell that has not registered, has no appraisal, or whose latest appraisal failed."""
    actor.require(policy.MANAGE_EVALUATIONS, organization)
    enrolment = ModelCellEnrolment.objects.filter(scheme=scheme, organization=organization).first()
    if enrolment is None:
        raise ValidationError(
            _("%(o)s chưa đăng ký xây dựng chi bộ kiểu mẫu: không công nhận được.") % {"o": organization.name}
        )
    enrolment = _lock(enrolment)
    if enrolment.stage == EnrolmentStage.RECOGNISED:
        raise ValidationError(_("Chi bộ đã được công nhận."))
    appraisal = enrolment.assessments.filter(kind=AssessmentKind.APPRAISAL).order_by("-assessed_on", "-pk").first()
    if appraisal is None:
        raise ValidationError(_("Chi bộ chưa được cấp ủy thẩm định: không công nhận được."))
    if not appraisal.passed:
        raise ValidationError(
            _("Lần thẩm định gần nhất (%(d)s) không đạt: %(t)s điểm, cần %(p)s.")
            % {"d": _d(appraisal.assessed_on), "t": format_score(appraisal.total), "p": format_score(scheme.pass_score)}
        )
    if not decision_number.strip():
        raise ValidationError({"decision_number": _("Cần ghi số quyết định công nhận.")})
    if recognised_on < appraisal.assessed_on:
        raise ValidationError({"recognised_on": _("Ngày công nhận không thể trước ngày thẩm định.")})
    enrolment.recognition_number = nfc(decision_number.strip())
    enrolment.recognised_on = recognised_on
    enrolment.ended_on = None
    enrolment.end_reason = ""
    _advance(
        enrolment,
        EnrolmentStage.RECOGNISED,
        actor,
        ["recognition_number", "recognised_on", "ended_on", "end_reason"],
        {"decision_number": enrolment.recognition_number},
    )
    return enrolment


@transaction.atomic
def end_recognition(
    *, enrolment: ModelCellEnrolment, stage: str, ended_on: dt.date, reason: str, actor: Actor
) -> ModelCellEnrolment:
    actor.require(policy.MANAGE_EVALUATIONS, enrolment.organization)
    enrolment = _lock(enrolment)
    if stage not in (EnrolmentStage.LAPSED, EnrolmentStage.WITHDRAWN):
        raise ValidationError({"stage": _("Chọn hết hiệu lực hoặc thu hồi.")})
    if enrolment.stage != EnrolmentStage.RECOGNISED:
        raise ValidationError(_("Chi bộ chưa được công nhận."))
    assert enrolment.recognised_on is not None  # set with the stage RECOGNISED
    if ended_on < enrolment.recognised_on:
        raise ValidationError({"ended_on": _("Ngày không thể trước ngày công nhận.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Cần ghi lý do.")})
    enrolment.ended_on = ended_on
    enrolment.end_reason = nfc(reason.strip())
    _advance(enrolment, stage, actor, ["ended_on", "end_reason"])
    return enrolment


# --- "Bốn tốt" -----------------------------------------------------------------------------------------------


@transaction.atomic
def assess_four_good(
    *,
    scheme: RecognitionScheme,
    organization: Organization,
    year: int,
    assessed_on: dt.date,
    scores: dict[int, Decimal],
    actor: Actor,
    from_data: dict[int, str] | None = None,
    comment: str = "",
) -> SchemeAssessment:
    """The yearly assessment of a cell or grassroots committee; replaces that year's earlier one if not recognised."""
    actor.require(policy.MANAGE_EVALUATIONS, organization)
    if scheme.kind != SchemeKind.FOUR_GOOD:
        raise ValidationError(_("Đây không phải bộ tiêu chí “bốn tốt”."))
    if organization.kind not in FOUR_GOOD_KINDS:
        raise ValidationError(_("“Bốn tốt” xét cho chi bộ và đảng bộ cơ sở."))
    _in_scheme(scheme, organization)
    if not (scheme.start_year <= year <= scheme.end_year):
        raise ValidationError(
            {"year": _("Năm ngoài thời gian áp dụng (%(a)s–%(b)s).") % {"a": scheme.start_year, "b": scheme.end_year}}
        )
    existing = SchemeAssessment.objects.filter(scheme=scheme, organization=organization, year=year).first()
    if existing is not None and existing.recognised_on:
        raise ValidationError(_("Năm %(y)s đã có quyết định công nhận; không chấm lại được.") % {"y": year})
    criteria = list(scheme.criteria.order_by("group", "order"))
    total = _check_scores(criteria, scores)
    if existing is not None:
        existing.delete()
    assessment = SchemeAssessment.objects.create(
        scheme=scheme,
        organization=organization,
        kind=AssessmentKind.APPRAISAL,
        year=year,
        period_label=str(year),
        assessed_on=assessed_on,
        total=total,
        passed=total >= scheme.pass_score,
        comment=nfc(comment.strip()),
        actor=_actor(actor),
        actor_name=_actor_name(actor),
    )
    _save_scores(assessment, scores, from_data)
    log(AuditAction.UPDATE, assessment, by=actor, organization=organization, data={"total": str(total), "year": year})
    return assessment


@transaction.atomic
def recognise_four_good(
    *, assessment: SchemeAssessment, decision_number: str, recognised_on: dt.date, actor: Actor
) -> SchemeAssessment:
    actor.require(policy.MANAGE_EVALUATIONS, assessment.organization)
    assessment = SchemeAssessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.passed:
        raise ValidationError(
            _("Tổng điểm %(t)s chưa đạt %(p)s: không công nhận được.")
            % {"t": format_score(assessment.total), "p": format_score(assessment.scheme.pass_score)}
        )
    if not decision_number.strip():
        raise ValidationError({"decision_number": _("Cần ghi số quyết định công nhận.")})
    if recognised_on < assessment.assessed_on:
        raise ValidationError({"recognised_on": _("Ngày công nhận không thể trước ngày đánh giá.")})
    assessment.recognition_number = nfc(decision_number.strip())
    assessment.recognised_on = recognised_on
    assessment.save(update_fields=["recognition_number", "recognised_on"])
    log(
        AuditAction.STATUS,
        assessment,
        by=actor,
        organization=assessment.organization,
        data={"recognised": True, "decision_number": assessment.recognition_number},
    )
    return assessment
