"""Forms for model cells and "bốn tốt": validation and widgets only; saving goes through services."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sotay.core.forms import CheckedFileField, DateInput, VNDateField

from .models import EnrolmentStage, SchemeKind

if TYPE_CHECKING:
    from sotay.members.models import Member
    from sotay.orgs.models import Organization

NUM = {"inputmode": "decimal", "step": "0.01"}


class SchemeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=SchemeKind.choices)
    title = forms.CharField(label=_("Tên đề án, kế hoạch"), max_length=255)
    reference = forms.CharField(label=_("Số ký hiệu"), max_length=80, help_text=_("Ví dụ: 02-ĐA/TU"))
    issued_on = VNDateField(label=_("Ngày ban hành"), widget=DateInput(), required=False)
    start_year = forms.IntegerField(label=_("Từ năm"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_("Đến năm"), min_value=2000, max_value=2100)
    target_base_cell_percent = forms.DecimalField(
        label=_("Chỉ tiêu đến cuối kỳ: phần trăm chi bộ cơ sở"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Chi bộ kiểu mẫu: tỷ lệ được công nhận đến cuối đề án; “bốn tốt”: tỷ lệ được công nhận mỗi năm."),
    )
    target_cell_percent = forms.DecimalField(
        label=_("Chỉ tiêu đến cuối kỳ: phần trăm chi bộ trực thuộc"), min_value=0, max_value=100, required=False
    )
    pass_score = forms.DecimalField(label=_("Điểm đạt (trên 100)"), min_value=0, max_value=100, initial=80)


class RegisterForm(forms.Form):
    organization: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(label=_("Chi bộ"), queryset=None)
    registered_on = VNDateField(label=_("Ngày đăng ký"), widget=DateInput())

    def __init__(self, *args, cells, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Organization]", self.fields["organization"]).queryset = cells


class PlanForm(forms.Form):
    resolution_number = forms.CharField(label=_("Số nghị quyết của chi bộ"), max_length=60)
    resolution_on = VNDateField(label=_("Ngày nghị quyết"), widget=DateInput())
    plan_file = CheckedFileField(label=_("Kế hoạch (tệp PDF, Word)"), required=False)
    plan_note = forms.CharField(
        label=_("Nội dung kế hoạch, phân công"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class SupervisorForm(forms.Form):
    supervisor: forms.ModelChoiceField[Member] = forms.ModelChoiceField(label=_("Cấp ủy viên phụ trách"), queryset=None)
    assigned_on = VNDateField(label=_("Ngày phân công"), widget=DateInput())

    def __init__(self, *args, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Member]", self.fields["supervisor"]).queryset = members


class ScoresForm(forms.Form):
    """One score field per criterion; the page groups them."""

    assessed_on = VNDateField(label=_("Ngày"), widget=DateInput())

    def __init__(self, *args, criteria, extra: tuple[str, ...] = (), notes: dict[int, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        notes = notes or {}
        for c in self.criteria:
            self.fields[f"score_{c.pk}"] = forms.DecimalField(
                label=_("%(t)s (tối đa %(m)s)") % {"t": c.title, "m": f"{c.max_score.normalize():f}"},
                min_value=0,
                max_digits=5,
                decimal_places=2,
                widget=forms.NumberInput(NUM),
                help_text=notes.get(c.pk, ""),
            )
        if "period" in extra:
            self.fields["period_label"] = forms.CharField(label=_("Kỳ (ví dụ: 6 tháng đầu năm 2025)"), max_length=60)
        if "evidence" in extra:
            self.fields["evidence"] = forms.CharField(
                label=_("Minh chứng"), widget=forms.Textarea(attrs={"rows": 3}), required=False
            )
            self.fields["evidence_file"] = CheckedFileField(label=_("Tệp minh chứng"), required=False)
        self.fields["comment"] = forms.CharField(
            label=_("Nhận xét"), widget=forms.Textarea(attrs={"rows": 2}), required=False
        )

    def scores(self) -> dict:
        return {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}


class RecogniseForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định công nhận"), max_length=60)
    recognised_on = VNDateField(label=_("Ngày quyết định"), widget=DateInput())


class EndForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Hình thức"),
        choices=[
            (EnrolmentStage.LAPSED, EnrolmentStage.LAPSED.label),
            (EnrolmentStage.WITHDRAWN, EnrolmentStage.WITHDRAWN.label),
        ],
    )
    ended_on = VNDateField(label=_("Ngày"), widget=DateInput())
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))
