"""Admission of new members (docs/rules/admission.md): the case, its recorded steps and its sponsors."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sotay.core.uploads import PrivateStorage
from sotay.members.choices import ETHNIC_GROUPS, Gender, GeneralEducation, Religion

from . import steps


class Stage(models.TextChoices):
    """In the order a case moves through them; the last three end the case."""

    PROSPECT = "PROSPECT", _("Quần chúng ưu tú")
    COURSE_DONE = "COURSE_DONE", _("Đã học lớp nhận thức về Đảng")
    APPLIED = "APPLIED", _("Đã có đơn xin vào Đảng")
    VERIFIED = "VERIFIED", _("Đã thẩm tra lý lịch")
    CELL_RESOLVED = "CELL_RESOLVED", _("Chi bộ đã đề nghị kết nạp")
    COMMITTEE_RESOLVED = "COMMITTEE_RESOLVED", _("Đảng ủy cơ sở đã đề nghị")
    DECIDED = "DECIDED", _("Đã có quyết định kết nạp")
    ADMITTED = "ADMITTED", _("Đã kết nạp")
    REJECTED = "REJECTED", _("Không kết nạp")
    ESCALATED = "ESCALATED", _("Chuyển cấp ủy cấp trên xem xét")


STAGE_ORDER = list(Stage.values)
CLOSED_STAGES = frozenset({Stage.ADMITTED, Stage.REJECTED, Stage.ESCALATED})


class AdmissionCase(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("chi bộ"), on_delete=models.PROTECT, related_name="admission_cases"
    )
    # Identity: the same names as on Member, copied to it at the ceremony.
    full_name = models.CharField(_("họ và tên"), max_length=120)
    birth_on = models.DateField(_("ngày sinh"))
    gender = models.CharField(_("giới tính"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("dân tộc"), max_length=2, choices=ETHNIC_GROUPS, default="01")
    religion = models.CharField(_("tôn giáo"), max_length=12, choices=Religion.choices, default=Religion.NONE)
    citizen_id = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True)
    hometown_text = models.CharField(_("quê quán"), max_length=255, blank=True)
    residence_address = models.CharField(_("nơi cư trú: địa chỉ"), max_length=255, blank=True)
    general_education = models.CharField(
        _("giáo dục phổ thông"), max_length=16, choices=GeneralEducation.choices, blank=True
    )
    occupation = models.CharField(_("nghề nghiệp"), max_length=120, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=15, blank=True)
    # Progress
    stage = models.CharField(_("giai đoạn"), max_length=20, choices=Stage.choices, default=Stage.PROSPECT)
    is_readmission = models.BooleanField(_("kết nạp lại"), default=False)
    over_60_approval = models.CharField(
        _("văn bản đồng ý kết nạp người trên 60 tuổi"),
        max_length=200,
        blank=True,
        help_text=_("Số, ngày văn bản của Ban Thường vụ cấp ủy trực thuộc Trung ương."),
    )
    late_ceremony_consent = models.CharField(
        _("văn bản đồng ý tổ chức lễ kết nạp quá hạn"),
        max_length=200,
        blank=True,
        help_text=_(
            "Cấp ủy cấp trên trực tiếp đồng ý khi lễ kết nạp quá 30 ngày làm việc kể từ ngày chi bộ nhận quyết định."
        ),
    )
    # The ceremony is due 30 working days after the cell *receives* the 9-KNĐ, which can be later than its signing.
    decision_received_on = models.DateField(
        _("ngày chi bộ nhận quyết định kết nạp"),
        null=True,
        blank=True,
        help_text=_("Mặc định là ngày ký quyết định (9-KNĐ)."),
    )
    decision_due_on = models.DateField(_("hạn ra quyết định kết nạp"), null=True, blank=True)
    ceremony_due_on = models.DateField(_("hạn tổ chức lễ kết nạp"), null=True, blank=True)
    # The member record the ceremony created or, for a re-admission, reopened. A re-admitted member has two cases
    # (the first admission and the re-admission), hence a ForeignKey.
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("đảng viên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="admission_cases",
    )
    # Kết nạp lại (294-QĐ/TW §3.5.1): the record of the person who left, reused at the ceremony.
    former_member = models.ForeignKey(
        "members.Member",
        verbose_name=_("hồ sơ đảng viên trước khi ra khỏi Đảng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="readmission_cases",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("hồ sơ kết nạp")
        verbose_name_plural = _("hồ sơ kết nạp")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_stage_display()})"

    @property
    def is_closed(self) -> bool:
        return self.stage in CLOSED_STAGES

    def next_due_on(self) -> dt.date | None:
        """The limit the case is waiting on: the 9-KNĐ after the cell's resolution, then the ceremony."""
        if self.stage in (Stage.CELL_RESOLVED, Stage.COMMITTEE_RESOLVED):
            return self.decision_due_on
        if self.stage == Stage.DECIDED:
            return self.ceremony_due_on
        return None

    def is_overdue(self, today: dt.date | None = None) -> bool:
        due = self.next_due_on()
        return due is not None and due < (today or timezone.localdate())


