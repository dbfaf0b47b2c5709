"""The member registry: QĐ 339 summary fields and the Mẫu 7-HSĐV register columns, with full history."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from vietnam_provinces import Province, Ward

from sotay.lib.dates import add_months, age_in_years

from .choices import (
    ETHNIC_GROUPS,
    ETHNICITY_NAMES,
    ExitKind,
    Gender,
    GeneralEducation,
    MemberStatus,
    PoliticalTheory,
    ProfessionalEducation,
    Religion,
    ServiceBackground,
)
from .querysets import MemberQuerySet


def _unit_name(province_code: int | None, ward_code: int | None) -> str:
    parts = []
    if ward_code:
        try:
            parts.append(Ward.from_code(ward_code).name)
        except ValueError:
            pass
    if province_code:
        try:
            parts.append(Province.from_code(province_code).name)
        except ValueError:
            pass
    return ", ".join(parts)


class Member(models.Model):
    # Identity (QĐ 339 summary; 7-HSĐV columns 2-4)
    full_name = models.CharField(_("họ và tên"), max_length=120)
    birth_name = models.CharField(_("họ tên khai sinh"), max_length=120, blank=True)
    name_folded = models.CharField(max_length=120, db_index=True, editable=False)
    name_sort_key = models.CharField(max_length=400, db_index=True, editable=False)
    birth_on = models.DateField(_("ngày sinh"))
    gender = models.CharField(_("giới tính"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("dân tộc"), max_length=2, choices=ETHNIC_GROUPS, default="01")
    religion = models.CharField(_("tôn giáo"), max_length=12, choices=Religion.choices, default=Religion.NONE)
    hometown_text = models.CharField(
        _("quê quán (theo hồ sơ)"),
        max_length=255,
        blank=True,
        help_text=_("Như ghi trong lý lịch, kể cả tên đơn vị hành chính cũ."),
    )
    hometown_province_code = models.PositiveIntegerField(_("quê quán: tỉnh"), null=True, blank=True)
    hometown_ward_code = models.PositiveIntegerField(_("quê quán: xã, phường"), null=True, blank=True)
    residence_province_code = models.PositiveIntegerField(_("nơi cư trú: tỉnh"), null=True, blank=True)
    residence_ward_code = models.PositiveIntegerField(_("nơi cư trú: xã, phường"), null=True, blank=True)
    residence_address = models.CharField(_("nơi cư trú: địa chỉ"), max_length=255, blank=True)
    # Education and work (columns 5-6, 9)
    general_education = models.CharField(
        _("giáo dục phổ thông"), max_length=16, choices=GeneralEducation.choices, blank=True
    )
    professional_education = models.CharField(
        _("chuyên môn nghiệp vụ"), max_length=12, choices=ProfessionalEducation.choices, blank=True
    )
    political_theory = models.CharField(
        _("lý luận chính trị"), max_length=12, choices=PoliticalTheory.choices, blank=True
    )
    foreign_language = models.CharField(_("ngoại ngữ"), max_length=100, blank=True)
    occupation_before = models.CharField(_("nghề nghiệp khi vào Đảng"), max_length=120, blank=True)
    occupation = models.CharField(_("nghề nghiệp hiện nay"), max_length=120, blank=True)
    service_background = models.CharField(
        _("bộ đội, công an, hưu trí"), max_length=8, choices=ServiceBackground.choices, blank=True
    )
    # Party record (columns 7-8)
    admission_decision_on = models.DateField(_("ngày quyết định kết nạp"), null=True, blank=True)
    joined_on = models.DateField(_("ngày vào Đảng"), help_text=_("Ngày lễ kết nạp."))
    official_on = models.DateField(_("ngày chính thức"), null=True, blank=True)
    card_number = models.CharField(_("số thẻ đảng viên"), max_length=20, null=True, blank=True, unique=True)
    biography_number = models.CharField(_("số lý lịch đảng viên"), max_length=20, null=True, blank=True, unique=True)
    citizen_id = models.CharField(_("số định danh cá nhân (CCCD)"), max_length=12, null=True, blank=True, unique=True)
    phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    # Where and what now
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("chi bộ đang sinh hoạt"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=MemberStatus.choices,
        default=MemberStatus.PROBATIONARY,
        db_index=True,
    )
    exit_kind = models.CharField(_("hình thức ra khỏi Đảng"), max_length=12, choices=ExitKind.choices, blank=True)
    status_changed_on = models.DateField(_("ngày đổi trạng thái"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("đảng viên")
        verbose_name_plural = _("đảng viên")
        indexes = [
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["birth_on"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def ethnicity_name(self) -> str:
        return ETHNICITY_NAMES.get(self.ethnicity, "")

    @property
    def hometown(self) -> str:
        return _unit_name(self.hometown_province_code, self.hometown_ward_code)

    @property
    def residence(self) -> str:
        unit = _unit_name(self.residence_province_code, self.residence_ward_code)
        return ", ".join(p for p in (self.residence_address, unit) if p)

    @property
    def probation_ends_on(self) -> dt.date:
        from sotay.rules.registry import rule_value

        return add_months(self.joined_on, rule_value("probation_months", self.joined_on))

    def age(self, on: dt.date | None = None) -> int:
        return age_in_years(self.birth_on, on or timezone.localdate())

    def party_age(self, on: dt.date | None = None) -> int:
        """Completed years since the admission decision (or the ceremony when the decision date is unknown)."""
        start = self.admission_decision_on or self.joined_on
        return age_in_years(start, on or timezone.localdate())

    @property
    def masked_citizen_id(self) -> str:
        return f"{self.citizen_id[:3]}******{self.citizen_id[-3:]}" if self.citizen_id else ""

    @property
    def masked_phone(self) -> str:
        return f"{self.phone[:3]}****{self.phone[-3:]}" if len(self.phone) >= 7 else self.phone


class MemberChange(models.Model):
    """One change to a member: who, when, what changed (field: [old, new]) and on which decision."""

    class Kind(models.TextChoices):
        CREATE = "CREATE", _("Tạo hồ sơ")
        UPDATE = "UPDATE", _("Sửa thông tin")
        STATUS = "STATUS", _("Đổi trạng thái")
        TRANSFER = "TRANSFER", _("Chuyển sinh hoạt")

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="changes")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    changes = models.JSONField(default=dict)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    # Where the change came from when not from a person at a form, e.g. "import:12" (an import batch).
    source = models.CharField(max_length=40, blank=True, db_index=True)
    reorganization = models.ForeignKey(
        "orgs.Reorganization", null=True, blank=True, on_delete=models.PROTECT, related_name="member_changes"
    )

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("lịch sử thay đổi")
        verbose_name_plural = _("lịch sử thay đổi")

    def __str__(self) -> str:
        return f"{self.member} — {self.get_kind_display()} ({self.at:%d/%m/%Y})"


class MemberPeriod(models.Model):
    """Where a member belonged and with which status during [valid_from, valid_to).

    Written by every service that changes a member's cell or status, so counts can be reproduced as of any date
    and the increase–decrease (tăng giảm) of a period can be read off the boundaries.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="periods")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="member_periods")
    status = models.CharField(max_length=16, choices=MemberStatus.choices)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["member_id", "valid_from", "id"]
        indexes = [
            models.Index(fields=["organization", "valid_from"]),
            models.Index(fields=["valid_from"]),
            models.Index(fields=["valid_to"]),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.status} {self.valid_from}–{self.valid_to or ''}"
