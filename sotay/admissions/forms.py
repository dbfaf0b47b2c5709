"""Validation and widgets only; saving goes through services."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sotay.core.forms import DateInput, VNDateField, VNModelForm

from .models import AdmissionCase, Sponsorship
from .services import IDENTITY_FIELDS

if TYPE_CHECKING:
    from sotay.members.models import Member


class CaseForm(VNModelForm):
    class Meta:
        model = AdmissionCase
        fields = [*IDENTITY_FIELDS, "is_readmission"]
        widgets = {"birth_on": DateInput()}


class CaseEditForm(VNModelForm):
    class Meta:
        model = AdmissionCase
        fields = [*IDENTITY_FIELDS, "over_60_approval"]
        widgets = {"birth_on": DateInput()}


class StepForm(forms.Form):
    form_code = forms.ChoiceField(label=_("Bước"))
    done_on = VNDateField(label=_("Ngày"), widget=DateInput())
    document_number = forms.CharField(label=_("Số văn bản"), max_length=60, required=False)
    votes_for = forms.IntegerField(label=_("Số tán thành"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("Số không tán thành"), min_value=0, required=False)
    votes_total = forms.IntegerField(
        label=_("Tổng số biểu quyết"),
        min_value=1,
        required=False,
        help_text=_("Chi bộ: tổng số đảng viên chính thức; đảng ủy: tổng số cấp ủy viên."),
    )
    received_on = VNDateField(
        label=_("Ngày chi bộ nhận quyết định"),
        widget=DateInput(),
        required=False,
        help_text=_("Chỉ cho quyết định kết nạp (9-KNĐ); để trống nếu chi bộ nhận ngay ngày ký."),
    )
    late_consent = forms.CharField(label=_("Văn bản đồng ý tổ chức lễ quá hạn"), max_length=200, required=False)
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["form_code"]).choices = choices


class SponsorForm(forms.Form):
    sponsor: forms.ModelChoiceField[Member] = forms.ModelChoiceField(label=_("Đảng viên"), queryset=None)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Sponsorship.Role.choices)
    known_since = VNDateField(label=_("Cùng công tác, sinh sống từ"), widget=DateInput(), required=False)

    def __init__(self, *args, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Member]", self.fields["sponsor"]).queryset = members


class ReceivedForm(forms.Form):
    received_on = VNDateField(label=_("Ngày chi bộ nhận quyết định"), widget=DateInput())


class RecognitionStepForm(forms.Form):
    form_code = forms.ChoiceField(label=_("Bước"))
    done_on = VNDateField(label=_("Ngày"), widget=DateInput())
    document_number = forms.CharField(label=_("Số văn bản"), max_length=60, required=False)
    votes_for = forms.IntegerField(label=_("Số tán thành"), min_value=0, max_value=100000, required=False)
    votes_against = forms.IntegerField(label=_("Số không tán thành"), min_value=0, max_value=100000, required=False)
    votes_total = forms.IntegerField(
        label=_("Tổng số biểu quyết"),
        min_value=1,
        max_value=100000,
        required=False,
        help_text=_("Chi bộ: tổng số đảng viên chính thức; đảng ủy: tổng số cấp ủy viên."),
    )
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["form_code"]).choices = choices


class RecognitionDecisionForm(forms.Form):
    OUTCOMES = [
        ("recognise", _("Công nhận đảng viên chính thức")),
        ("strike_off", _("Xóa tên khỏi danh sách đảng viên dự bị")),
    ]

    outcome = forms.ChoiceField(label=_("Quyết định"), choices=OUTCOMES)
    decided_on = VNDateField(label=_("Ngày quyết định"), widget=DateInput())
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    reason = forms.CharField(label=_("Lý do (khi xóa tên)"), max_length=255, required=False)
