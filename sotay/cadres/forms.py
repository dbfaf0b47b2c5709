"""Forms of the cadres pages (dates dd/mm/yyyy through VNDateField)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sotay.core.forms import VNDateField
from sotay.members.models import Member
from sotay.orgs.models import subtree_filter

from .models import Appointment, Position, PositionKind


def members_of(org):
    """Current members of the organisation's subtree, by the Vietnamese alphabet of their given name."""
    return (
        Member.objects.filter(subtree_filter(org.path, "organization__path"), status__in=("OFFICIAL", "PROBATIONARY"))
        .select_related("organization")
        .order_by("name_sort_key")
    )


class MemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.birth_on:%d/%m/%Y}) — {obj.organization.name}"


class PositionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại chức danh"), choices=PositionKind.choices)
    title = forms.CharField(label=_("Tên chức danh"), max_length=160)
    posts = forms.IntegerField(label=_("Số lượng"), min_value=1, max_value=99, initial=1)


class AppointForm(forms.Form):
    member = MemberChoice(label=_("Đảng viên"), queryset=Member.objects.none())
    kind = forms.ChoiceField(label=_("Hình thức"), choices=Appointment.Kind.choices)
    from_text = forms.CharField(label=_("Chức danh, nơi công tác trước"), max_length=255, required=False)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_on = VNDateField(label=_("Ngày quyết định"))
    starts_on = VNDateField(label=_("Từ ngày"))
    planned_end_on = VNDateField(label=_("Dự kiến kết thúc"), required=False)

    def __init__(self, *args, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        if org is not None:
            self.fields["member"].queryset = members_of(org)


class EndForm(forms.Form):
    end_kind = forms.ChoiceField(label=_("Kết thúc bằng"), choices=Appointment.EndKind.choices)
    ended_on = VNDateField(label=_("Ngày kết thúc"), required=False)
    extend_to = VNDateField(label=_("Gia hạn đến ngày"), required=False)
    end_decision = forms.CharField(label=_("Quyết định"), max_length=60, required=False)


class PlanForm(forms.Form):
    term_start = forms.IntegerField(label=_("Nhiệm kỳ từ năm"), min_value=2000, max_value=2100)
    term_end = forms.IntegerField(label=_("Đến năm"), min_value=2000, max_value=2110)
    term_starts_on = VNDateField(label=_("Ngày bắt đầu nhiệm kỳ (ngày tính tuổi)"))
    decision_number = forms.CharField(label=_("Số quyết định phê duyệt"), max_length=60, required=False)
    decision_on = VNDateField(label=_("Ngày quyết định"), required=False)


class AddForm(forms.Form):
    position = forms.ModelChoiceField(label=_("Chức danh"), queryset=Position.objects.none())
    member = MemberChoice(label=_("Đảng viên"), queryset=Member.objects.none())
    on = VNDateField(label=_("Ngày đưa vào"))
    reason = forms.CharField(label=_("Lý do"), max_length=300)
    decision = forms.CharField(label=_("Quyết định"), max_length=60, required=False)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = (
            Position.objects.filter(organization=plan.organization) if plan else Position.objects.none()
        )
        if plan is not None:
            self.fields["member"].queryset = members_of(plan.organization)


class RemoveForm(forms.Form):
    on = VNDateField(label=_("Ngày đưa ra"))
    reason = forms.CharField(label=_("Lý do"), max_length=300)
    decision = forms.CharField(label=_("Quyết định"), max_length=60, required=False)
