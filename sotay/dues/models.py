"""Party dues (đảng phí, docs/rules/dues.md) as a ledger: versioned rates, declared bases, exemptions, liabilities,
payments.

- Rates are data: `DuesRule` rows keyed by basis and `effective_from` (the first dues month they apply to), seeded
  by a migration for 342-QĐ/TW and 01-QĐ/TW. The rule in force for dues month M is the newest row with
  `effective_from` ≤ the first day of M.
- Amounts are whole đồng (`PositiveIntegerField`/`IntegerField`); see `rates.round_dong` for the rounding.
- Liabilities are never deleted nor their amount updated: a correction is a reversing entry (negative amount,
  `reverses` pointing at the original) followed by a new liability.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import cast

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sotay.core.models import SeededRow
from sotay.orgs.models import OrgKind


class DuesBasis(models.TextChoices):
    """What the member's dues are computed on (căn cứ đóng)."""

    INSURED_SALARY = "INSURED_SALARY", _("Tiền lương đóng BHXH bắt buộc")
    SOCIAL_BENEFIT = "SOCIAL_BENEFIT", _("Trợ cấp ốm đau, thai sản do BHXH chi trả")
    PENSION = "PENSION", _("Lương hưu")
    STUDENT = "STUDENT", _("Học sinh, sinh viên")
    OTHER_WORKING_AGE = "OTHER_WORKING_AGE", _("Đảng viên khác, chưa đến tuổi nghỉ hưu")
    OTHER_RETIRED = "OTHER_RETIRED", _("Đảng viên khác, từ tuổi nghỉ hưu")


# Bases whose dues are a percentage of an amount the member declares (salary, benefit, pension).
DECLARED_AMOUNT_BASES = frozenset({DuesBasis.INSURED_SALARY, DuesBasis.SOCIAL_BENEFIT, DuesBasis.PENSION})
# Bases computed on the regional minimum wage where the member belongs.
REGIONAL_WAGE_BASES = frozenset({DuesBasis.OTHER_WORKING_AGE, DuesBasis.OTHER_RETIRED})


class WageRegion(models.IntegerChoices):
    I = 1, _("Vùng I")  # noqa: E741 - the regions are named I–IV in Nghị định 293/2025/NĐ-CP
    II = 2, _("Vùng II")
    III = 3, _("Vùng III")
    IV = 4, _("Vùng IV")


class RateOf(models.TextChoices):
    DECLARED_AMOUNT = "DECLARED_AMOUNT", _("Khoản lương, trợ cấp, lương hưu kê khai")
    REGIONAL_MINIMUM_WAGE = "REGIONAL_MINIMUM_WAGE", _("Lương tối thiểu vùng")
    FIXED = "FIXED", _("Mức cố định")


class DuesRule(SeededRow):
    """One version of the rate for one basis (quy định mức đóng đảng phí)."""

    document_reference = models.CharField(_("văn bản"), max_length=60)
    effective_from = models.DateField(_("áp dụng từ tháng"), help_text=_("Ngày đầu của tháng đảng phí."))
    basis = models.CharField(_("căn cứ đóng"), max_length=20, choices=DuesBasis.choices)
    percent = models.DecimalField(_("tỷ lệ (%)"), max_digits=5, decimal_places=3, null=True, blank=True)
    fixed_amount = models.PositiveIntegerField(_("mức cố định (đồng)"), null=True, blank=True)
    of_what = models.CharField(_("tính trên"), max_length=24, choices=RateOf.choices)
    needs_verification = models.BooleanField(_("cần đối chiếu văn bản"), default=False)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("mức đóng đảng phí")
        verbose_name_plural = _("mức đóng đảng phí")
        ordering = ["basis", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["basis", "effective_from"], name="dues_rule_one_per_basis_and_start"),
            models.CheckConstraint(
                condition=(Q(of_what="FIXED") & Q(fixed_amount__isnull=False) & Q(percent__isnull=True))
                | (~Q(of_what="FIXED") & Q(percent__isnull=False) & Q(fixed_amount__isnull=True)),
                name="dues_rule_percent_xor_fixed",
            ),
        ]

    def __str__(self) -> str:
        rate = (
            f"{self.fixed_amount:,} đ"
            if self.fixed_amount is not None
            else f"{cast(Decimal, self.percent).normalize()}%"
        )
        return f"{self.document_reference} · {self.get_basis_display()} · {rate} · {self.effective_from:%m/%Y}"


