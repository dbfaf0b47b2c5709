"""Member forms: validation and widgets only; saving goes through services."""

from __future__ import annotations

from typing import cast

from django import forms
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from vietnam_provinces import Province, ProvinceCode, Ward

from sotay.core.forms import DateInput, QuickSelect, VNDateField, VNModelForm
from sotay.lib.vntext import text_sort_key
from sotay.orgs.forms import OrgPickerField

from .changes import EVENTS
from .choices import (
    AGE_BANDS,
    ETHNIC_GROUPS,
    PARTY_AGE_BANDS,
    ExitKind,
    Gender,
    GeneralEducation,
    MemberStatus,
    PoliticalTheory,
    ProfessionalEducation,
    Religion,
)
from .models import FileLoan, Member, Transfer
from .services import EDITABLE_FIELDS


def _without_unit_type(name: str) -> str:
    """ "Thành phố Hà Nội" sorts under H, "Phường Phố Hiến" under P(hố Hiến)."""
    for prefix in ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _province_choices():
    provinces = sorted(Province.iter_all(), key=lambda p: text_sort_key(_without_unit_type(p.name)))
    return [("", _("— Chọn —"))] + [(p.code.value, p.name) for p in provinces]


def ward_choices(province_code) -> list[tuple]:
    """The communes and wards of one province (current 2025 units), sorted the Vietnamese way."""
    try:
        code = int(province_code)
        wards = list(Ward.iter_by_province(cast(ProvinceCode, code)))  # an unknown code lists no ward
    except (TypeError, ValueError):
        return [("", _("— Chọn tỉnh trước —"))]
    wards.sort(key=lambda w: text_sort_key(_without_unit_type(w.name)))
    return [("", _("— Chọn —"))] + [(w.code.value, w.name) for w in wards]


