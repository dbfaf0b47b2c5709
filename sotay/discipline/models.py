"""Disciplinary decisions for a member or a Party organisation, their appeals, and the screening outcomes
(docs/discipline.md, docs/rules/discipline.md#hình-thức-kỷ-luật).

One table for both subjects, like `evaluation.Evaluation`: `member` or `subject_organization` says which. `organization`
is where the subject sat when decided (the member's cell, or the organisation itself): it scopes who sees the row.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Sanction(models.TextChoices):
    REPRIMAND = "REPRIMAND", _("Khiển trách")
    WARNING = "WARNING", _("Cảnh cáo")
    REMOVAL = "REMOVAL", _("Cách chức")
    EXPULSION = "EXPULSION", _("Khai trừ")
    DISSOLUTION = "DISSOLUTION", _("Giải tán")


MEMBER_SANCTIONS = (Sanction.REPRIMAND, Sanction.WARNING, Sanction.REMOVAL, Sanction.EXPULSION)
ORG_SANCTIONS = (Sanction.REPRIMAND, Sanction.WARNING, Sanction.DISSOLUTION)
# Lightest first: an appeal may only reduce a sanction.
SEVERITY = (Sanction.REPRIMAND, Sanction.WARNING, Sanction.REMOVAL, Sanction.EXPULSION, Sanction.DISSOLUTION)


class AppealOutcome(models.TextChoices):
    PENDING = "PENDING", _("Đang giải quyết")
    UPHELD = "UPHELD", _("Giữ nguyên hình thức kỷ luật")
    REDUCED = "REDUCED", _("Giảm hình thức kỷ luật")
    ANNULLED = "ANNULLED", _("Xóa bỏ quyết định kỷ luật")


class DisciplineQuerySet(models.QuerySet):
    def in_force(self):
        """Decisions not annulled on appeal."""
        return self.exclude(annulled=True)


class Discipline(models.Model):
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="disciplines"
    )
    subject_organization = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="disciplines_of"
    )
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="disciplines")
    kind = models.CharField(_("hình thức kỷ luật"), max_length=12, choices=Sanction.choices)
    violation = models.TextField(_("nội dung vi phạm"))
    deciding_body = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("tổ chức quyết định"),
        on_delete=models.PROTECT,
        related_name="disciplines_decided",
    )
    decision_number = models.CharField(_("số quyết định"), max_length=100)
    decided_on = models.DateField(_("ngày quyết định"), db_index=True)
    effective_on = models.DateField(_("ngày có hiệu lực"))
    # An appeal that annuls the decision, or reduces it (the reduced sanction replaces `kind`; the first is kept).
    original_kind = models.CharField(_("hình thức ban đầu"), max_length=12, choices=Sanction.choices, blank=True)
    annulled = models.BooleanField(_("đã xóa bỏ"), default=False)
    # The deciding committee may allow a grade above KHTNV in the year of the decision (audited, with a reason).
    grade_override_reason = models.TextField(_("lý do cho xếp loại cao hơn KHTNV"), blank=True)
    grade_override_on = models.DateField(_("ngày cho phép"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DisciplineQuerySet.as_manager()

    class Meta:
        verbose_name = _("quyết định kỷ luật")
        verbose_name_plural = _("quyết định kỷ luật")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(member__isnull=True) ^ models.Q(subject_organization__isnull=True),
                name="discipline_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.subject_name} ({self.decision_number})"

    @property
    def subject_name(self) -> str:
        if self.member is not None:
            return self.member.full_name
        return self.subject_organization.name if self.subject_organization is not None else ""

    @property
    def year(self) -> int:
        return self.decided_on.year

    def decided_in(self, year: int) -> bool:
        return self.decided_on.year == year and not self.annulled


class Appeal(models.Model):
    discipline = models.ForeignKey(Discipline, on_delete=models.CASCADE, related_name="appeals")
    filed_on = models.DateField(_("ngày khiếu nại"))
    content = models.TextField(_("nội dung khiếu nại"), blank=True)
    outcome = models.CharField(
        _("kết quả"), max_length=10, choices=AppealOutcome.choices, default=AppealOutcome.PENDING
    )
    reduced_to = models.CharField(_("giảm còn"), max_length=12, choices=Sanction.choices, blank=True)
    resolved_by = models.CharField(_("cơ quan giải quyết"), max_length=200, blank=True)
    resolved_on = models.DateField(_("ngày giải quyết"), null=True, blank=True)
    resolution_number = models.CharField(_("số quyết định giải quyết"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("khiếu nại kỷ luật")
        verbose_name_plural = _("khiếu nại kỷ luật")
        ordering = ["filed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.discipline.decision_number}: {self.get_outcome_display()}"

    @property
    def organization(self):
        return self.discipline.organization


class ScreeningOutcome(models.TextChoices):
    KEPT = "KEPT", _("Giữ lại, tiếp tục giáo dục")
    STRUCK_OFF = "STRUCK_OFF", _("Xóa tên")
    EXPELLED = "EXPELLED", _("Khai trừ")
    ADVISED_TO_LEAVE = "ADVISED", _("Khuyên ra khỏi Đảng")


class ScreeningDecision(models.Model):
    """What the committee decided about one member flagged in the screening (sàng lọc) of a year."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="screenings")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="screenings")
    year = models.PositiveSmallIntegerField(_("năm"))
    grounds = models.JSONField(_("căn cứ"), default=list)
    outcome = models.CharField(_("kết quả xử lý"), max_length=10, choices=ScreeningOutcome.choices)
    decided_on = models.DateField(_("ngày"))
    decision_number = models.CharField(_("số quyết định, nghị quyết"), max_length=100, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kết quả sàng lọc")
        verbose_name_plural = _("kết quả sàng lọc")
        ordering = ["-year", "pk"]
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="unique_screening_per_year")]

    def __str__(self) -> str:
        return f"{self.member.full_name} {self.year}: {self.get_outcome_display()}"


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
