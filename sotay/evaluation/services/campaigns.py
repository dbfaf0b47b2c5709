"""Every write to a campaign and its evaluations: validated, atomic, audited
(docs/rules/evaluation.md#quy-trình-đánh-giá; 366-QĐ/TW)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.vntext import nfc
from sotay.members.models import Member
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization, OrgKind, ancestor_paths, is_within, subtree_filter

from ..grading import Facts, compute_grade, explain, format_score, quota_limit, rank
from ..models import (
    STAGE_ORDER,
    CriteriaSet,
    CriterionScore,
    Evaluation,
    EvaluationCampaign,
    EvaluationStep,
    Grade,
    GradeQuota,
    Period,
    QuotaMode,
    Stage,
    Subject,
)
from ..subjects import GRADED_ORG_KINDS, GRADED_STATUSES, base_of

if TYPE_CHECKING:
    from typing import Any

    from django.db.models import QuerySet


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def actor_label(actor: Actor) -> str:
    """The name kept with a step: the user's display name (their member's name, else the username), or the
    system source's name."""
    user = actor.audit_user
    if user is None:
        return actor.name
    name = getattr(user, "display_name", "")
    return (name() if callable(name) else name) or user.get_username()


@transaction.atomic
def open_campaign(
    *,
    organization: Organization,
    year: int,
    actor: Actor,
    period: str = Period.YEAR,
    quarter: int | None = None,
    title: str = "",
    opened_on: dt.date | None = None,
    due_on: dt.date | None = None,
    quota_percent: Decimal | None = None,
    quota_mode: str | None = None,
) -> EvaluationCampaign:
    """Open a campaign for `organization`'s subtree, with the criteria sets in force at the end of the period."""
    actor.require(policy.MANAGE_EVALUATIONS, organization)
    if organization.kind in (OrgKind.CELL, OrgKind.PARTY_GROUP):  # a chi bộ cơ sở may review its own members
        raise ValidationError({"organization": _("Đợt đánh giá do cấp ủy cơ sở trở lên tổ chức.")})
    if period == Period.QUARTER and quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("Đợt đánh giá theo quý cần ghi quý (1 đến 4).")})
    if period != Period.QUARTER:
        quarter = None
    opened_on = opened_on or timezone.localdate()
    if due_on and due_on < opened_on:
        raise ValidationError({"due_on": _("Hạn hoàn thành không thể trước ngày mở đợt.")})
    campaign = EvaluationCampaign(
        organization=organization, year=year, period=period, quarter=quarter, opened_on=opened_on, due_on=due_on
    )
    end = campaign.period_end
    member_set = CriteriaSet.objects.in_force(Subject.MEMBER, end)
    org_set = CriteriaSet.objects.in_force(Subject.ORGANIZATION, end)
    if member_set is None or org_set is None:
        raise ValidationError(
            {"year": _("Chưa có bộ tiêu chí đánh giá áp dụng cho kỳ kết thúc ngày %(d)s.") % {"d": _d(end)}}
        )
    # One campaign per period for any member: no overlap with a campaign above or below in the tree.
    prefixes = ancestor_paths(organization.path)
    overlap = (
        EvaluationCampaign.objects.filter(year=year, period=period, quarter=quarter)
        .filter(Q(organization__path__in=prefixes) | subtree_filter(organization.path, "organization__path"))
        .select_related("organization")
        .first()
    )
    if overlap is not None:
        raise ValidationError(
            {
                "year": _("Đã có đợt “%(t)s” của %(o)s cho cùng kỳ, bao gồm tổ chức này.")
                % {"t": overlap.title, "o": overlap.organization.name}
            }
        )
    quota = GradeQuota.in_force(end)
    campaign.member_criteria = member_set
    campaign.org_criteria = org_set
    campaign.quota_percent = quota_percent if quota_percent is not None else (quota.max_percent if quota else None)
    campaign.quota_mode = quota_mode or (quota.mode if quota else QuotaMode.WARN)
    campaign.title = nfc(title.strip()) or _("Kiểm điểm, đánh giá, xếp loại chất lượng %(p)s — %(o)s") % {
        "p": campaign.period_label().lower(),
        "o": organization.name,
    }
    campaign.created_by = actor.audit_user
    campaign.save()
    log(AuditAction.CREATE, campaign, by=actor, organization=organization, data={"year": year, "period": period})
    _tell_committees(campaign)
    return campaign


