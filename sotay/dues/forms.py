from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from sotay.core.forms import DateInput, VNDateField

from .models import DuesBasis, DuesReduction, ExemptionReason, PaymentChannel, WageRegion


class PaymentForm(forms.Form):
    amount = forms.IntegerField(label=_("Số tiền (đồng)"), min_value=1)
    paid_on = VNDateField(label=_("Ngày nộp"))
    channel = forms.ChoiceField(label=_("Hình thức nộp"), choices=PaymentChannel.choices)
    pays_more = forms.BooleanField(label=_("Tự nguyện đóng cao hơn mức phải đóng"), required=False)


class MonthField(forms.Field):
    """A dues month typed as mm/yyyy (as on the collection sheet); the value is its first day."""

    default_error_messages = {
        "invalid": _("Tháng cần ghi dạng mm/yyyy, ví dụ 03/2026."),
        "month": _("Tháng phải từ 01 đến 12."),
    }

    widget = forms.TextInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update({"placeholder": "mm/yyyy", "inputmode": "numeric", "size": 8, "maxlength": 7})

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        try:
            month, year = (int(part) for part in value.replace("-", "/").split("/"))
        except (ValueError, TypeError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not 1 <= month <= 12:
            raise forms.ValidationError(self.error_messages["month"], code="month")
        try:
            return dt.date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value):
        return f"{value:%m/%Y}" if isinstance(value, dt.date) else value


class BasisForm(forms.Form):
    basis = forms.ChoiceField(label=_("Căn cứ đóng"), choices=DuesBasis.choices)
    amount = forms.IntegerField(
        label=_("Số tiền làm căn cứ (đồng/tháng)"),
        min_value=1,
        required=False,
        help_text=_("Tiền lương đóng BHXH, trợ cấp hoặc lương hưu."),
    )
    region = forms.TypedChoiceField(
        label=_("Vùng lương tối thiểu"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "—"), *WageRegion.choices],
    )
    effective_from = VNDateField(label=_("Áp dụng từ ngày"), widget=DateInput())


class ExemptionForm(forms.Form):
    reason = forms.ChoiceField(label=_("Lý do miễn"), choices=ExemptionReason.choices)
    start_month = MonthField(label=_("Từ tháng"))
    end_month = MonthField(label=_("Đến tháng"), required=False, help_text=_("Để trống nếu chưa xác định."))
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=40, required=False)


class ReductionForm(forms.Form):
    percent = forms.TypedChoiceField(label=_("Mức giảm"), coerce=int, choices=DuesReduction.Percent.choices)
    start_month = MonthField(label=_("Từ tháng"))
    end_month = MonthField(label=_("Đến tháng"), help_text=_("Tối đa 12 tháng mỗi quyết định."))
    reason = forms.CharField(label=_("Lý do giảm"), max_length=255)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=40, required=False)


class MonthsPaymentForm(forms.Form):
    """One payment for several dues months: past months paid late, later months in advance (payments.pay_months)."""

    first_month = MonthField(label=_("Từ tháng"))
    last_month = MonthField(label=_("Đến tháng"))
    paid_on = VNDateField(label=_("Ngày nộp"), widget=DateInput())
    channel = forms.ChoiceField(label=_("Hình thức nộp"), choices=PaymentChannel.choices)


class RetirementForm(forms.Form):
    retired_on = VNDateField(label=_("Ngày nghỉ hưu"), widget=DateInput())
    pension = forms.IntegerField(
        label=_("Lương hưu (đồng/tháng)"),
        min_value=1,
        max_value=10**9,
        required=False,
        help_text=_("Để trống nếu không hưởng lương hưu."),
    )


class BulkBasisForm(forms.Form):
    """One basis (and amount) for every member ticked (bulk.declare_bases)."""

    basis = forms.ChoiceField(label=_("Căn cứ đóng"), choices=DuesBasis.choices)
    amount = forms.CharField(
        label=_("Số tiền làm căn cứ (đồng/tháng)"),
        required=False,
        help_text=_("Cho lương đóng BHXH, trợ cấp, lương hưu. Ví dụ 5.200.000."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    effective_from = VNDateField(label=_("Áp dụng từ ngày"), widget=DateInput())

    def clean_amount(self):
        raw = (self.cleaned_data.get("amount") or "").replace(".", "").replace(",", "").replace(" ", "").strip()
        if not raw:
            return None
        if not raw.isdigit():
            raise forms.ValidationError(_("Số tiền phải là số nguyên (đồng), ví dụ 5200000."))
        return int(raw)


class PayrollForm(forms.Form):
    """A payroll sheet (XLSX) whose salaries become the members' bases (payroll.read), from a day on."""

    file = forms.FileField(label=_("Bảng lương (.xlsx)"), required=False)
    effective_from = VNDateField(label=_("Áp dụng từ ngày"), widget=DateInput())
