"""Validation and widgets only; saving goes through services, checkin and minutes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sotay.core.forms import CheckedFileField, DateInput, TimeInput, VNDateField, VNModelForm, VNTimeField
from sotay.core.uploads import MATERIALS
from sotay.members.models import Member

from .models import AgendaItem, AgendaKind, AttendanceStatus, MeetingKind, MeetingSchedule


class ScheduleForm(VNModelForm):
    class Meta:
        model = MeetingSchedule
        fields = ["weekday", "week", "start_time", "duration_minutes", "place"]
        widgets = {"start_time": TimeInput()}


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Chủ đề (nếu có)"), max_length=255, required=False)
    day = VNDateField(label=_("Ngày"), widget=DateInput())
    time = VNTimeField(label=_("Giờ"), widget=TimeInput())
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)


class MoveForm(forms.Form):
    day = VNDateField(label=_("Ngày mới"), widget=DateInput())
    time = VNTimeField(label=_("Giờ"), widget=TimeInput())
    place = forms.CharField(label=_("Địa điểm (để trống nếu không đổi)"), max_length=255, required=False)
    reason = forms.CharField(label=_("Lý do dời"), max_length=255)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class MaterialFileField(CheckedFileField):
    """A meeting's material: PDF, Word, Excel, PowerPoint, ODT or a photo, judged by content (sotay.core.uploads)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, allowed=MATERIALS, **kwargs)


class AgendaItemForm(VNModelForm):
    kind = forms.ChoiceField(label=_("Loại"), choices=AgendaKind.choices, initial=AgendaKind.OTHER)

    class Meta:
        model = AgendaItem
        fields = ["title", "kind", "presenter", "material_url", "material_file", "notes", "conclusion"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3}), "conclusion": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"material_file": MaterialFileField}


class MarkForm(forms.Form):
    status = forms.ChoiceField(label=_("Điểm danh"), choices=AttendanceStatus.choices)
    late = forms.BooleanField(label=_("Đến muộn"), required=False)
    left_early = forms.BooleanField(label=_("Về sớm"), required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)


class MinutesForm(forms.Form):
    chair: forms.ModelChoiceField[Member] = forms.ModelChoiceField(label=_("Chủ trì"), queryset=None)
    recorder: forms.ModelChoiceField[Member] = forms.ModelChoiceField(label=_("Thư ký"), queryset=None)
    opening = forms.CharField(
        label=_("Phần mở đầu, ý kiến chung"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    conclusions = forms.CharField(
        label=_("Kết luận của chủ trì"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    place_name = forms.CharField(label=_("Địa danh ghi ngày tháng"), max_length=120, required=False)
    ended_at = VNTimeField(label=_("Giờ kết thúc"), widget=TimeInput(), required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = members
        self.fields["recorder"].queryset = members


class VoteForm(forms.Form):
    subject = forms.CharField(label=_("Nội dung biểu quyết"), max_length=255)
    votes_for = forms.IntegerField(label=_("Tán thành"), min_value=0)
    votes_against = forms.IntegerField(label=_("Không tán thành"), min_value=0, initial=0)
    abstentions = forms.IntegerField(label=_("Không biểu quyết"), min_value=0, initial=0)


class ResolutionForm(forms.Form):
    title = forms.CharField(label=_("Trích yếu nghị quyết"), max_length=255)
    body = forms.CharField(label=_("Nội dung quyết nghị"), widget=forms.Textarea(attrs={"rows": 5}), required=False)


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=500)
    owner: forms.ModelChoiceField[Member] = forms.ModelChoiceField(label=_("Người phụ trách"), queryset=None)
    due_on = VNDateField(label=_("Hạn hoàn thành"), widget=DateInput())

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members


class ReviewForm(forms.Form):
    done_on = VNDateField(label=_("Ngày hoàn thành (để trống nếu chưa xong)"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Đánh giá"), max_length=500, required=False)


class ScoreForm(forms.Form):
    def __init__(self, *args, criteria, initial_points=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_points = initial_points or {}
        for c in criteria:
            self.fields[f"c{c.pk}"] = forms.IntegerField(
                label=gettext("%(l)s (tối đa %(m)d điểm)") % {"l": c.label, "m": c.max_points},
                min_value=0,
                max_value=c.max_points,
                initial=initial_points.get(c.pk),
                required=False,
            )

    def points(self) -> dict[int, int]:
        return {int(k[1:]): v for k, v in self.cleaned_data.items() if v is not None}