def _tell_committees(campaign: EvaluationCampaign) -> None:
    """The chi ủy and committees of the subtree learn that the review is open (members see it on their page)."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from sotay.notifications.services import notify
    from sotay.orgs import policy

    users = (
        get_user_model()
        .objects.filter(
            subtree_filter(campaign.organization.path, "role_grants__organization__path"),
            role_grants__role__in=policy.roles_with(policy.REVIEW_EVALUATIONS),
            is_active=True,
        )
        .distinct()
    )
    due = _(" Hạn hoàn thành: %(d)s.") % {"d": _d(campaign.due_on)} if campaign.due_on else ""
    notify(
        users,
        kind="evaluation.campaign_opened",
        title=_("Mở đợt: %(t)s") % {"t": campaign.title},
        body=_("Tổ chức tự đánh giá, nhận xét và đề xuất xếp loại trong phạm vi phụ trách.") + due,
        url=reverse("evaluation:campaign", args=[campaign.pk]),
        organization=campaign.organization,
    )


@transaction.atomic
def close_campaign(
    *, campaign: EvaluationCampaign, actor: Actor, closed_on: dt.date | None = None
) -> EvaluationCampaign:
    actor.require(policy.MANAGE_EVALUATIONS, campaign.organization)
    if not campaign.is_open:
        raise ValidationError(_("Đợt đánh giá đã kết thúc."))
    campaign.closed_on = closed_on or timezone.localdate()
    campaign.save(update_fields=["closed_on"])
    log(
        AuditAction.STATUS,
        campaign,
        by=actor,
        organization=campaign.organization,
        data={"closed_on": str(campaign.closed_on)},
    )
    return campaign


@dataclass(frozen=True)
class QuotaStatus:
    base_organization: Organization
    excellent: int
    good: int
    percent: Decimal | None

    @property
    def limit(self) -> int | None:
        return None if self.percent is None else quota_limit(self.good, self.percent)

    @property
    def exceeded(self) -> bool:
        return self.limit is not None and self.excellent > self.limit

    @property
    def remaining(self) -> int | None:
        return None if self.limit is None else self.limit - self.excellent

    def after(self, old_grade: str, new_grade: str) -> QuotaStatus:
        """The status once one evaluation moves from `old_grade` (or none) to `new_grade`."""
        ex = self.excellent - (old_grade == Grade.EXCELLENT) + (new_grade == Grade.EXCELLENT)
        good = self.good - (old_grade == Grade.GOOD) + (new_grade == Grade.GOOD)
        return QuotaStatus(self.base_organization, ex, good, self.percent)


class QuotaCount(TypedDict):
    base_organization: int
    excellent: int
    good: int


def _quota_counts(campaign: EvaluationCampaign) -> QuerySet[Any, QuotaCount]:
    return (
        Evaluation.objects.filter(campaign=campaign, member__isnull=False, stage=Stage.DECIDED)
        .order_by()
        .values("base_organization")
        .annotate(
            excellent=Count("pk", filter=Q(grade=Grade.EXCELLENT)),
            good=Count("pk", filter=Q(grade=Grade.GOOD)),
        )
    )


def quota_status(campaign: EvaluationCampaign, base_organization: Organization) -> QuotaStatus:
    """HTXSNV and HTTNV decided so far for members of one TCCS in the campaign."""
    row = _quota_counts(campaign).filter(base_organization=base_organization).order_by("base_organization").first()
    excellent, good = (row["excellent"], row["good"]) if row is not None else (0, 0)
    return QuotaStatus(base_organization, excellent, good, campaign.quota_percent)


def quota_report(campaign: EvaluationCampaign, within: Organization | None = None) -> list[QuotaStatus]:
    """Every TCCS with decided members in the campaign (within a subtree), those over the quota first."""
    rows = _quota_counts(campaign)
    if within is not None:
        rows = rows.filter(subtree_filter(within.path, "base_organization__path"))
    orgs = Organization.objects.in_bulk([r["base_organization"] for r in rows])
    out = [QuotaStatus(orgs[r["base_organization"]], r["excellent"], r["good"], campaign.quota_percent) for r in rows]
    return sorted(out, key=lambda s: (not s.exceeded, s.base_organization.name))


class QuotaExceeded(ValidationError):
    """Deciding this HTXSNV would exceed the campaign's quota; in WARN mode, repeat with acknowledge_quota=True."""

    def __init__(self, status: QuotaStatus, *, blocking: bool) -> None:
        self.status = status
        self.blocking = blocking
        message = _(
            "Vượt tỷ lệ HTXSNV của %(o)s: sau quyết định này có %(e)s HTXSNV trên %(g)s HTTNV, tối đa %(l)s "
            "(%(p)s%% số HTTNV)."
        ) % {
            "o": status.base_organization.name,
            "e": status.excellent,
            "g": status.good,
            "l": status.limit,
            "p": format_score(status.percent),
        }
        super().__init__(message, code="quota")


