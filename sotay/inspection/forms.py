from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sotay.core.forms import VNDateField
from sotay.members.choices import ACTIVE_STATUSES
from sotay.members.models import Member
from sotay.orgs.models import Organization, subtree_filter

from .models import Body, Kind, Result


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=300)
    decision_number = forms.CharField(label=_("Số kế hoạch, quyết định"), max_length=100, required=False)


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=Kind.choices)
    body = forms.ChoiceField(label=_("Cơ quan chủ trì"), choices=Body.choices)
    subject_organization = forms.ModelChoiceField(
        label=_("Tổ chức đảng được kiểm tra, giám sát"), queryset=Organization.objects.none(), required=False
    )
    subject_member = forms.ModelChoiceField(
        label=_("hoặc đảng viên được kiểm tra, giám sát"), queryset=Member.objects.none(), required=False
    )
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
    period_start = VNDateField(label=_("Từ ngày"))
    period_end = VNDateField(label=_("Đến ngày"))

    def __init__(self, *args, org: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = Organization.objects.filter(subtree_filter(org.path), valid_to__isnull=True).order_by("path")
        cast("forms.ModelChoiceField[Organization]", self.fields["subject_organization"]).queryset = orgs
        cast("forms.ModelChoiceField[Member]", self.fields["subject_member"]).queryset = (
            Member.objects.in_subtree(org).filter(status__in=ACTIVE_STATUSES).vietnamese_order()
        )

    def clean(self):
        data = super().clean()
        if bool(data.get("subject_organization")) == bool(data.get("subject_member")):
            raise forms.ValidationError(_("Chọn một tổ chức đảng hoặc một đảng viên."))
        return data


class DecisionForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=100)
    decision_on = VNDateField(label=_("Ngày quyết định"))
    team = forms.CharField(label=_("Đoàn (tổ) kiểm tra, giám sát"), widget=forms.Textarea(attrs={"rows": 2}))


class ConclusionForm(forms.Form):
    concluded_on = VNDateField(label=_("Ngày kết luận"))
    conclusion_number = forms.CharField(label=_("Số kết luận, thông báo"), max_length=100, required=False)
    result = forms.ChoiceField(label=_("Kết quả"), choices=Result.choices)
    findings = forms.CharField(label=_("Kết luận, nhận xét"), widget=forms.Textarea(attrs={"rows": 4}))


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Kiến nghị, yêu cầu khắc phục"), widget=forms.Textarea(attrs={"rows": 2}))
    addressee = forms.CharField(label=_("Tổ chức, cá nhân thực hiện"), max_length=300)
    due_on = VNDateField(label=_("Hạn hoàn thành"))


class DoneForm(forms.Form):
    done_on = VNDateField(label=_("Ngày hoàn thành"))
    note = forms.CharField(label=_("Kết quả thực hiện"), max_length=500, required=False)
