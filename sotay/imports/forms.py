from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sotay.orgs.forms import OrgPickerField

# The fields a column can fill, for fixing the mapping by hand.
FIELD_LABELS = {
    "full_name": _("Họ và tên"),
    "birth_name": _("Họ tên khai sinh"),
    "birth_on": _("Ngày sinh"),
    "gender": _("Giới tính"),
    "ethnicity": _("Dân tộc"),
    "religion": _("Tôn giáo"),
    "hometown": _("Quê quán"),
    "residence_address": _("Nơi cư trú"),
    "general_education": _("Giáo dục phổ thông"),
    "professional_education": _("Chuyên môn nghiệp vụ"),
    "political_theory": _("Lý luận chính trị"),
    "foreign_language": _("Ngoại ngữ"),
    "occupation": _("Nghề nghiệp"),
    "admission_decision_on": _("Ngày quyết định kết nạp"),
    "joined_on": _("Ngày vào Đảng"),
    "official_on": _("Ngày chính thức"),
    "card_number": _("Số thẻ đảng viên"),
    "biography_number": _("Số lý lịch"),
    "citizen_id": _("Số định danh (CCCD)"),
    "phone": _("Số điện thoại"),
    "organization": _("Chi bộ"),
    "row_number": _("Số thứ tự"),
}


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp danh sách đảng viên"), help_text=_("Excel (.xlsx, .xls), .ods hoặc .csv."))
    organization = OrgPickerField(
        label=_("Tổ chức nhận dữ liệu"), required=False, help_text=_("Để trống: toàn bộ phạm vi của bạn.")
    )
    default_cell = OrgPickerField(label=_("Chi bộ cho các dòng không ghi chi bộ"), scope="cells", required=False)
    source = forms.CharField(
        label=_("Nguồn dữ liệu"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("vd: CSDL đảng viên 3.0")}),
    )


class MappingForm(forms.Form):
    remember = forms.BooleanField(label=_("Ghi nhớ cho các tệp có cùng tiêu đề"), required=False, initial=True)

    def __init__(self, *args, columns: list[tuple[int, str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— Bỏ qua cột này —")), *[(k, v) for k, v in FIELD_LABELS.items()]]
        for index, heading, current in columns:
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=heading or _("Cột %(n)s") % {"n": index + 1}, choices=choices, required=False, initial=current
            )

        self.order_fields([name for name in self.fields if name != "remember"] + ["remember"])

    def mapping(self) -> dict[int, str]:
        return {int(name[4:]): value for name, value in self.cleaned_data.items() if name.startswith("col_")}


UNICODE = "UNICODE"  # the form's value for "Unicode, as written" (stored as "")


class EncodingForm(forms.Form):
    """One choice per column whose reading is uncertain: Unicode as written, TCVN3 or VNI."""

    remember = forms.BooleanField(label=_("Ghi nhớ cho các tệp có cùng tiêu đề"), required=False, initial=True)

    def __init__(self, *args, readings: dict[str, dict], labels: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for column, reading in sorted(readings.items(), key=lambda item: int(item[0])):
            self.fields[f"enc_{column}"] = forms.ChoiceField(
                label=reading["heading"],
                choices=[(c or UNICODE, labels.get(c, c)) for c in reading["choices"]],
                initial=reading["encoding"] or UNICODE,
                widget=forms.RadioSelect,
            )
        self.order_fields([name for name in self.fields if name != "remember"] + ["remember"])

    def encodings(self) -> dict[int, str]:
        """Column → "" (Unicode as written), "TCVN3" or "VNI"."""
        return {
            int(name[4:]): "" if value == UNICODE else value
            for name, value in self.cleaned_data.items()
            if name.startswith("enc_")
        }
