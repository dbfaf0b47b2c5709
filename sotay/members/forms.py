"""Member forms: validation and widgets only; saving goes through services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from vietnam_provinces import Province, Ward

from sotay.core.forms import DateInput
from sotay.lib.vntext import fold

from .choices import (
    AGE_BANDS,
    ETHNIC_GROUPS,
    ExitKind,
    Gender,
    GeneralEducation,
    MemberStatus,
    PoliticalTheory,
    ProfessionalEducation,
)
from .models import Member
from .services import EDITABLE_FIELDS


def _province_choices():
    return [("", "—")] + sorted(((p.code.value, p.name) for p in Province.iter_all()), key=lambda c: fold(c[1]))


def ward_choices(province_code) -> list[tuple]:
    """The communes and wards of one province (current 2025 units), sorted the Vietnamese way."""
    try:
        code = int(province_code)
        wards = list(Ward.iter_by_province(code))
    except (TypeError, ValueError):
        return [("", "—")]
    return [("", "—")] + sorted(((w.code.value, w.name) for w in wards), key=lambda c: fold(c[1]))


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = EDITABLE_FIELDS
        widgets = {
            "birth_on": DateInput(),
            "admission_decision_on": DateInput(),
            "joined_on": DateInput(),
            "official_on": DateInput(),
            "citizen_id": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 12, "autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("hometown_province_code", "residence_province_code"):
            self.fields[name] = forms.TypedChoiceField(
                label=self.fields[name].label,
                choices=_province_choices(),
                coerce=int,
                empty_value=None,
                required=False,
            )
        for name in ("hometown_ward_code", "residence_ward_code"):
            self.fields[name].widget = forms.NumberInput(attrs={"inputmode": "numeric"})
            self.fields[name].help_text = _("Mã xã, phường theo danh mục hành chính hiện hành.")
        self.fields["citizen_id"].help_text = _("12 chữ số.")
        self.fields["official_on"].help_text = _("Đúng 12 tháng sau ngày vào Đảng; để trống nếu còn dự bị.")

    def validate_unique(self):
        """Uniqueness is checked by the service with Vietnamese messages."""


class NewMemberForm(MemberForm):
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        choices=[(s.value, s.label) for s in (MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL, MemberStatus.EXEMPT)],
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái mới"), choices=MemberStatus.choices)
    on = forms.DateField(label=_("Ngày"), widget=DateInput())
    exit_kind = forms.ChoiceField(
        label=_("Hình thức ra khỏi Đảng"), required=False, choices=[("", "—"), *ExitKind.choices]
    )
    decision_number = forms.CharField(label=_("Số quyết định, nghị quyết"), max_length=60, required=False)
    decision_on = forms.DateField(label=_("Ngày quyết định"), required=False, widget=DateInput())
    reason = forms.CharField(label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, MemberStatus(s).label) for s in allowed]


class TransferForm(forms.Form):
    to_code = forms.CharField(label=_("Mã chi bộ chuyển đến"), max_length=40)
    on = forms.DateField(label=_("Ngày chuyển"), widget=DateInput())
    decision_number = forms.CharField(label=_("Số quyết định, giấy giới thiệu"), max_length=60, required=False)


class MemberFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm theo tên, số thẻ, CCCD"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("vd: nguyen van an")}),
    )
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    gender = forms.ChoiceField(label=_("Giới tính"), required=False)
    age = forms.ChoiceField(label=_("Độ tuổi"), required=False)
    ethnicity = forms.ChoiceField(label=_("Dân tộc"), required=False)
    professional_education = forms.ChoiceField(label=_("Chuyên môn"), required=False)
    political_theory = forms.ChoiceField(label=_("Lý luận chính trị"), required=False)
    general_education = forms.ChoiceField(label=_("Giáo dục phổ thông"), required=False)
    org = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("Tất cả"))]
        self.fields["status"].choices = [
            ("", _("Đang sinh hoạt")),
            ("all", _("Tất cả")),
            *MemberStatus.choices,
        ]
        self.fields["gender"].choices = everyone + Gender.choices
        self.fields["age"].choices = everyone + [(str(i), label) for i, (label, _lo, _hi) in enumerate(AGE_BANDS)]
        self.fields["ethnicity"].choices = everyone + ETHNIC_GROUPS
        self.fields["professional_education"].choices = everyone + ProfessionalEducation.choices
        self.fields["political_theory"].choices = everyone + PoliticalTheory.choices
        self.fields["general_education"].choices = everyone + GeneralEducation.choices
