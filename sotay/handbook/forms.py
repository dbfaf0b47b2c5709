"""Validation and widgets only; saving goes through services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sotay.core.forms import DateInput, VNDateField

from .models import FeedbackKind


class OrgField(forms.CharField):
    """An organisation typed as "Name (CODE)", a code or part of a name; resolved in scope by the view."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 300)
        super().__init__(**kwargs)


class AnnouncementForm(forms.Form):
    organization = OrgField(
        label=_("Gửi tới"), help_text=_("Tổ chức đảng nhận thông báo; mọi tổ chức cấp dưới cũng nhận.")
    )
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    body = forms.CharField(label=_("Nội dung"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 8}))
    pinned = forms.BooleanField(label=_("Ghim lên đầu"), required=False)
    expires_on = VNDateField(
        label=_("Hết hạn ngày"), required=False, widget=DateInput(), help_text=_("Để trống nếu không hết hạn.")
    )


class FeedbackForm(forms.Form):
    organization = forms.ChoiceField(label=_("Gửi tới"))
    kind = forms.ChoiceField(label=_("Loại"), choices=FeedbackKind.choices)
    subject = forms.CharField(label=_("Tiêu đề"), max_length=200)
    body = forms.CharField(label=_("Nội dung"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [(str(o.pk), o.name) for o in targets]


FEEDBACK_ACTIONS = [("answer", _("Trả lời")), ("forward", _("Chuyển lên cấp trên")), ("close", _("Đóng"))]


class FeedbackActionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Xử lý"),
        choices=FEEDBACK_ACTIONS,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Nội dung trả lời hoặc ghi chú"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class StudySessionForm(forms.Form):
    organization = OrgField(label=_("Giao cho"), help_text=_("Tổ chức đảng học tập; mọi tổ chức cấp dưới cũng học."))
    document = forms.CharField(
        label=_("Văn bản (số, ký hiệu)"), max_length=60, help_text=_("Ví dụ 144-QĐ/TW; văn bản phải có trong thư viện.")
    )
    deadline = VNDateField(label=_("Hạn hoàn thành"), widget=DateInput())
    instructions = forms.CharField(
        label=_("Yêu cầu"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    quiz = forms.CharField(
        label=_("Câu hỏi trắc nghiệm (không bắt buộc)"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Mỗi câu hỏi một đoạn, cách nhau một dòng trống: dòng đầu là câu hỏi, mỗi dòng sau là một phương án; "
            "đánh dấu phương án đúng bằng dấu * ở đầu dòng."
        ),
    )


class StudyForm(forms.Form):
    reflection = forms.CharField(
        label=_("Bài thu hoạch"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ngắn gọn: điều tâm đắc và việc sẽ làm theo nghị quyết (ít nhất 30 ký tự)."),
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for q in questions:
            self.fields[f"q{q.pk}"] = forms.ChoiceField(
                label=q.text,
                choices=[(str(c.pk), c.text) for c in q.choices.all()],
                widget=forms.RadioSelect,
                required=False,
            )

    def answers(self) -> dict[int, int]:
        out = {}
        for name, value in self.cleaned_data.items():
            if name.startswith("q") and value:
                out[int(name[1:])] = int(value)
        return out
