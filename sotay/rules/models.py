"""Regulation-versioned parameters: a value, the document that sets it, and the day it takes effect."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sotay.core.models import SeededRow
from sotay.lib.workdays import Adjustment, DayKind, Holiday


class Rule(SeededRow):
    key = models.CharField(_("tham số"), max_length=80, db_index=True)
    value = models.JSONField(_("giá trị"))
    document_reference = models.CharField(_("văn bản quy định"), max_length=80)
    clause = models.CharField(_("điều khoản"), max_length=120, blank=True)
    effective_from = models.DateField(_("hiệu lực từ"))
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("quy định")
        verbose_name_plural = _("quy định")
        ordering = ["key", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["key", "effective_from"], name="unique_rule_version")]

    def __str__(self) -> str:
        return f"{self.key} = {self.value} ({self.document_reference}, {self.effective_from:%d/%m/%Y})"


class CalendarDay(SeededRow):
    """One day of a year's announced holiday schedule (sotay.lib.workdays adds the statutory defaults)."""

    class Kind(models.TextChoices):
        DAY_OFF = "DAY_OFF", _("ngày nghỉ")
        WORKING_DAY = "WORKING_DAY", _("ngày làm việc (làm bù)")

    day = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=200)
    holiday = models.CharField(
        _("ngày lễ chính thức của"),
        max_length=16,
        choices=[(holiday.value, holiday.label) for holiday in Holiday],
        blank=True,
        help_text=_(
            "Chỉ ghi khi ngày này là một ngày nghỉ chính thức của ngày lễ (Tết Âm lịch, Quốc khánh do Thủ tướng quyết "
            "định hằng năm): các ngày tính sẵn của ngày lễ đó trong năm được thay bằng các ngày nhập ở đây, "
            "nên phải nhập đủ mọi ngày của lịch nghỉ đã công bố."
        ),
    )
    source_document = models.CharField(_("văn bản"), max_length=200)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("lịch ngày nghỉ, ngày làm bù")
        ordering = ["day"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(holiday="") | models.Q(kind="DAY_OFF"),
                name="calendar_day_holiday_is_day_off",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.get_kind_display()}: {self.name}"

    def as_adjustment(self) -> Adjustment:
        return Adjustment(
            day=self.day,
            kind=DayKind(self.kind),
            name=self.name,
            holiday=Holiday(self.holiday) if self.holiday else None,
            source_document=self.source_document,
        )