def _tell_member(evaluation: Evaluation, member: Member) -> None:
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from sotay.notifications.services import notify

    users = get_user_model().objects.filter(member=member, is_active=True)
    notify(
        users,
        kind="evaluation.decided",
        title=_("Kết quả xếp loại %(p)s: %(g)s")
        % {"p": evaluation.campaign.period_label().lower(), "g": evaluation.grade},
        body=str(Grade(evaluation.grade).label),
        url=reverse("evaluation:member", args=[evaluation.campaign_id, member.pk]),
        organization=evaluation.organization,
    )


@dataclass
class StepInput:
    kind: str
    grade: str
    acted_on: dt.date
    scores: dict[int, Decimal] = field(default_factory=dict)  # criterion id → score
    tasks_done_percent: Decimal = Decimal(100)
    tasks_late_percent: Decimal = Decimal(0)
    tasks_above_percent: Decimal = Decimal(0)
    collective_conditions_met: bool = True
    comment: str = ""
    decision_number: str = ""
    acknowledge_quota: bool = False


def _check_scores(criteria_set: CriteriaSet, data: StepInput) -> Decimal | None:
    if not criteria_set.scored:
        return None
    criteria = list(criteria_set.criteria.all())
    errors: dict[str, list[str]] = {}
    total = Decimal(0)
    for criterion in criteria:
        key = f"score_{criterion.pk}"
        value = data.scores.get(criterion.pk)
        if value is None:
            errors[key] = [_("Cần chấm điểm tiêu chí “%(c)s”.") % {"c": criterion.title}]
        elif value < 0:
            errors[key] = [_("Điểm không thể âm.")]
        elif criterion.max_score is not None and value > criterion.max_score:
            errors[key] = [
                _("Điểm %(s)s vượt điểm tối đa %(m)s của tiêu chí “%(c)s”.")
                % {"s": format_score(value), "m": format_score(criterion.max_score), "c": criterion.title}
            ]
        else:
            total += value
    unknown = set(data.scores) - {c.pk for c in criteria}
    if unknown:
        errors["scores"] = [_("Có điểm của tiêu chí không thuộc bộ tiêu chí này.")]
    if errors:
        raise ValidationError(errors)
    return total