class AdmissionStep(models.Model):
    case = models.ForeignKey(AdmissionCase, on_delete=models.CASCADE, related_name="steps")
    form_code = models.CharField(_("mẫu"), max_length=16, help_text=_("Mã mẫu theo Hướng dẫn 12-HD/BTCTW."))
    done_on = models.DateField(_("ngày"))
    document_number = models.CharField(_("số văn bản"), max_length=60, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    votes_for = models.PositiveIntegerField(_("số tán thành"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("số không tán thành"), null=True, blank=True)
    votes_total = models.PositiveIntegerField(
        _("tổng số biểu quyết"),
        null=True,
        blank=True,
        help_text=_("Chi bộ: tổng số đảng viên chính thức; đảng ủy: tổng số cấp ủy viên."),
    )
    approved = models.BooleanField(_("được thông qua"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bước kết nạp")
        verbose_name_plural = _("các bước kết nạp")
        ordering = ["done_on", "pk"]

    def __str__(self) -> str:
        return f"{self.form_code} {self.done_on:%d/%m/%Y}"

    @property
    def label(self) -> str:
        spec = steps.SPECS.get(self.form_code)
        return str(spec.label) if spec else self.form_code

    @property
    def counts(self) -> bool:
        """A failed vote is kept as history but does not satisfy later steps."""
        return self.approved is not False


class Sponsorship(models.Model):
    class Role(models.TextChoices):
        SPONSOR = "SPONSOR", _("Người giới thiệu")
        MENTOR = "MENTOR", _("Đảng viên giúp đỡ")

    case = models.ForeignKey(AdmissionCase, on_delete=models.CASCADE, related_name="sponsorships")
    sponsor = models.ForeignKey(
        "members.Member", verbose_name=_("đảng viên"), on_delete=models.PROTECT, related_name="sponsorships"
    )
    role = models.CharField(_("vai trò"), max_length=8, choices=Role.choices)
    known_since = models.DateField(_("cùng công tác, sinh sống từ"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("người giới thiệu, giúp đỡ")
        verbose_name_plural = _("người giới thiệu, giúp đỡ")
        constraints = [models.UniqueConstraint(fields=["case", "sponsor", "role"], name="admissions_sponsor_once")]

    def __str__(self) -> str:
        return f"{self.sponsor} ({self.get_role_display()})"


class DevelopmentTarget(models.Model):
    """How many new members an organisation's subtree should admit in a year (NQ 21-NQ/TW;
    docs/rules/admission.md#chỉ-tiêu-phát-triển-đảng-viên).

    Set by the committee directly above and distributed down: the province sets each commune's figure, the commune
    each cell's. No national percentage lives in code.
    """

    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("tổ chức đảng"),
        on_delete=models.PROTECT,
        related_name="development_targets",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    target = models.PositiveIntegerField(_("chỉ tiêu kết nạp"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    set_at = models.DateTimeField(_("giao lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("chỉ tiêu kết nạp đảng viên")
        verbose_name_plural = _("chỉ tiêu kết nạp đảng viên")
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="one_target_per_org_year")]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}: {self.target}"


class ReminderSent(models.Model):
    """One deadline reminder already sent (key = what, which object, which deadline, soon/overdue): never twice."""

    key = models.CharField(max_length=120, unique=True)
    sent_on = models.DateField()

    def __str__(self) -> str:
        return self.key


def _step_file_path(instance: StepAttachment, filename: str) -> str:
    return f"{instance.step.case_id}/{filename}"


class StepAttachment(models.Model):
    """A scan or file of a step's paper (the signed resolution, the certificate…), kept in private storage."""

    step = models.ForeignKey(AdmissionStep, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=_step_file_path, storage=PrivateStorage("admissions"), max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tệp đính kèm bước kết nạp")
        verbose_name_plural = _("tệp đính kèm bước kết nạp")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class RecognitionStage(models.TextChoices):
    """Công nhận đảng viên chính thức (docs/rules/admission.md#công-nhận-đảng-viên-chính-thức), in order."""

    OPEN = "OPEN", _("Chờ chi bộ xét")
    CELL_RESOLVED = "CELL_RESOLVED", _("Chi bộ đề nghị công nhận")
    COMMITTEE_RESOLVED = "COMMITTEE_RESOLVED", _("Đảng ủy cơ sở đề nghị công nhận")
    REMOVAL_PROPOSED = "REMOVAL_PROPOSED", _("Đề nghị xóa tên khỏi danh sách đảng viên dự bị")
    RECOGNISED = "RECOGNISED", _("Đã công nhận đảng viên chính thức")
    STRUCK_OFF = "STRUCK_OFF", _("Đã xóa tên")
    ENDED = "ENDED", _("Kết thúc (đảng viên chuyển đi, từ trần hoặc ra khỏi Đảng)")


RECOGNITION_CLOSED = frozenset({RecognitionStage.RECOGNISED, RecognitionStage.STRUCK_OFF, RecognitionStage.ENDED})


class RecognitionCase(models.Model):
    """The recognition of one probationary member as official: the cell's review (10–13-KNĐ), the grassroots
    committee's resolution (15-KNĐ) where there is one, and the competent committee's decision."""

    member = models.ForeignKey(
        "members.Member", verbose_name=_("đảng viên"), on_delete=models.PROTECT, related_name="recognition_cases"
    )
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("chi bộ"), on_delete=models.PROTECT, related_name="recognition_cases"
    )
    probation_ends_on = models.DateField(_("ngày hết thời kỳ dự bị"))
    consider_due_on = models.DateField(_("hạn chi bộ xét công nhận"))
    stage = models.CharField(
        _("giai đoạn"), max_length=20, choices=RecognitionStage.choices, default=RecognitionStage.OPEN
    )
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("hồ sơ công nhận đảng viên chính thức")
        verbose_name_plural = _("hồ sơ công nhận đảng viên chính thức")
        ordering = ["consider_due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=~models.Q(stage__in=["RECOGNISED", "STRUCK_OFF", "ENDED"]),
                name="admissions_one_open_recognition",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member.full_name} ({self.get_stage_display()})"

    @property
    def is_closed(self) -> bool:
        return self.stage in RECOGNITION_CLOSED

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """The cell has not passed its resolution (13-KNĐ) within the limit after the 12 months."""
        return self.stage == RecognitionStage.OPEN and self.consider_due_on < (today or timezone.localdate())


class RecognitionStep(models.Model):
    case = models.ForeignKey(RecognitionCase, on_delete=models.CASCADE, related_name="steps")
    form_code = models.CharField(_("mẫu"), max_length=16)
    done_on = models.DateField(_("ngày"))
    document_number = models.CharField(_("số văn bản"), max_length=60, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    votes_for = models.PositiveIntegerField(_("số tán thành"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("số không tán thành"), null=True, blank=True)
    votes_total = models.PositiveIntegerField(_("tổng số biểu quyết"), null=True, blank=True)
    approved = models.BooleanField(_("được thông qua"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bước công nhận đảng viên chính thức")
        verbose_name_plural = _("các bước công nhận đảng viên chính thức")
        ordering = ["done_on", "pk"]

    def __str__(self) -> str:
        return f"{self.form_code} {self.done_on:%d/%m/%Y}"

    @property
    def label(self) -> str:
        from .recognition import SPECS

        spec = SPECS.get(self.form_code)
        return str(spec.label) if spec else self.form_code