class MemberForm(VNModelForm):
    class Meta:
        model = Member
        fields = EDITABLE_FIELDS
        widgets = {
            "birth_on": DateInput(),
            "admission_decision_on": DateInput(),
            "joined_on": DateInput(),
            "official_on": DateInput(),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for prefix in ("hometown", "residence"):
            province_field, ward_field = f"{prefix}_province_code", f"{prefix}_ward_code"
            province = self[province_field].value()
            # Reading the value above cached a bound field holding the old (number) field: drop it.
            self._bound_fields_cache.pop(province_field, None)
            self.fields[province_field] = forms.TypedChoiceField(
                label=self.fields[province_field].label,
                choices=_province_choices(),
                coerce=int,
                empty_value=None,
                required=False,
            )
            # Choosing a province reloads its communes and wards in place (htmx); without JavaScript, the list
            # follows the province after saving.
            self.fields[province_field].widget.attrs.update(
                {
                    "hx-get": reverse("members:wards"),
                    "hx-target": f"#id_{ward_field}",
                    "hx-swap": "innerHTML",
                    "hx-trigger": "change",
                    "hx-vals": f'{{"field": "{province_field}"}}',
                }
            )
            self.fields[ward_field] = forms.TypedChoiceField(
                label=self.fields[ward_field].label,
                choices=ward_choices(province),
                coerce=int,
                empty_value=None,
                required=False,
                help_text=_("Chọn tỉnh trước; danh sách xã, phường theo đơn vị hành chính hiện hành."),
            )
        # The service strips spaces and checks the 12 digits; let "033 093 266 622" through to it.
        self.fields["citizen_id"] = forms.CharField(
            label=self.fields["citizen_id"].label,
            required=False,
            max_length=20,
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            help_text=_("12 chữ số."),
        )
        self.fields["phone"].help_text = _("Số di động 10 chữ số, vd 0912345678.")
        for name in (
            "gender",
            "ethnicity",
            "religion",
            "general_education",
            "professional_education",
            "political_theory",
            "service_background",
        ):
            field = self.fields[name]
            field.choices = [("", _("— Chọn —")) if value == "" else (value, label) for value, label in field.choices]
        self.fields["official_on"].help_text = _("Đúng 12 tháng sau ngày vào Đảng; để trống nếu còn dự bị.")

    def validate_unique(self):
        """Uniqueness is checked by the service with Vietnamese messages."""


class NewMemberForm(MemberForm):
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        choices=[(s.value, s.label) for s in (MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL, MemberStatus.EXEMPT)],
    )
    confirm_same_name = forms.BooleanField(
        label=_("Xác nhận đây là người khác"),
        required=False,
        help_text=_("Chỉ đánh dấu khi chi bộ đã có người trùng họ tên và ngày sinh mà đây là một người khác."),
    )
    # One-time token: saving the same form twice (a retry, a double click) opens the member the first save created.
    submit_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            from sotay.core.tokens import new_token

            self.initial["submit_token"] = new_token()


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái mới"), choices=MemberStatus.choices)
    on = VNDateField(label=_("Ngày"), widget=DateInput())
    exit_kind = forms.ChoiceField(
        label=_("Hình thức ra khỏi Đảng"), required=False, choices=[("", "—"), *ExitKind.choices]
    )
    decision_number = forms.CharField(label=_("Số quyết định, nghị quyết"), max_length=60, required=False)
    decision_on = VNDateField(label=_("Ngày quyết định"), required=False, widget=DateInput())
    reason = forms.CharField(label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [(s, MemberStatus(s).label) for s in allowed]


class TransferForm(forms.Form):
    """The giấy giới thiệu sinh hoạt đảng (docs/rules/transfers.md#cấp-giấy-giới-thiệu): a cell in the province, or a
    text destination outside it."""

    kind = forms.ChoiceField(label=_("Loại"), choices=Transfer.Kind.choices, initial=Transfer.Kind.OFFICIAL)
    to = OrgPickerField(
        label=_("Chi bộ chuyển đến (trong tỉnh)"),
        scope="province_cells",
        required=False,
        help_text=_("Gõ tên chi bộ (không dấu cũng được) rồi chọn trong gợi ý, hoặc ghi mã."),
    )
    destination_text = forms.CharField(
        label=_("Hoặc nơi chuyển đến ngoài tỉnh"),
        max_length=255,
        required=False,
        help_text=_("Chỉ ghi khi chuyển ra ngoài tỉnh; chuyển chính thức ra ngoài tỉnh ghi giảm đảng viên ngay."),
    )
    letter_number = forms.CharField(label=_("Số giấy giới thiệu"), max_length=60)
    issued_on = VNDateField(label=_("Ngày cấp giấy"), widget=DateInput())
    decided_on = VNDateField(
        label=_("Ngày quyết định hoặc chuyển nơi ở"),
        widget=DateInput(),
        help_text=_("Hạn chuyển sinh hoạt chính thức là 60 ngày làm việc kể từ ngày này."),
    )
    issuing_body = forms.CharField(label=_("Cơ quan cấp giấy"), max_length=255, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("to") and data.get("destination_text"):
            self.add_error("destination_text", _("Chọn chi bộ trong tỉnh hoặc ghi nơi ngoài tỉnh, không ghi cả hai."))
        elif not data.get("to") and not data.get("destination_text"):
            self.add_error("to", _("Cần chọn chi bộ chuyển đến, hoặc ghi nơi chuyển đến ngoài tỉnh."))
        return data


class ReceiveForm(forms.Form):
    received_on = VNDateField(label=_("Ngày đến"), widget=DateInput())


class MemberFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm theo tên, số thẻ, CCCD"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("vd: nguyen van an")}),
    )
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    gender = forms.ChoiceField(label=_("Giới tính"), required=False)
    age = forms.ChoiceField(label=_("Độ tuổi"), required=False)
    party_age = forms.ChoiceField(label=_("Tuổi đảng"), required=False)
    ethnicity = forms.ChoiceField(label=_("Dân tộc"), required=False)
    professional_education = forms.ChoiceField(label=_("Chuyên môn"), required=False)
    political_theory = forms.ChoiceField(label=_("Lý luận chính trị"), required=False)
    general_education = forms.ChoiceField(label=_("Giáo dục phổ thông"), required=False)
    religion = forms.ChoiceField(label=_("Tôn giáo"), required=False)
    # An organisation of the user's scope: its id (links from other pages) or its name or code as typed; the list of
    # a province's thousands of organisations comes as suggestions while typing (`QuickSelect` with `orgs:suggest`),
    # and `filters.filtered_members` resolves the text.
    org = forms.CharField(
        label=_("Tổ chức (tên hoặc mã)"),
        required=False,
        max_length=300,
        widget=QuickSelect(suggest_url=reverse_lazy("orgs:suggest")),
    )
    # The members behind an increase–decrease figure (from the statistics page).
    event = forms.ChoiceField(required=False, widget=forms.HiddenInput, choices=[("", ""), *[(e, e) for e in EVENTS]])
    start = VNDateField(required=False, widget=forms.HiddenInput)
    end = VNDateField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("Tất cả"))]
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("Đang sinh hoạt")),
            ("all", _("Tất cả")),
            *MemberStatus.choices,
        ]
        self.fields["gender"].choices = everyone + Gender.choices
        self.fields["age"].choices = everyone + [(str(i), label) for i, (label, _lo, _hi) in enumerate(AGE_BANDS)]
        self.fields["party_age"].choices = everyone + [
            (str(i), label) for i, (label, _lo, _hi) in enumerate(PARTY_AGE_BANDS)
        ]
        self.fields["ethnicity"].choices = everyone + ETHNIC_GROUPS
        self.fields["ethnicity"].widget = QuickSelect(choices=self.fields["ethnicity"].choices)  # 54 groups
        self.fields["professional_education"].choices = everyone + ProfessionalEducation.choices
        self.fields["political_theory"].choices = everyone + PoliticalTheory.choices
        self.fields["general_education"].choices = everyone + GeneralEducation.choices
        self.fields["religion"].choices = everyone + Religion.choices


