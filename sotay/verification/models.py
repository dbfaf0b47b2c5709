"""Verification of political standards (thẩm tra, xác minh tiêu chuẩn chính trị): a case per person and purpose,
the letters sent to the places to verify with their replies, and the conclusion of the deciding committee.

These are the most sensitive records in the system: only the verifying committee and Ban Tổ chức see them
(sotay/verification/access.py), and every read is audited."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    ADMISSION = "ADMISSION", _("Kết nạp đảng viên")
    APPOINTMENT = "APPOINTMENT", _("Bổ nhiệm, giới thiệu ứng cử")
    PLANNING = "PLANNING", _("Quy hoạch cán bộ")


class Conclusion(models.TextChoices):
    MEETS = "MEETS", _("Đủ tiêu chuẩn chính trị")
    NOT_MEETS = "NOT_MEETS", _("Không đủ tiêu chuẩn chính trị")
    CONDITIONAL = "CONDITIONAL", _("Đủ tiêu chuẩn có điều kiện")


class VerificationCase(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("cấp ủy thẩm tra"),
        on_delete=models.PROTECT,
        related_name="verification_cases",
    )
    purpose = models.CharField(_("mục đích"), max_length=12, choices=Purpose.choices)
    full_name = models.CharField(_("họ và tên"), max_length=120)
    birth_on = models.DateField(_("ngày sinh"))
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="verification_cases"
    )
    admission_case = models.OneToOneField(
        "admissions.AdmissionCase", null=True, blank=True, on_delete=models.PROTECT, related_name="verification"
    )
    declaration_received_on = models.DateField(_("ngày nhận lý lịch"))
    conclusion = models.CharField(_("kết luận"), max_length=12, choices=Conclusion.choices, blank=True)
    conclusion_note = models.TextField(_("nội dung kết luận"), blank=True)
    deciding_body = models.CharField(_("cấp ủy kết luận"), max_length=200, blank=True)
    concluded_on = models.DateField(_("ngày kết luận"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hồ sơ thẩm tra chính trị")
        verbose_name_plural = _("hồ sơ thẩm tra chính trị")
        ordering = ["-declaration_received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.full_name} — {self.get_purpose_display()}"

    @property
    def is_concluded(self) -> bool:
        return bool(self.conclusion)


class Letter(models.Model):
    """A letter asking a place to verify (công văn đề nghị thẩm tra), and its reply."""

    class Place(models.TextChoices):
        HOMETOWN = "HOMETOWN", _("Quê quán")
        RESIDENCE = "RESIDENCE", _("Nơi cư trú")
        WORKPLACE = "WORKPLACE", _("Nơi công tác")
        RELATIVE = "RELATIVE", _("Nơi cư trú của người thân")

    class Result(models.TextChoices):
        CLEAR = "CLEAR", _("Không có vấn đề về chính trị")
        ISSUES = "ISSUES", _("Có vấn đề cần xem xét")

    case = models.ForeignKey(VerificationCase, on_delete=models.CASCADE, related_name="letters")
    place = models.CharField(_("nơi thẩm tra"), max_length=10, choices=Place.choices)
    addressee = models.CharField(_("gửi đến"), max_length=255)
    about = models.CharField(_("người được hỏi (quan hệ)"), max_length=200, blank=True)
    number = models.CharField(_("số công văn"), max_length=60, blank=True)
    sent_on = models.DateField(_("ngày gửi"))
    due_on = models.DateField(_("hạn trả lời"), editable=False)
    reply_on = models.DateField(_("ngày nhận trả lời"), null=True, blank=True)
    reply_result = models.CharField(_("kết quả"), max_length=8, choices=Result.choices, blank=True)
    reply_summary = models.TextField(_("nội dung trả lời"), blank=True)
    reminded_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_place_display()}: {self.addressee}"

    @property
    def organization(self):
        return self.case.organization

    def is_overdue(self, on) -> bool:
        return self.reply_on is None and self.due_on < on
