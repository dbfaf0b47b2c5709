"""Positions (chức danh) per organisation, their standards as effective-dated data, cadre plans per committee and
term with every change kept, and appointment / rotation records that keep the role grants in step.

docs/cadres.md describes the workflow; docs/rules/cadres.md the rules and their sources.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sotay.members.choices import PoliticalTheory, ProfessionalEducation


class PositionKind(models.TextChoices):
    SECRETARY = "SECRETARY", _("Bí thư")
    DEPUTY_SECRETARY = "DEPUTY_SECRETARY", _("Phó Bí thư")
    STANDING = "STANDING", _("Ủy viên Ban Thường vụ")
    COMMITTEE_MEMBER = "COMMITTEE_MEMBER", _("Cấp ủy viên")
    UBKT_CHAIR = "UBKT_CHAIR", _("Chủ nhiệm Ủy ban Kiểm tra")
    UBKT_MEMBER = "UBKT_MEMBER", _("Ủy viên Ủy ban Kiểm tra")
    OTHER = "OTHER", _("Chức danh khác")


# The committee positions: appointing a member to one of them grants the committee's role (sotay/cadres/roles.py).
COMMITTEE_KINDS = frozenset(
    {PositionKind.SECRETARY, PositionKind.DEPUTY_SECRETARY, PositionKind.STANDING, PositionKind.COMMITTEE_MEMBER}
)
# The inspection commission's positions grant the UBKT role (orgs.Role.INSPECTION_COMMISSION).
UBKT_KINDS = frozenset({PositionKind.UBKT_CHAIR, PositionKind.UBKT_MEMBER})


class Position(models.Model):
    """A chức danh of one organisation with its number of posts (e.g. Phó Bí thư Đảng ủy xã: 2)."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("tổ chức"), on_delete=models.PROTECT, related_name="positions"
    )
    kind = models.CharField(_("loại chức danh"), max_length=20, choices=PositionKind.choices)
    title = models.CharField(_("tên chức danh"), max_length=160)
    posts = models.PositiveSmallIntegerField(_("số lượng"), default=1)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chức danh")
        verbose_name_plural = _("chức danh")
        ordering = ["organization__path", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["organization", "title"], name="unique_position_title")]

    def __str__(self) -> str:
        return f"{self.title} — {self.organization}"

    @property
    def grants_role(self) -> bool:
        return self.kind in COMMITTEE_KINDS or self.kind in UBKT_KINDS


