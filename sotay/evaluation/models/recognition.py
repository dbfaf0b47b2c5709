"""Recognition schemes (docs/rules/evaluation.md#tiêu-chí-do-tỉnh-ban-hành): model cells (chi bộ kiểu mẫu) and "bốn
tốt", criteria as data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sotay.core.uploads import PrivateStorage


class SchemeKind(models.TextChoices):
    MODEL_CELL = "MODEL_CELL", _("Chi bộ kiểu mẫu")
    FOUR_GOOD = "FOUR_GOOD", _("Chi bộ, đảng bộ cơ sở “bốn tốt”")


class RecognitionScheme(models.Model):
    """A programme such as “Đề án 02-ĐA/TU, 2022–2025”, issued by a committee for its subtree."""

    kind = models.CharField(_("loại"), max_length=12, choices=SchemeKind.choices)
    title = models.CharField(_("tên"), max_length=255)
    reference = models.CharField(_("số ký hiệu văn bản"), max_length=80, help_text=_("Ví dụ: 02-ĐA/TU"))
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("cấp ủy ban hành"), on_delete=models.PROTECT, related_name="schemes"
    )
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    target_base_cell_percent = models.DecimalField(
        _("chỉ tiêu: phần trăm chi bộ cơ sở"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    target_cell_percent = models.DecimalField(
        _("chỉ tiêu: phần trăm chi bộ trực thuộc"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    pass_score = models.DecimalField(
        _("điểm đạt"), max_digits=5, decimal_places=2, default=80, help_text=_("Tổng điểm thẩm định tối thiểu để đạt.")
    )
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("đề án, tiêu chí công nhận")
        verbose_name_plural = _("đề án, tiêu chí công nhận")
        ordering = ["-end_year", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.reference})"

    def criteria_for(self, cell_type: str = ""):
        """Criteria applying to a cell type: the common ones plus that type's own (a cell without a type, or of a
        type the scheme does not list, takes the "other" type's)."""
        if not cell_type or not self.criteria.filter(cell_type=cell_type).exists():
            cell_type = "OTHER"
        return self.criteria.filter(models.Q(cell_type="") | models.Q(cell_type=cell_type)).order_by("group", "order")


class CriterionSource(models.TextChoices):
    """Where a criterion's score can come from; MANUAL is scored by hand."""

    MANUAL = "MANUAL", _("Chấm tay")
    ORG_GRADE = "ORG_GRADE", _("Tổ chức được xếp loại HTTNV trở lên")
    MEMBERS_GOOD_SHARE = "MEMBERS_GOOD_SHARE", _("Tỷ lệ đảng viên HTTNV trở lên")
    NO_MEMBER_NOT_COMPLETED = "NO_MEMBER_NOT_COMPLETED", _("Không có đảng viên KHTNV")
    NO_STRUCK_OFF = "NO_STRUCK_OFF", _("Không có đảng viên bị xóa tên, khai trừ trong năm")
    NO_DUES_ARREARS = "NO_DUES_ARREARS", _("Không có đảng viên nợ đảng phí 3 tháng trong năm")
    MEETINGS_REGULAR = "MEETINGS_REGULAR", _("Sinh hoạt thường kỳ đủ các tháng (sổ sinh hoạt chi bộ)")
    MEETING_ATTENDANCE = "MEETING_ATTENDANCE", _("Tỷ lệ đảng viên dự sinh hoạt (điểm danh)")
    ADMISSION_TARGET = "ADMISSION_TARGET", _("Kết nạp đảng viên đạt chỉ tiêu năm")


