"""Inspection and supervision (kiểm tra, giám sát; docs/discipline.md#kiểm-tra-giám-sát): a plan per committee and
year, its inspections and thematic supervisions (decision, team, conclusion) and their recommendations, tracked to
completion like the meeting tasks. `organization` on every row is the committee whose plan it is: it scopes access.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _


class Body(models.TextChoices):
    COMMITTEE = "COMMITTEE", _("Cấp ủy")
    UBKT = "UBKT", _("Ủy ban kiểm tra")


class Kind(models.TextChoices):
    INSPECTION = "INSPECTION", _("Kiểm tra")
    SUPERVISION = "SUPERVISION", _("Giám sát chuyên đề")


class Status(models.TextChoices):
    PLANNED = "PLANNED", _("Theo kế hoạch")
    DECIDED = "DECIDED", _("Đã có quyết định, đang tiến hành")
    CONCLUDED = "CONCLUDED", _("Đã kết luận")
    CANCELLED = "CANCELLED", _("Không thực hiện")


class Result(models.TextChoices):
    """The result of an inspection (kết luận) or, lighter, of a supervision (thông báo kết quả giám sát)."""

    GOOD = "GOOD", _("Thực hiện tốt")
    SHORTCOMINGS = "SHORTCOMINGS", _("Có hạn chế, khuyết điểm cần khắc phục")
    VIOLATIONS = "VIOLATIONS", _("Có vi phạm (đề nghị xem xét kỷ luật)")
    ALERT = "ALERT", _("Cảnh báo")


INSPECTION_RESULTS = (Result.GOOD, Result.SHORTCOMINGS, Result.VIOLATIONS)
SUPERVISION_RESULTS = (Result.GOOD, Result.SHORTCOMINGS, Result.ALERT)


class Plan(models.Model):
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="inspection_plans")
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    decision_number = models.CharField(_("số kế hoạch, quyết định"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kế hoạch kiểm tra, giám sát")
        verbose_name_plural = _("kế hoạch kiểm tra, giám sát")
        ordering = ["-year", "pk"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="unique_inspection_plan_year")]

    def __str__(self) -> str:
        return self.title


class Inspection(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="inspections")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="inspections")
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    body = models.CharField(_("cơ quan chủ trì"), max_length=10, choices=Body.choices)
    subject_organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("tổ chức được kiểm tra, giám sát"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspected",
    )
    subject_member = models.ForeignKey(
        "members.Member",
        verbose_name=_("đảng viên được kiểm tra, giám sát"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    content = models.TextField(_("nội dung"))
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    status = models.CharField(_("tình trạng"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True)
    decision_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    team = models.TextField(_("đoàn, tổ kiểm tra, giám sát"), blank=True)
    concluded_on = models.DateField(_("ngày kết luận"), null=True, blank=True)
    conclusion_number = models.CharField(_("số kết luận, thông báo"), max_length=100, blank=True)
    result = models.CharField(_("kết quả"), max_length=12, choices=Result.choices, blank=True)
    findings = models.TextField(_("kết luận, nhận xét"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cuộc kiểm tra, giám sát")
        verbose_name_plural = _("cuộc kiểm tra, giám sát")
        ordering = ["period_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(subject_organization__isnull=True) ^ models.Q(subject_member__isnull=True),
                name="inspection_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject_name}"

    @property
    def subject_name(self) -> str:
        if self.subject_member is not None:
            return self.subject_member.full_name
        return self.subject_organization.name if self.subject_organization is not None else ""

    @property
    def is_done(self) -> bool:
        return self.status == Status.CONCLUDED


class Recommendation(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="recommendations")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("kiến nghị, yêu cầu khắc phục"))
    addressee = models.CharField(_("tổ chức, cá nhân thực hiện"), max_length=300)
    due_on = models.DateField(_("hạn hoàn thành"))
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    done_note = models.CharField(_("kết quả thực hiện"), max_length=500, blank=True)
    reminded_on = models.DateField(null=True, blank=True, editable=False)  # the one reminder (reminders.py)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kiến nghị sau kiểm tra, giám sát")
        verbose_name_plural = _("kiến nghị sau kiểm tra, giám sát")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def is_overdue(self, on: dt.date) -> bool:
        return self.done_on is None and self.due_on < on
