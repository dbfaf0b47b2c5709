"""Evaluation campaigns and their evaluations (docs/rules/evaluation.md#quy-trình-đánh-giá): self-assessment → review →
decision, each step kept."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..grading import Facts
from .criteria import CriteriaSet, Grade, QuotaMode, Subject


class Period(models.TextChoices):
    YEAR = "YEAR", _("Năm")
    QUARTER = "QUARTER", _("Quý")
    TERM = "TERM", _("Nhiệm kỳ")


class EvaluationCampaign(models.Model):
    """An evaluation round opened by a committee for its subtree (members and Party organisations)."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("cấp ủy tổ chức"), on_delete=models.PROTECT, related_name="campaigns"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    period = models.CharField(_("kỳ đánh giá"), max_length=8, choices=Period.choices, default=Period.YEAR)
    quarter = models.PositiveSmallIntegerField(_("quý"), null=True, blank=True)
    title = models.CharField(_("tên đợt"), max_length=255)
    opened_on = models.DateField(_("ngày mở"))
    due_on = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    member_criteria = models.ForeignKey(
        CriteriaSet, verbose_name=_("tiêu chí đảng viên"), on_delete=models.PROTECT, related_name="+"
    )
    org_criteria = models.ForeignKey(
        CriteriaSet, verbose_name=_("tiêu chí tổ chức đảng"), on_delete=models.PROTECT, related_name="+"
    )
    quota_percent = models.DecimalField(
        _("HTXSNV tối đa (phần trăm số HTTNV trong mỗi TCCS)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    quota_mode = models.CharField(_("khi vượt tỷ lệ"), max_length=8, choices=QuotaMode.choices, default=QuotaMode.WARN)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("đợt đánh giá, xếp loại")
        verbose_name_plural = _("đợt đánh giá, xếp loại")
        ordering = ["-year", "-quarter", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def period_end(self) -> dt.date:
        if self.period == Period.QUARTER and self.quarter:
            month = self.quarter * 3
            return (
                dt.date(self.year, month % 12 + 1, 1) if month < 12 else dt.date(self.year + 1, 1, 1)
            ) - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def period_label(self) -> str:
        if self.period == Period.QUARTER:
            return _("Quý %(q)s/%(y)s") % {"q": self.quarter, "y": self.year}
        if self.period == Period.TERM:
            return _("Nhiệm kỳ đến %(y)s") % {"y": self.year}
        return _("Năm %(y)s") % {"y": self.year}

    def pending_evaluations(self, org=None):
        """Members of the campaign (in `org`'s subtree) without a decided grade: the "chưa đánh giá" list."""
        from ..selectors import pending_members

        return pending_members(self, org or self.organization)

    def criteria_for(self, subject: str) -> CriteriaSet:
        return self.member_criteria if subject == Subject.MEMBER else self.org_criteria


class Stage(models.TextChoices):
    SELF = "SELF", _("Đã tự đánh giá")
    REVIEWED = "REVIEWED", _("Đã nhận xét, đề xuất")
    DECIDED = "DECIDED", _("Đã quyết định xếp loại")


STAGE_ORDER: list[str] = [Stage.SELF, Stage.REVIEWED, Stage.DECIDED]


class EvaluationQuerySet(models.QuerySet):
    def of_members(self):
        return self.filter(member__isnull=False)

    def of_organizations(self):
        return self.filter(subject_organization__isnull=False)

    def decided(self):
        return self.filter(stage=Stage.DECIDED)


class Evaluation(models.Model):
    """One member's (or one Party organisation's) evaluation in a campaign.

    One table for both subjects (member and organisation, docs/glossary.md): the flow, the steps, the scores and
    the roll-ups are the same; `member` or `subject_organization` says which.
    """

    campaign = models.ForeignKey(EvaluationCampaign, on_delete=models.PROTECT, related_name="evaluations")
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="evaluations"
    )
    subject_organization = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="evaluations_of"
    )
    # Where the subject sat when evaluated: the member's cell, or the organisation itself; and its TCCS (quota).
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="evaluations")
    base_organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("bước"), max_length=10, choices=Stage.choices, default=Stage.SELF)
    self_grade = models.CharField(_("tự xếp loại"), max_length=6, choices=Grade.choices, blank=True)
    review_grade = models.CharField(_("đề xuất xếp loại"), max_length=6, choices=Grade.choices, blank=True)
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("xếp loại"), max_length=6, choices=Grade.choices, blank=True, db_index=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    exceeds_quota = models.BooleanField(_("vượt tỷ lệ HTXSNV khi quyết định"), default=False)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("đánh giá, xếp loại")
        verbose_name_plural = _("đánh giá, xếp loại")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "member"], name="unique_member_evaluation"),
            models.UniqueConstraint(fields=["campaign", "subject_organization"], name="unique_org_evaluation"),
            models.CheckConstraint(
                condition=models.Q(member__isnull=True) ^ models.Q(subject_organization__isnull=True),
                name="evaluation_one_subject",
            ),
        ]
        indexes = [models.Index(fields=["campaign", "stage"])]

    def __str__(self) -> str:
        return f"{self.subject_name} — {self.campaign}"

    @property
    def subject(self) -> str:
        return Subject.MEMBER if self.member_id else Subject.ORGANIZATION

    @property
    def subject_name(self) -> str:
        if self.member is not None:
            return self.member.full_name
        assert self.subject_organization is not None  # an evaluation has exactly one subject
        return self.subject_organization.name

    def step(self, kind: str) -> EvaluationStep | None:
        return next((s for s in self.steps.all() if s.kind == kind), None)


