"""Criteria as data (docs/rules/evaluation.md#thang-điểm-và-mức-xếp-loại,
docs/rules/evaluation.md#tỷ-lệ-hoàn-thành-xuất-sắc): criteria sets with an effective date, their criteria and maximum
scores, the grade bands with their extra conditions, and the HTXSNV quota."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from sotay.core.models import SeededRow

from ..grading import Band


class Grade(models.TextChoices):
    """Values are the official codes (docs/glossary.md, Evaluation)."""

    EXCELLENT = "HTXSNV", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "HTTNV", _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = "HTNV", _("Hoàn thành nhiệm vụ")
    NOT_COMPLETED = "KHTNV", _("Không hoàn thành nhiệm vụ")


class Subject(models.TextChoices):
    MEMBER = "MEMBER", _("Đảng viên")
    ORGANIZATION = "ORGANIZATION", _("Tổ chức đảng")


class CriteriaSetQuerySet(models.QuerySet["CriteriaSet"]):
    def in_force(self, subject: str, on: dt.date) -> CriteriaSet | None:
        """The set for `subject` whose effective date is the latest on or before `on`."""
        return self.filter(subject=subject, effective_from__lte=on).order_by("-effective_from").first()


class CriteriaSet(SeededRow):
    code = models.CharField(_("mã"), max_length=40, unique=True)
    title = models.CharField(_("tên"), max_length=255)
    document_reference = models.CharField(_("văn bản quy định"), max_length=80)
    subject = models.CharField(_("đối tượng"), max_length=16, choices=Subject.choices)
    effective_from = models.DateField(
        _("áp dụng cho kỳ đánh giá kết thúc từ"),
        help_text=_("Đợt đánh giá dùng bộ tiêu chí có ngày này muộn nhất, không sau ngày cuối của kỳ đánh giá."),
    )
    scored = models.BooleanField(
        _("chấm điểm"),
        default=True,
        help_text=_("Bộ tiêu chí theo thang điểm 100; bỏ chọn cho bộ tiêu chí cũ xếp loại không chấm điểm."),
    )
    needs_verification = models.BooleanField(_("cần đối chiếu văn bản"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = CriteriaSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("bộ tiêu chí đánh giá")
        verbose_name_plural = _("bộ tiêu chí đánh giá")
        ordering = ["subject", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "effective_from"], name="unique_criteria_set_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.document_reference})"

    def bands(self) -> list[Band]:
        return [band.as_band() for band in self.grade_bands.all()]

    @property
    def max_total(self) -> Decimal:
        return sum((c.max_score or Decimal(0) for c in self.criteria.all()), Decimal(0))


class Criterion(SeededRow):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.CharField(_("tiêu chí"), max_length=255)
    max_score = models.DecimalField(_("điểm tối đa"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["criteria_set", "order"]

    def __str__(self) -> str:
        return self.title


class GradeBand(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="grade_bands")
    grade = models.CharField(_("xếp loại"), max_length=6, choices=Grade.choices)
    min_score = models.DecimalField(_("điểm từ"), max_digits=5, decimal_places=2)
    min_tasks_done_percent = models.DecimalField(
        _("tỷ lệ nhiệm vụ hoàn thành tối thiểu (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    max_tasks_late_percent = models.DecimalField(
        _("tỷ lệ nhiệm vụ chậm tiến độ tối đa (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    min_tasks_above_percent = models.DecimalField(
        _("tỷ lệ nhiệm vụ vượt yêu cầu tối thiểu (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    needs_collective_conditions = models.BooleanField(_("điều kiện đối với tập thể"), default=False)
    clause = models.CharField(_("điều khoản"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("mức xếp loại")
        verbose_name_plural = _("mức xếp loại")
        constraints = [models.UniqueConstraint(fields=["criteria_set", "grade"], name="unique_grade_band")]

    def __str__(self) -> str:
        return f"{self.grade} ≥ {self.min_score}"

    def as_band(self) -> Band:
        return Band(
            grade=self.grade,
            min_score=self.min_score,
            min_tasks_done_percent=self.min_tasks_done_percent,
            max_tasks_late_percent=self.max_tasks_late_percent,
            min_tasks_above_percent=self.min_tasks_above_percent,
            needs_collective_conditions=self.needs_collective_conditions,
        )


class QuotaMode(models.TextChoices):
    WARN = "WARN", _("Cảnh báo")
    BLOCK = "BLOCK", _("Không cho vượt")


class GradeQuota(models.Model):
    """HTXSNV at most `max_percent`% of those rated HTTNV within each TCCS
    (docs/rules/evaluation.md#tỷ-lệ-hoàn-thành-xuất-sắc; unconfirmed under 366)."""

    effective_from = models.DateField(_("hiệu lực từ"), unique=True)
    max_percent = models.DecimalField(_("tỷ lệ tối đa (phần trăm số HTTNV)"), max_digits=5, decimal_places=2)
    mode = models.CharField(_("khi vượt"), max_length=8, choices=QuotaMode.choices, default=QuotaMode.WARN)
    document_reference = models.CharField(_("văn bản"), max_length=80)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("tỷ lệ tối đa xếp loại HTXSNV")
        verbose_name_plural = _("tỷ lệ tối đa xếp loại HTXSNV")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"HTXSNV ≤ {self.max_percent}% HTTNV ({self.document_reference})"

    @classmethod
    def in_force(cls, on: dt.date) -> GradeQuota | None:
        return cls.objects.filter(effective_from__lte=on).order_by("-effective_from").first()