class PartyAgeGapForm(forms.Form):
    """A period out of Party activity, not counted in Party age
    (docs/rules/party-age-and-badges.md#khoảng-không-sinh-hoạt-đảng)."""

    start_on = VNDateField(label=_("Từ ngày"), widget=DateInput())
    end_on = VNDateField(label=_("Đến ngày"), widget=DateInput())
    reason = forms.CharField(label=_("Lý do"), max_length=255)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)


class BadgeAwardForm(forms.Form):
    """Recording a Party badge awarded by decision (docs/rules/party-age-and-badges.md#mốc-huy-hiệu-đảng)."""

    years = forms.TypedChoiceField(label=_("Huy hiệu"), coerce=int)
    awarded_on = VNDateField(label=_("Ngày tặng"), widget=DateInput())
    badge_number = forms.CharField(label=_("Số Huy hiệu"), max_length=40)
    decision_number = forms.CharField(label=_("Số quyết định tặng"), max_length=60)
    occasion = forms.CharField(label=_("Đợt tặng"), max_length=120, required=False, help_text=_("Ví dụ: 3/2/2027."))
    early = forms.BooleanField(label=_("Tặng sớm (đảng viên ốm nặng)"), required=False)
    posthumous = forms.BooleanField(label=_("Truy tặng (đảng viên đã từ trần)"), required=False)

    def __init__(self, *args, milestones: tuple[int, ...], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["years"]).choices = [
            (y, _("%(y)s năm tuổi Đảng") % {"y": y}) for y in milestones
        ]


class FileLoanForm(forms.Form):
    """Lending or handing over a member's file (docs/rules/registers.md#sổ-giao-nhận-và-cho-mượn-hồ-sơ)."""

    kind = forms.ChoiceField(label=_("Loại"), choices=FileLoan.Kind.choices, initial=FileLoan.Kind.LOAN)
    borrower = forms.CharField(label=_("Người nhận"), max_length=120)
    borrower_unit = forms.CharField(label=_("Đơn vị người nhận"), max_length=200, required=False)
    purpose = forms.CharField(label=_("Mục đích"), max_length=255)
    documents = forms.CharField(label=_("Tài liệu giao"), max_length=255, initial=_("Lý lịch đảng viên"))
    lent_on = VNDateField(label=_("Ngày giao"), widget=DateInput())
    due_on = VNDateField(label=_("Hẹn trả"), widget=DateInput(), required=False)


class ArrivalForm(NewMemberForm):
    """A member arriving from outside the province: the profile plus the paper letter
    (docs/rules/transfers.md#chuyển-sinh-hoạt-chính-thức)."""

    arrived_on = VNDateField(label=_("Ngày đến (nộp giấy giới thiệu)"), widget=DateInput())
    letter_number = forms.CharField(label=_("Số giấy giới thiệu"), max_length=60)
    origin = forms.CharField(
        label=_("Nơi chuyển đi"), max_length=255, help_text=_("Cấp ủy cấp giấy, ví dụ: Đảng ủy phường Láng, Hà Nội.")
    )