def _check_percents(data: StepInput) -> None:
    for name in ("tasks_done_percent", "tasks_late_percent", "tasks_above_percent"):
        value = getattr(data, name)
        if value < 0 or value > 100:
            raise ValidationError({name: _("Tỷ lệ phải từ 0 đến 100%.")})


@transaction.atomic
def record_step(
    *,
    campaign: EvaluationCampaign,
    data: StepInput,
    actor: Actor,
    member: Member | None = None,
    subject_organization: Organization | None = None,
) -> Evaluation:
    """Record the self-assessment, the review or the decision for a member or an organisation.

    Refused with a reason: a closed campaign; a subject outside the campaign; a step out of order (a review or a
    decision before the self-assessment) or dated before the step it follows; a score above a criterion's
    maximum; a grade above what the score and conditions allow (366-QĐ/TW Điều 11), or below it without a
    comment; in BLOCK mode, an HTXSNV decision over the quota (in WARN mode, until acknowledged).
    """
    if (member is None) == (subject_organization is None):
        raise ValueError("Exactly one of member and subject_organization.")
    # The member assesses themself; the chi ủy reviews; the committee decides.
    subject_org = member.organization if member is not None else subject_organization
    if data.kind == STAGE_ORDER[0] and member is not None:
        actor.require_for_member(policy.REVIEW_EVALUATIONS, member)
    elif data.kind == STAGE_ORDER[-1]:
        actor.require(policy.MANAGE_EVALUATIONS, subject_org)
    else:
        actor.require(policy.REVIEW_EVALUATIONS, subject_org)
    if not campaign.is_open:
        raise ValidationError(_("Đợt đánh giá đã kết thúc, không ghi thêm được."))
    if data.kind not in STAGE_ORDER:
        raise ValidationError({"kind": _("Bước không hợp lệ.")})
    if data.grade not in Grade.values:
        raise ValidationError({"grade": _("Cần chọn một trong bốn mức xếp loại.")})
    scope = campaign.organization
    if member is not None:
        member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
        if member.status not in GRADED_STATUSES or not is_within(member.organization, scope):
            raise ValidationError(_("Đảng viên này không thuộc phạm vi của đợt đánh giá."))
        subject, where = Subject.MEMBER, member.organization
    else:
        assert subject_organization is not None  # exactly one subject, checked above
        if (
            subject_organization.kind not in GRADED_ORG_KINDS
            or subject_organization.pk == scope.pk
            or not is_within(subject_organization, scope)
        ):
            raise ValidationError(_("Tổ chức này không thuộc phạm vi của đợt đánh giá."))
        subject, where = Subject.ORGANIZATION, subject_organization
    if data.acted_on > timezone.localdate():
        raise ValidationError({"acted_on": _("Ngày không thể sau hôm nay.")})
    if data.acted_on < campaign.opened_on:
        raise ValidationError(
            {"acted_on": _("Ngày không thể trước ngày mở đợt (%(d)s).") % {"d": _d(campaign.opened_on)}}
        )
    _check_percents(data)

    lookup = {"member": member} if member is not None else {"subject_organization": subject_organization}
    evaluation = Evaluation.objects.filter(campaign=campaign, **lookup).first()
    steps = {s.kind: s for s in evaluation.steps.all()} if evaluation else {}
    position = STAGE_ORDER.index(data.kind)
    if position > 0:
        missing = [k for k in STAGE_ORDER[:position] if k not in steps]
        if Stage.SELF in missing:
            raise ValidationError(
                _("Chưa có bản tự đánh giá, xếp loại: không thể %(a)s.")
                % {"a": _("nhận xét, đề xuất") if data.kind == Stage.REVIEWED else _("quyết định xếp loại")}
            )
        if missing:
            raise ValidationError(_("Chưa có nhận xét, đề xuất xếp loại: không thể quyết định xếp loại."))
        previous = steps[STAGE_ORDER[position - 1]]
        if data.acted_on < previous.acted_on:
            raise ValidationError(
                {
                    "acted_on": _("Ngày không thể trước bước “%(s)s” (%(d)s).")
                    % {"s": previous.get_kind_display(), "d": _d(previous.acted_on)}
                }
            )
    later = [k for k in STAGE_ORDER[position + 1 :] if k in steps]
    if later:
        raise ValidationError(_("Đã có bước sau; không sửa được bước này."))

    if member is not None and campaign.period == Period.YEAR and data.kind != Stage.SELF:
        # A member disciplined in the year is graded KHTNV (docs/rules/discipline.md#kỷ-luật-và-xếp-loại).
        from sotay.discipline.hooks import grade_refusal

        refusal = grade_refusal(member, campaign.year, data.grade)
        if refusal:
            raise ValidationError({"grade": refusal})
    criteria_set = evaluation.criteria_set if evaluation else campaign.criteria_for(subject)
    total = _check_scores(criteria_set, data)
    computed = ""
    if total is not None:
        facts = Facts(
            score=total,
            tasks_done_percent=data.tasks_done_percent,
            tasks_late_percent=data.tasks_late_percent,
            tasks_above_percent=data.tasks_above_percent,
            collective_conditions_met=data.collective_conditions_met if subject == Subject.ORGANIZATION else True,
        )
        bands = criteria_set.bands()
        computed = compute_grade(facts, bands)
        if rank(data.grade) < rank(computed):
            reasons = "; ".join(explain(facts, bands, data.grade))
            raise ValidationError(
                {
                    "grade": _(
                        "Tổng điểm %(s)s và các điều kiện tương ứng mức %(c)s; không thể xếp %(g)s (%(r)s) — "
                        "%(doc)s, Điều 11."
                    )
                    % {
                        "s": format_score(total),
                        "c": computed,
                        "g": data.grade,
                        "r": reasons,
                        "doc": criteria_set.document_reference,
                    }
                }
            )
        if rank(data.grade) > rank(computed) and not data.comment.strip():
            raise ValidationError(
                {"comment": _("Xếp loại thấp hơn mức theo điểm (%(c)s): cần ghi lý do.") % {"c": computed}}
            )

    if evaluation is None:
        evaluation = Evaluation.objects.create(
            campaign=campaign,
            organization=where,
            base_organization=base_of(where),
            criteria_set=criteria_set,
            **lookup,
        )
    exceeds = False
    if data.kind == Stage.DECIDED and subject == Subject.MEMBER and campaign.quota_percent is not None:
        # Two deciders in one TCCS at once must not both pass the quota: serialise on the TCCS row.
        Organization.objects.select_for_update().filter(pk=evaluation.base_organization_id).first()
        status = quota_status(campaign, evaluation.base_organization).after(
            evaluation.grade if evaluation.stage == Stage.DECIDED else "", data.grade
        )
        if data.grade == Grade.EXCELLENT and status.exceeded:
            blocking = campaign.quota_mode == QuotaMode.BLOCK
            if blocking or not data.acknowledge_quota:
                raise QuotaExceeded(status, blocking=blocking)
            exceeds = True

    actor_name, entered_by = _step_names(actor, data.kind, member)
    if data.kind in steps:  # a correction of the current step replaces it
        steps[data.kind].delete()
    step = EvaluationStep.objects.create(
        evaluation=evaluation,
        kind=data.kind,
        acted_on=data.acted_on,
        actor=actor.audit_user,
        actor_name=actor_name,
        entered_by_name=entered_by,
        score=total,
        tasks_done_percent=data.tasks_done_percent,
        tasks_late_percent=data.tasks_late_percent,
        tasks_above_percent=data.tasks_above_percent,
        collective_conditions_met=data.collective_conditions_met,
        grade=data.grade,
        computed_grade=computed,
        comment=nfc(data.comment.strip()),
        decision_number=nfc(data.decision_number.strip()),
        quota_acknowledged=exceeds,
    )
    CriterionScore.objects.bulk_create(
        [CriterionScore(step=step, criterion_id=cid, score=value) for cid, value in data.scores.items()]
    )
    evaluation.stage = data.kind
    fields = ["stage"]
    if data.kind == Stage.SELF:
        evaluation.self_grade = data.grade
        fields.append("self_grade")
    elif data.kind == Stage.REVIEWED:
        evaluation.review_grade = data.grade
        fields.append("review_grade")
    else:
        evaluation.grade, evaluation.score, evaluation.decided_on = data.grade, total, data.acted_on
        evaluation.exceeds_quota = exceeds
        fields += ["grade", "score", "decided_on", "exceeds_quota"]
    evaluation.save(update_fields=fields)
    if data.kind == Stage.DECIDED and member is not None:
        _tell_member(evaluation, member)
    log(
        AuditAction.UPDATE,
        evaluation,
        by=actor,
        organization=where,
        data={
            "step": data.kind,
            "grade": data.grade,
            "score": str(total) if total is not None else None,
            "quota_exceeded": exceeds,
            **({"on_behalf_of": actor_name} if entered_by else {}),
        },
    )
    return evaluation


