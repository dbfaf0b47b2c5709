from __future__ import annotations

import datetime as dt
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sotay.core.forms import VNDateField
from sotay.members.choices import ACTIVE_STATUSES
from sotay.members.models import Member
from sotay.orgs.models import Organization, subtree_filter

from .models import AppealOutcome, Sanction, ScreeningOutcome


class MemberWithCellChoice(forms.ModelChoiceField):
    """A member named with their cell, so two namesakes of the subtree can be told apart."""

    def label_from_instance(self, obj: Member) -> str:
        return f"{obj.full_name} — {obj.organization.name}"


class DisciplineForm(forms.Form):
    member = MemberWithCellChoice(label=_("Đảng viên bị kỷ luật"), queryset=Member.objects.none(), required=False)
    subject_organization = forms.ModelChoiceField(
        label=_("hoặc tổ chức đảng bị kỷ luật"), queryset=Organization.objects.none(), required=False
    )
    kind = forms.ChoiceField(label=_("Hình thức kỷ luật"), choices=Sanction.choices)
    violation = forms.CharField(label=_("Nội dung vi phạm"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    deciding_body = forms.ModelChoiceField(label=_("Tổ chức quyết định"), queryset=Organization.objects.none())
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=100)
    decided_on = VNDateField(label=_("Ngày quyết định"))
    effective_on = VNDateField(label=_("Ngày có hiệu lực (nếu khác ngày quyết định)"), required=False)

    def __init__(self, *args, org: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        member = cast("forms.ModelChoiceField[Member]", self.fields["member"])
        member.queryset = (
            Member.objects.in_subtree(org)
            .filter(status__in=ACTIVE_STATUSES)
            .select_related("organization")
            .vietnamese_order()
        )
        orgs = Organization.objects.filter(subtree_filter(org.path), valid_to__isnull=True).order_by("path")
        cast("forms.ModelChoiceField[Organization]", self.fields["subject_organization"]).queryset = orgs
        cast("forms.ModelChoiceField[Organization]", self.fields["deciding_body"]).queryset = orgs
        self.fields["deciding_body"].initial = org.pk

    def clean(self):
        data = super().clean()
        if bool(data.get("member")) == bool(data.get("subject_organization")):
            raise forms.ValidationError(_("Chọn một đảng viên hoặc một tổ chức đảng."))
        return data


class AppealForm(forms.Form):
    filed_on = VNDateField(label=_("Ngày khiếu nại"))
    content = forms.CharField(label=_("Nội dung khiếu nại"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ResolveAppealForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Kết quả giải quyết"), choices=[c for c in AppealOutcome.choices if c[0] != AppealOutcome.PENDING]
    )
    reduced_to = forms.ChoiceField(
        label=_("Giảm còn (nếu giảm)"), choices=[("", "—"), *Sanction.choices], required=False
    )
    resolved_by = forms.CharField(label=_("Cơ quan giải quyết"), max_length=200)
    resolution_number = forms.CharField(label=_("Số quyết định giải quyết"), max_length=100, required=False)
    resolved_on = VNDateField(label=_("Ngày giải quyết"))


class OverrideForm(forms.Form):
    reason = forms.CharField(label=_("Lý do cho phép xếp loại cao hơn KHTNV"), widget=forms.Textarea(attrs={"rows": 2}))


class ScreeningForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Kết quả xử lý"), choices=ScreeningOutcome.choices)
    decided_on = VNDateField(label=_("Ngày"), initial=dt.date.today)
    decision_number = forms.CharField(label=_("Số quyết định, nghị quyết"), max_length=100, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=1000, required=False)