class Standard(models.Model):
    """The standard of a kind of position (for a kind of organisation, or any), in force from `effective_from`.

    The automatic criteria are fields checked against the registry; `manual_criteria` are texts a person confirms
    (`Confirmation`). A value not checked against its regulation is marked `unconfirmed` ("cần đối chiếu")."""

    position_kind = models.CharField(_("loại chức danh"), max_length=20, choices=PositionKind.choices)
    org_kind = models.CharField(_("loại tổ chức"), max_length=24, blank=True, help_text=_("Để trống: mọi loại."))
    effective_from = models.DateField(_("hiệu lực từ"))
    document_reference = models.CharField(_("văn bản quy định"), max_length=120)
    clause = models.CharField(_("điều khoản"), max_length=200, blank=True)
    unconfirmed = models.BooleanField(_("cần đối chiếu"), default=True)
    min_political_theory = models.CharField(
        _("lý luận chính trị tối thiểu"), max_length=12, choices=PoliticalTheory.choices, blank=True
    )
    min_professional_education = models.CharField(
        _("chuyên môn tối thiểu"), max_length=12, choices=ProfessionalEducation.choices, blank=True
    )
    min_party_age_years = models.PositiveSmallIntegerField(_("tuổi đảng tối thiểu (năm)"), null=True, blank=True)
    # Ages in months on the reference day (the start of the term, or the appointment day), by gender.
    first_max_age_months_male = models.PositiveSmallIntegerField(
        _("tuổi tối đa lần đầu, nam (tháng)"), null=True, blank=True
    )
    first_max_age_months_female = models.PositiveSmallIntegerField(
        _("tuổi tối đa lần đầu, nữ (tháng)"), null=True, blank=True
    )
    again_max_age_months_male = models.PositiveSmallIntegerField(
        _("tuổi tối đa tái cử, tái bổ nhiệm, nam (tháng)"), null=True, blank=True
    )
    again_max_age_months_female = models.PositiveSmallIntegerField(
        _("tuổi tối đa tái cử, tái bổ nhiệm, nữ (tháng)"), null=True, blank=True
    )
    required_prior_kinds = models.JSONField(_("chức danh đã đảm nhiệm (một trong)"), default=list, blank=True)
    manual_criteria = models.JSONField(_("tiêu chí do người xác nhận"), default=list, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("tiêu chuẩn chức danh")
        verbose_name_plural = _("tiêu chuẩn chức danh")
        ordering = ["position_kind", "org_kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["position_kind", "org_kind", "effective_from"], name="unique_standard_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_position_kind_display()} ({self.document_reference}, {self.effective_from:%d/%m/%Y})"


class Confirmation(models.Model):
    """A person's confirmation that a member meets one manual criterion of a standard."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="criterion_confirmations")
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="confirmations")
    criterion = models.CharField(_("tiêu chí"), max_length=300)
    confirmed_on = models.DateField(_("ngày xác nhận"))
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "standard", "criterion"], name="unique_confirmation")]

    def __str__(self) -> str:
        return f"{self.member} — {self.criterion}"


class Appointment(models.Model):
    """A member's appointment, election or rotation to a position: from where, by which decision, since when,
    until when planned, and how it ended (return, extension, new appointment)."""

    class Kind(models.TextChoices):
        APPOINTMENT = "APPOINTMENT", _("Bổ nhiệm, chỉ định")
        ELECTION = "ELECTION", _("Bầu cử")
        ROTATION = "ROTATION", _("Luân chuyển")

    class EndKind(models.TextChoices):
        RETURN = "RETURN", _("Trở về nơi cũ")
        EXTENSION = "EXTENSION", _("Gia hạn")
        NEW_APPOINTMENT = "NEW_APPOINTMENT", _("Bổ nhiệm chức danh mới")
        TERM_END = "TERM_END", _("Hết nhiệm kỳ, thôi giữ chức")
        REMOVAL = "REMOVAL", _("Cách chức (kỷ luật)")

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="appointments")
    position = models.ForeignKey(
        Position, verbose_name=_("chức danh"), on_delete=models.PROTECT, related_name="appointments"
    )
    kind = models.CharField(_("hình thức"), max_length=12, choices=Kind.choices, default=Kind.APPOINTMENT)
    from_text = models.CharField(_("chức danh, nơi công tác trước"), max_length=255, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decision_on = models.DateField(_("ngày quyết định"))
    starts_on = models.DateField(_("từ ngày"))
    planned_end_on = models.DateField(_("dự kiến kết thúc"), null=True, blank=True)
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    end_kind = models.CharField(_("kết thúc bằng"), max_length=16, choices=EndKind.choices, blank=True)
    end_decision = models.CharField(_("quyết định kết thúc"), max_length=60, blank=True)
    role_grant = models.ForeignKey(
        "orgs.RoleGrant", null=True, blank=True, on_delete=models.SET_NULL, related_name="appointments"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bổ nhiệm, luân chuyển")
        verbose_name_plural = _("bổ nhiệm, luân chuyển")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return f"{self.member} — {self.position.title} ({self.starts_on:%d/%m/%Y})"

    @property
    def organization(self):
        return self.position.organization

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class CadrePlan(models.Model):
    """Quy hoạch of one committee for one term, e.g. Ban Chấp hành Đảng bộ xã nhiệm kỳ 2030–2035."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("cấp ủy"), on_delete=models.PROTECT, related_name="cadre_plans"
    )
    term_start = models.PositiveSmallIntegerField(_("nhiệm kỳ từ năm"))
    term_end = models.PositiveSmallIntegerField(_("đến năm"))
    term_starts_on = models.DateField(_("ngày bắt đầu nhiệm kỳ (ngày tính tuổi)"))
    decision_number = models.CharField(_("số quyết định phê duyệt"), max_length=60, blank=True)
    decision_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quy hoạch cán bộ")
        verbose_name_plural = _("quy hoạch cán bộ")
        ordering = ["organization__path", "-term_start"]
        constraints = [models.UniqueConstraint(fields=["organization", "term_start"], name="one_plan_per_term")]

    def __str__(self) -> str:
        return f"Quy hoạch {self.organization.board_name} nhiệm kỳ {self.term_start}–{self.term_end}"


class PlanEntry(models.Model):
    """A person planned for a position. Removal keeps the row (the yearly review's history)."""

    plan = models.ForeignKey(CadrePlan, on_delete=models.CASCADE, related_name="entries")
    position = models.ForeignKey(Position, verbose_name=_("chức danh"), on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("đảng viên"), on_delete=models.PROTECT, related_name="+"
    )
    added_on = models.DateField(_("ngày đưa vào"))
    added_reason = models.CharField(_("lý do đưa vào"), max_length=300)
    added_decision = models.CharField(_("quyết định đưa vào"), max_length=60, blank=True)
    removed_on = models.DateField(_("ngày đưa ra"), null=True, blank=True)
    removed_reason = models.CharField(_("lý do đưa ra"), max_length=300, blank=True)
    removed_decision = models.CharField(_("quyết định đưa ra"), max_length=60, blank=True)

    class Meta:
        ordering = ["position__order", "position_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "position", "member"],
                condition=models.Q(removed_on__isnull=True),
                name="one_active_plan_entry",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.position.title}"

    @property
    def organization(self):
        return self.plan.organization