class RegionalMinimumWage(SeededRow):
    """Lương tối thiểu vùng, by region and effective date."""

    region = models.PositiveSmallIntegerField(_("vùng"), choices=WageRegion.choices)
    amount = models.PositiveIntegerField(_("mức lương (đồng/tháng)"))
    effective_from = models.DateField(_("áp dụng từ ngày"))
    document = models.CharField(_("văn bản"), max_length=60)
    needs_verification = models.BooleanField(_("cần đối chiếu văn bản"), default=False)

    class Meta:
        verbose_name = _("lương tối thiểu vùng")
        verbose_name_plural = _("lương tối thiểu vùng")
        ordering = ["region", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["region", "effective_from"], name="dues_wage_one_per_region_and_start")
        ]

    def __str__(self) -> str:
        return f"{self.get_region_display()}: {self.amount:,} đ ({self.document})"


class MemberDuesBasis(models.Model):
    """The basis a member declared, from a day on (the newest one in force on the first day of the month applies)."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="dues_bases")
    basis = models.CharField(_("căn cứ đóng"), max_length=20, choices=DuesBasis.choices)
    amount = models.PositiveIntegerField(
        _("số tiền làm căn cứ (đồng)"),
        null=True,
        blank=True,
        help_text=_("Tiền lương tháng trước làm căn cứ đóng BHXH, trợ cấp BHXH hoặc lương hưu."),
    )
    region = models.PositiveSmallIntegerField(_("vùng lương tối thiểu"), choices=WageRegion.choices, null=True)
    effective_from = models.DateField(_("áp dụng từ ngày"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("căn cứ đóng đảng phí")
        verbose_name_plural = _("căn cứ đóng đảng phí")
        constraints = [
            models.UniqueConstraint(fields=["member", "effective_from"], name="dues_basis_one_per_member_and_day")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_basis_display()} · {self.effective_from:%d/%m/%Y}"


class ExemptionReason(models.TextChoices):
    SOCIAL_PENSION = "SOCIAL_PENSION", _("Hưởng trợ cấp hưu trí xã hội")
    POOR_HOUSEHOLD = "POOR_HOUSEHOLD", _("Hộ nghèo, hộ cận nghèo")
    SERIOUS_ILLNESS = "SERIOUS_ILLNESS", _("Ốm đau hiểm nghèo")
    OTHER = "OTHER", _("Lý do khác")


class DuesExemption(models.Model):
    """Miễn đóng đảng phí by decision, for the dues months `start_month`…`end_month` (open-ended when empty)."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="dues_exemptions")
    reason = models.CharField(_("lý do"), max_length=20, choices=ExemptionReason.choices)
    start_month = models.DateField(_("từ tháng"))
    end_month = models.DateField(_("đến tháng"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=40, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("miễn đóng đảng phí")
        verbose_name_plural = _("miễn đóng đảng phí")

    def __str__(self) -> str:
        return f"{self.member} · {self.get_reason_display()} · {self.start_month:%m/%Y}"

    def covers(self, month: dt.date) -> bool:
        return self.start_month <= month and (self.end_month is None or month <= self.end_month)


class DuesReduction(models.Model):
    """Giảm đảng phí by 30, 50 or 70% for at most 12 dues months per decision."""

    class Percent(models.IntegerChoices):
        P30 = 30, "30%"
        P50 = 50, "50%"
        P70 = 70, "70%"

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="dues_reductions")
    percent = models.PositiveSmallIntegerField(_("mức giảm"), choices=Percent.choices)
    start_month = models.DateField(_("từ tháng"))
    end_month = models.DateField(_("đến tháng"))
    reason = models.CharField(_("lý do"), max_length=255)
    decision_number = models.CharField(_("số quyết định"), max_length=40, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("giảm đảng phí")
        verbose_name_plural = _("giảm đảng phí")

    def __str__(self) -> str:
        return f"{self.member} · −{self.percent}% · {self.start_month:%m/%Y}–{self.end_month:%m/%Y}"

    def covers(self, month: dt.date) -> bool:
        return self.start_month <= month <= self.end_month


class DuesLiability(models.Model):
    """Khoản phải đóng of one member for one dues month; reversed, never deleted or changed in amount."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="dues_liabilities")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", help_text=_("Chi bộ khi tính.")
    )
    month = models.DateField(_("tháng"), help_text=_("Ngày đầu tháng."))
    amount = models.IntegerField(_("số phải đóng (đồng)"))
    rule = models.ForeignKey(DuesRule, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    rule_reference = models.CharField(_("căn cứ tính"), max_length=255)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversal_of_set"
    )
    reversed_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_entry"
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khoản phải đóng đảng phí")
        verbose_name_plural = _("khoản phải đóng đảng phí")
        indexes = [models.Index(fields=["month", "organization"])]
        constraints = [
            # One standing liability per member and month; reversed entries and reversals do not count.
            models.UniqueConstraint(
                fields=["member", "month"],
                condition=Q(reverses__isnull=True, reversed_by__isnull=True),
                name="dues_one_standing_liability_per_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.month:%m/%Y} · {self.amount:,} đ"


class PaymentChannel(models.TextChoices):
    CASH = "CASH", _("Tiền mặt tại chi bộ")
    NATIONAL_PORTAL = "NATIONAL_PORTAL", _("Cổng Dịch vụ công Quốc gia")


class DuesPayment(models.Model):
    """Nộp đảng phí for one dues month."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="dues_payments")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("tháng"))
    amount = models.PositiveIntegerField(_("số tiền (đồng)"))
    paid_on = models.DateField(_("ngày nộp"))
    channel = models.CharField(_("hình thức nộp"), max_length=16, choices=PaymentChannel.choices)
    pays_more = models.BooleanField(_("tự nguyện đóng cao hơn"), default=False)
    # One payment covering several dues months (chậm đóng, đóng trước) is one row per month sharing this receipt.
    receipt = models.CharField(_("phiếu thu"), max_length=32, blank=True, db_index=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khoản nộp đảng phí")
        verbose_name_plural = _("khoản nộp đảng phí")
        indexes = [models.Index(fields=["member", "month"])]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="dues_payment_positive")]

    def __str__(self) -> str:
        return f"{self.member} · {self.month:%m/%Y} · {self.amount:,} đ"


class RemittanceShare(models.Model):
    """How much of the dues reaching a level of organisation it keeps; the rest goes to the level above.

    The split between levels is not known (docs/rules/dues.md#trích-nộp-giữa-các-cấp): the table starts empty and the
    remittance report stays off until the Organization Committee enters the shares in force, with their effective date.
    """

    kind = models.CharField(_("cấp tổ chức"), max_length=24, choices=OrgKind.choices)
    kept_percent = models.DecimalField(
        _("tỷ lệ giữ lại (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    effective_from = models.DateField(_("áp dụng từ tháng"), help_text=_("Ngày đầu tháng."))
    document = models.CharField(_("văn bản quy định"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("tỷ lệ trích giữ đảng phí")
        verbose_name_plural = _("tỷ lệ trích giữ đảng phí")
        constraints = [models.UniqueConstraint(fields=["kind", "effective_from"], name="dues_share_once_per_month")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.kept_percent}% ({self.effective_from:%m/%Y})"


class OrganizationWageRegion(models.Model):
    """The minimum-wage region of an organisation's location, from a day on (docs/rules/dues.md#vùng-lương-tối-thiểu).

    Set where it is known (a commune, or a single cell) and inherited down the tree: a cell's region on a day is the
    newest row in force on that day of the cell itself or of its nearest ancestor that has one."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("tổ chức đảng"), on_delete=models.PROTECT, related_name="wage_regions"
    )
    region = models.PositiveSmallIntegerField(_("vùng"), choices=WageRegion.choices)
    effective_from = models.DateField(_("áp dụng từ ngày"))
    document = models.CharField(_("văn bản"), max_length=120, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vùng lương tối thiểu của tổ chức")
        verbose_name_plural = _("vùng lương tối thiểu của tổ chức")
        ordering = ["organization", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "effective_from"], name="dues_org_region_once_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_region_display()} · {self.effective_from:%d/%m/%Y}"
