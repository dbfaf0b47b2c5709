"""Forms for congresses and elections: validation and widgets only; saving goes through services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sotay.core.forms import CheckedFileField, VNDateField

from .models import Body, CandidateSource, CongressKind, HandVote, Method, Responsible, StepStatus


class ElectionForm(forms.Form):
    body = forms.ChoiceField(label=_("Bầu"), choices=Body.choices)
    # Opinion polls have their own form and page (PollForm): an election is always a secret ballot here.
    method = forms.ChoiceField(label=_("Hình thức"), choices=[(Method.SECRET, Method.SECRET.label)])
    seats = forms.IntegerField(label=_("Số lượng cần bầu"), min_value=1, max_value=500)
    held_on = VNDateField(label=_("Ngày bầu"))
    summoned = forms.IntegerField(label=_("Số được triệu tập"), min_value=0)
    temporary_transfer = forms.IntegerField(label=_("Sinh hoạt tạm thời nơi khác"), min_value=0, initial=0)
    exempt_absent = forms.IntegerField(label=_("Miễn sinh hoạt, vắng mặt"), min_value=0, initial=0)
    suspended = forms.IntegerField(label=_("Bị đình chỉ sinh hoạt, truy tố, tạm giam"), min_value=0, initial=0)
    absent_approved = forms.IntegerField(label=_("Vắng suốt đại hội có lý do được chấp nhận"), min_value=0, initial=0)
    present = forms.IntegerField(label=_("Số có mặt"), min_value=0)
    counting_committee = forms.CharField(
        label=_("Ban kiểm phiếu (mỗi dòng một người, trưởng ban trước)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CandidateForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    source = forms.ChoiceField(label=_("Nguồn"), choices=CandidateSource.choices)
    approvals = forms.IntegerField(
        label=_("Số đồng ý đưa vào danh sách (đề cử, ứng cử tại đại hội)"), min_value=0, required=False
    )


class CountsForm(forms.Form):
    issued = forms.IntegerField(label=_("Số phiếu phát ra"), min_value=0)
    returned = forms.IntegerField(label=_("Số phiếu thu vào"), min_value=0)
    valid = forms.IntegerField(label=_("Số phiếu hợp lệ"), min_value=0)
    invalid = forms.IntegerField(label=_("Số phiếu không hợp lệ"), min_value=0)


class ApproveForm(forms.Form):
    decision = forms.CharField(label=_("Số quyết định chuẩn y"), max_length=120)
    approved_on = VNDateField(label=_("Ngày chuẩn y"))
    term_starts_on = VNDateField(label=_("Nhiệm kỳ bắt đầu từ ngày"))


class StepForm(forms.Form):
    status = forms.ChoiceField(label=_("Tình trạng"), choices=StepStatus.choices)
    done_on = VNDateField(label=_("Ngày xong"), required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)
    document = CheckedFileField(label=_("Văn bản"), required=False)


class HandVoteForm(forms.Form):
    organ = forms.ChoiceField(label=_("Cơ quan"), choices=HandVote.Organ.choices)
    names = forms.CharField(label=_("Danh sách"), widget=forms.Textarea(attrs={"rows": 2}))
    present = forms.IntegerField(label=_("Số có mặt"), min_value=0)
    in_favour = forms.IntegerField(label=_("Tán thành"), min_value=0)
    against = forms.IntegerField(label=_("Không tán thành"), min_value=0, initial=0)


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=255)
    term_label = forms.CharField(label=_("Nhiệm kỳ"), max_length=20)
    cells_only = forms.BooleanField(label=_("Chỉ các chi bộ"), required=False, initial=True)
    delegates_from = forms.IntegerField(
        label=_("Đại hội đại biểu khi có từ bao nhiêu đảng viên (cần đối chiếu)"),
        min_value=1,
        initial=300,
        required=False,
        help_text=_("Dưới số này: đại hội đảng viên. Quy định hiện hành chưa đối chiếu được; cấp ủy tự đặt."),
    )


class PlanStepForm(forms.Form):
    title = forms.CharField(label=_("Nội dung"), max_length=300)
    offset_days = forms.IntegerField(label=_("Số ngày so với ngày đại hội (âm: trước)"), required=False)
    fixed_due_on = VNDateField(label=_("Hoặc hạn cố định"), required=False)
    produces = forms.CharField(label=_("Văn bản tạo ra"), max_length=200, required=False)


class PlanStepAddForm(PlanStepForm):
    code = forms.CharField(label=_("Mã bước"), max_length=20)
    responsible = forms.ChoiceField(label=_("Cấp thực hiện"), choices=Responsible.choices)

    field_order = ["code", "title", "responsible", "offset_days", "fixed_due_on", "produces"]


class PollForm(forms.Form):
    """An opinion poll on candidates (lấy phiếu giới thiệu): how many to introduce, and who is summoned."""

    body = forms.ChoiceField(label=_("Giới thiệu nhân sự cho"), choices=Body.choices)
    seats = forms.IntegerField(label=_("Số lượng cần giới thiệu"), min_value=1, max_value=500)
    held_on = VNDateField(label=_("Ngày lấy phiếu"))
    summoned = forms.IntegerField(label=_("Số người được triệu tập lấy phiếu"), min_value=0)
    present = forms.IntegerField(label=_("Số có mặt"), min_value=0)
    counting_committee = forms.CharField(
        label=_("Tổ kiểm phiếu (mỗi dòng một người, tổ trưởng trước)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class OpenCongressesForm(forms.Form):
    planned_on = VNDateField(label=_("Ngày đại hội dự kiến (sửa được cho từng nơi)"), required=False)


class CongressForm(forms.Form):
    """Dates, size and the personnel plan; structure targets are percentages of the new committee (blank: none)."""

    kind = forms.ChoiceField(label=_("Hình thức"), choices=CongressKind.choices)
    planned_on = VNDateField(label=_("Ngày dự kiến"), required=False)
    held_on = VNDateField(label=_("Ngày tổ chức"), required=False)
    summoned = forms.IntegerField(label=_("Số đảng viên (đại biểu) được triệu tập"), min_value=0)
    reference_on = VNDateField(label=_("Mốc tính tuổi nhân sự"), required=False)
    committee_size = forms.IntegerField(label=_("Số lượng cấp ủy viên"), min_value=0)
    standing_size = forms.IntegerField(label=_("Số lượng ban thường vụ"), min_value=0)
    deputy_secretaries = forms.IntegerField(label=_("Số phó bí thư"), min_value=0)
    women = forms.IntegerField(label=_("Chỉ tiêu nữ (%)"), min_value=0, max_value=100, required=False)
    under_40 = forms.IntegerField(label=_("Chỉ tiêu dưới 40 tuổi (%)"), min_value=0, max_value=100, required=False)
    ethnic = forms.IntegerField(label=_("Chỉ tiêu dân tộc thiểu số (%)"), min_value=0, max_value=100, required=False)
    reelected = forms.IntegerField(label=_("Chỉ tiêu tái cử (%)"), min_value=0, max_value=100, required=False)

    TARGETS = ("women", "under_40", "ethnic", "reelected")

    @classmethod
    def for_congress(cls, congress):
        initial = {
            name: getattr(congress, name)
            for name in (
                "kind",
                "planned_on",
                "held_on",
                "summoned",
                "reference_on",
                "committee_size",
                "standing_size",
                "deputy_secretaries",
            )
        }
        initial.update({k: (congress.targets or {}).get(k) for k in cls.TARGETS})
        return cls(initial=initial, prefix="c")

    def service_fields(self) -> dict:
        d = dict(self.cleaned_data)
        d["targets"] = {k: d.pop(k) for k in self.TARGETS}
        return d