def _step_names(actor: Actor, kind: str, member: Member | None) -> tuple[str, str]:
    """The name a step is kept under and, for a member's self-assessment typed in by someone else (the
    secretary), that person's name: the self-assessment stays the member's. A system source (an import, the demo)
    records it under the member's name alone; the audit log says where it came from."""
    if kind != Stage.SELF or member is None:
        return actor_label(actor), ""
    user = actor.audit_user
    if user is None or getattr(user, "member_id", None) == member.pk:
        return member.full_name, ""
    return member.full_name, actor_label(actor)


def projected_quota(campaign: EvaluationCampaign, evaluations: list[Evaluation]) -> list[QuotaStatus]:
    """Each TCCS's quota status once the proposed grades of `evaluations` (awaiting decision) are decided."""
    out = []
    by_base: dict[int, list[Evaluation]] = {}
    for ev in evaluations:
        by_base.setdefault(ev.base_organization_id, []).append(ev)
    for group in by_base.values():
        status = quota_status(campaign, group[0].base_organization)
        for ev in group:
            status = status.after("", ev.review_grade)
        out.append(status)
    return sorted(out, key=lambda s: (not s.exceeded, s.base_organization.name))


@transaction.atomic
def decide_as_proposed(
    *,
    campaign: EvaluationCampaign,
    evaluations: list[Evaluation],
    acted_on: dt.date,
    actor: Actor,
    decision_number: str = "",
    acknowledge_quota: bool = False,
) -> int:
    """Decide several reviewed evaluations with the grades and scores the review proposed, all or none.

    Each decision is checked as if made alone (scores, order, dates, quota); one refusal refuses the whole batch.
    """
    if not evaluations:
        raise ValidationError(_("Chưa chọn đảng viên nào."))
    for ev in evaluations:
        review = ev.steps.filter(kind=Stage.REVIEWED).prefetch_related("scores").first()
        if ev.stage != Stage.REVIEWED or review is None:
            raise ValidationError(_("%(n)s chưa ở bước chờ quyết định.") % {"n": ev.subject_name})
        data = StepInput(
            kind=Stage.DECIDED,
            grade=review.grade,
            acted_on=acted_on,
            scores={s.criterion_id: s.score for s in review.scores.all()},
            tasks_done_percent=review.tasks_done_percent,
            tasks_late_percent=review.tasks_late_percent,
            tasks_above_percent=review.tasks_above_percent,
            collective_conditions_met=review.collective_conditions_met,
            comment=review.comment,
            decision_number=decision_number,
            acknowledge_quota=acknowledge_quota,
        )
        record_step(
            campaign=campaign,
            data=data,
            actor=actor,
            member=ev.member if ev.member_id else None,
            subject_organization=ev.subject_organization if ev.subject_organization_id else None,
        )
    return len(evaluations)