class EvaluationStep(models.Model):
    """A dated step with its actor, scores, conditions, proposed (or decided) grade and comment."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("bước"), max_length=10, choices=Stage.choices)
    acted_on = models.DateField(_("ngày"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Whose step it is: for a member's self-assessment the member, even when someone else typed it in.
    actor_name = models.CharField(_("người thực hiện"), max_length=150)
    # Who typed a member's self-assessment in for them (the secretary), blank when the member did; `actor` is the
    # account that entered the step either way.
    entered_by_name = models.CharField(_("người nhập hộ"), max_length=150, blank=True)
    score = models.DecimalField(_("tổng điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    tasks_done_percent = models.DecimalField(_("nhiệm vụ hoàn thành (%)"), max_digits=5, decimal_places=2, default=100)
    tasks_late_percent = models.DecimalField(_("nhiệm vụ chậm tiến độ (%)"), max_digits=5, decimal_places=2, default=0)
    tasks_above_percent = models.DecimalField(_("nhiệm vụ vượt yêu cầu (%)"), max_digits=5, decimal_places=2, default=0)
    collective_conditions_met = models.BooleanField(_("đạt điều kiện đối với tập thể"), default=True)
    grade = models.CharField(_("xếp loại"), max_length=6, choices=Grade.choices)
    computed_grade = models.CharField(_("xếp loại theo điểm"), max_length=6, choices=Grade.choices, blank=True)
    comment = models.TextField(_("nhận xét"), blank=True)
    decision_number = models.CharField(_("số quyết định, thông báo"), max_length=60, blank=True)
    quota_acknowledged = models.BooleanField(_("đã biết vượt tỷ lệ"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bước đánh giá")
        verbose_name_plural = _("bước đánh giá")
        ordering = ["evaluation", "created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "kind"], name="unique_evaluation_step")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.acted_on:%d/%m/%Y}: {self.grade}"

    @property
    def by_line(self) -> str:
        """Who did the step, as shown: "Nguyễn Văn Ấn (Trần Thị Bình nhập hộ)" for a self-assessment entered on
        the member's behalf."""
        if self.entered_by_name:
            return gettext("%(member)s (%(secretary)s nhập hộ)") % {
                "member": self.actor_name,
                "secretary": self.entered_by_name,
            }
        return self.actor_name

    def facts(self) -> Facts:
        return Facts(
            score=self.score or Decimal(0),
            tasks_done_percent=self.tasks_done_percent,
            tasks_late_percent=self.tasks_late_percent,
            tasks_above_percent=self.tasks_above_percent,
            collective_conditions_met=self.collective_conditions_met,
        )


class CriterionScore(models.Model):
    """A criterion's score in one step."""

    step = models.ForeignKey(EvaluationStep, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey("evaluation.Criterion", on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["step", "criterion"], name="unique_criterion_score")]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"
