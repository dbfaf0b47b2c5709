from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sotay.core.forms import DateInput, VNDateField
from sotay.orgs.forms import OrgPickerField
from sotay.orgs.models import CellType, OrgKind


class DecisionForm(forms.Form):
    decision_number = forms.CharField(
        label=_("Số quyết định"), max_length=60, widget=forms.TextInput(attrs={"placeholder": "1788-QĐ/TU"})
    )
    decision_on = VNDateField(label=_("Ngày quyết định"), widget=DateInput())
    effective_on = VNDateField(label=_("Ngày hiệu lực"), widget=DateInput())
    acting_body_name = forms.CharField(label=_("Cơ quan ra quyết định"), max_length=255, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RenameForm(DecisionForm):
    new_name = forms.CharField(label=_("Tên mới"), max_length=255)
    field_order = ["new_name"]


class FoundForm(DecisionForm):
    field_order = ["kind", "name", "cell_type"]

    kind = forms.ChoiceField(label=_("Loại tổ chức"), choices=OrgKind.choices)
    name = forms.CharField(label=_("Tên tổ chức"), max_length=255)
    cell_type = forms.ChoiceField(label=_("Loại hình chi bộ"), choices=[("", "—"), *CellType.choices], required=False)


class MoveForm(DecisionForm):
    field_order = ["new_parent"]

    new_parent = OrgPickerField(label=_("Tổ chức cấp trên mới"), help_text=_("Gõ tên (không dấu cũng được) hoặc mã."))


class MergeForm(DecisionForm):
    field_order = ["target"]

    target = OrgPickerField(
        label=_("Tổ chức tiếp nhận (hợp nhất vào)"), help_text=_("Gõ tên (không dấu cũng được) hoặc mã.")
    )
    handover_signed_on = VNDateField(label=_("Ngày ký biên bản bàn giao"), required=False, widget=DateInput())
    handover_parties = forms.CharField(label=_("Các bên ký biên bản bàn giao"), max_length=500, required=False)


class DissolveForm(DecisionForm):
    pass


REORGANIZE_FORMS = {
    "rename": (RenameForm, _("Đổi tên")),
    "found": (FoundForm, _("Thành lập tổ chức trực thuộc")),
    "move": (MoveForm, _("Điều chuyển trực thuộc")),
    "merge": (MergeForm, _("Hợp nhất vào tổ chức khác")),
    "dissolve": (DissolveForm, _("Giải thể")),
}


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm (người, đối tượng)"), required=False)
    action = forms.ChoiceField(label=_("Hành động"), required=False)
    event = forms.RegexField(
        label=_("Sự việc (ví dụ member.status_changed, hoặc member. cho mọi việc về đảng viên)"),
        regex=r"^[a-z0-9_.]{1,100}$",
        required=False,
        error_messages={"invalid": _("Sự việc chỉ gồm chữ thường không dấu, số, dấu chấm và gạch dưới.")},
    )
    since = VNDateField(label=_("Từ ngày"), required=False, widget=DateInput())
    until = VNDateField(label=_("Đến ngày"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        from sotay.audit.models import AuditAction

        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Tất cả")), *AuditAction.choices]