class SchemeCriterion(models.Model):
    scheme = models.ForeignKey(RecognitionScheme, on_delete=models.CASCADE, related_name="criteria")
    group = models.PositiveSmallIntegerField(_("nhóm"), default=0, help_text=_("“Bốn tốt”: 1 đến 4."))
    group_title = models.CharField(_("tên nhóm"), max_length=255, blank=True)
    cell_type = models.CharField(
        _("loại hình chi bộ"), max_length=16, blank=True, help_text=_("Để trống: áp dụng cho mọi loại hình.")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    title = models.CharField(_("tiêu chí"), max_length=300)
    max_score = models.DecimalField(_("điểm tối đa"), max_digits=5, decimal_places=2)
    source = models.CharField(_("nguồn điểm"), max_length=24, choices=CriterionSource.choices, default="MANUAL")

    class Meta:
        verbose_name = _("tiêu chí công nhận")
        verbose_name_plural = _("tiêu chí công nhận")
        ordering = ["scheme", "group", "order"]

    def __str__(self) -> str:
        return self.title


class EnrolmentStage(models.TextChoices):
    REGISTERED = "REGISTERED", _("Đã đăng ký")
    PLANNED = "PLANNED", _("Đã có nghị quyết, kế hoạch")
    SUPERVISED = "SUPERVISED", _("Đã phân công cấp ủy viên phụ trách")
    SELF_ASSESSED = "SELF_ASSESSED", _("Đã tự đánh giá")
    APPRAISED = "APPRAISED", _("Đã thẩm định")
    RECOGNISED = "RECOGNISED", _("Đã công nhận")
    LAPSED = "LAPSED", _("Hết hiệu lực công nhận")
    WITHDRAWN = "WITHDRAWN", _("Thu hồi công nhận")


class ModelCellEnrolment(models.Model):
    """A cell's registration in a model-cell programme and everything that follows it."""

    scheme = models.ForeignKey(RecognitionScheme, on_delete=models.PROTECT, related_name="enrolments")
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("chi bộ"), on_delete=models.PROTECT, related_name="model_cell_enrolments"
    )
    stage = models.CharField(_("bước"), max_length=14, choices=EnrolmentStage.choices, default="REGISTERED")
    registered_on = models.DateField(_("ngày đăng ký"))
    resolution_number = models.CharField(_("số nghị quyết của chi bộ"), max_length=60, blank=True)
    resolution_on = models.DateField(_("ngày nghị quyết"), null=True, blank=True)
    plan_file = models.FileField(
        _("kế hoạch (tệp)"),
        upload_to="evaluation/plans/%Y/",
        storage=PrivateStorage("evaluation"),  # served only by evaluation:plan_file, after the access check
        blank=True,
        max_length=300,
    )
    plan_note = models.TextField(_("nội dung kế hoạch, phân công"), blank=True)
    supervisor = models.ForeignKey(
        "members.Member",
        verbose_name=_("cấp ủy viên phụ trách"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supervisor_assigned_on = models.DateField(_("ngày phân công"), null=True, blank=True)
    appraisal_passed = models.BooleanField(_("thẩm định đạt"), null=True, blank=True)
    recognition_number = models.CharField(_("số quyết định công nhận"), max_length=60, blank=True)
    recognised_on = models.DateField(_("ngày công nhận"), null=True, blank=True)
    ended_on = models.DateField(_("ngày hết hiệu lực, thu hồi"), null=True, blank=True)
    end_reason = models.TextField(_("lý do"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("chi bộ đăng ký xây dựng kiểu mẫu")
        verbose_name_plural = _("chi bộ đăng ký xây dựng kiểu mẫu")
        constraints = [models.UniqueConstraint(fields=["scheme", "organization"], name="unique_model_cell_enrolment")]

    def __str__(self) -> str:
        return f"{self.organization} — {self.scheme}"


class AssessmentKind(models.TextChoices):
    SELF = "SELF", _("Tự đánh giá")
    APPRAISAL = "APPRAISAL", _("Thẩm định của cấp ủy")


class SchemeAssessment(models.Model):
    """A scored assessment against a scheme's criteria: a model cell's periodic self-assessment or appraisal, or
    a yearly "bốn tốt" assessment of a cell or grassroots committee."""

    scheme = models.ForeignKey(RecognitionScheme, on_delete=models.PROTECT, related_name="assessments")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="scheme_assessments")
    enrolment = models.ForeignKey(
        ModelCellEnrolment, null=True, blank=True, on_delete=models.CASCADE, related_name="assessments"
    )
    kind = models.CharField(_("loại"), max_length=10, choices=AssessmentKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    period_label = models.CharField(_("kỳ"), max_length=60, blank=True)
    assessed_on = models.DateField(_("ngày"))
    total = models.DecimalField(_("tổng điểm"), max_digits=6, decimal_places=2)
    passed = models.BooleanField(_("đạt"), default=False)
    evidence = models.TextField(_("minh chứng"), blank=True)
    evidence_file = models.FileField(
        _("tệp minh chứng"),
        upload_to="evaluation/evidence/%Y/",
        storage=PrivateStorage("evaluation"),  # served only by evaluation:evidence_file, after the access check
        blank=True,
        max_length=300,
    )
    comment = models.TextField(_("nhận xét"), blank=True)
    recognition_number = models.CharField(_("số quyết định công nhận"), max_length=60, blank=True)
    recognised_on = models.DateField(_("ngày công nhận"), null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(_("người thực hiện"), max_length=150, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("đánh giá theo tiêu chí công nhận")
        verbose_name_plural = _("đánh giá theo tiêu chí công nhận")
        ordering = ["-assessed_on", "-pk"]
        indexes = [models.Index(fields=["scheme", "year"])]

    def __str__(self) -> str:
        return f"{self.organization} — {self.get_kind_display()} {self.assessed_on:%d/%m/%Y}: {self.total}"


class SchemeScore(models.Model):
    assessment = models.ForeignKey(SchemeAssessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(SchemeCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2)
    from_data = models.BooleanField(_("lấy từ dữ liệu"), default=False)
    note = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        ordering = ["criterion__group", "criterion__order"]
        constraints = [models.UniqueConstraint(fields=["assessment", "criterion"], name="unique_scheme_score")]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"
