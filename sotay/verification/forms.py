from __future__ import annotations

from typing import cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sotay.admissions.models import AdmissionCase
from sotay.core.forms import VNDateField
from sotay.orgs.models import Organization, subtree_filter

from .models import Conclusion, Letter, Purpose


def linkable_admissions(org: Organization | None) -> QuerySet[AdmissionCase]:
    """The admission cases of the subtree that have no verification yet (one may be linked to a new case)."""
    if org is None:
        return AdmissionCase.objects.none()
    return AdmissionCase.objects.filter(subtree_filter(org.path, "organization__path"), verification__isnull=True)


class CaseForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Mục đích"), choices=Purpose.choices)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    birth_on = VNDateField(label=_("Ngày sinh"))
    declaration_received_on = VNDateField(label=_("Ngày nhận lý lịch"))
    admission_case = forms.ModelChoiceField(
        label=_("Hồ sơ kết nạp"), queryset=AdmissionCase.objects.none(), required=False
    )

    def __init__(self, *args, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[AdmissionCase]", self.fields["admission_case"])
        field.queryset = linkable_admissions(org)


class LetterForm(forms.Form):
    place = forms.ChoiceField(label=_("Nơi thẩm tra"), choices=Letter.Place.choices)
    addressee = forms.CharField(label=_("Gửi đến (cấp ủy, cơ quan)"), max_length=255)
    about = forms.CharField(label=_("Người thân được thẩm tra (tên, quan hệ)"), max_length=200, required=False)
    number = forms.CharField(label=_("Số công văn"), max_length=60, required=False)
    sent_on = VNDateField(label=_("Ngày gửi"))


class ReplyForm(forms.Form):
    reply_on = VNDateField(label=_("Ngày nhận trả lời"))
    result = forms.ChoiceField(label=_("Kết quả"), choices=Letter.Result.choices)
    summary = forms.CharField(label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ConcludeForm(forms.Form):
    conclusion = forms.ChoiceField(label=_("Kết luận"), choices=Conclusion.choices)
    deciding_body = forms.CharField(label=_("Cấp ủy kết luận"), max_length=200)
    concluded_on = VNDateField(label=_("Ngày kết luận"))
    note = forms.CharField(
        label=_("Nội dung kết luận, điều kiện"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
