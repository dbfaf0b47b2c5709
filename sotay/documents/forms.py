"""Validation and widgets only; saving goes through services."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sotay.core.forms import DateInput, QuickSelect, VNDateField, VNModelForm

from . import search
from .models import Audience, DocStatus, DocType, Document, RelationKind
from .services import DOCUMENT_FIELDS


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm văn bản, hướng dẫn"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Loại"), required=False, choices=[("", _("Mọi loại")), *DocType.choices])
    issuer = forms.CharField(label=_("Cơ quan (ký hiệu)"), required=False, max_length=20)
    year = forms.TypedChoiceField(
        label=_("Năm"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Mọi năm"))],
    )
    status = forms.ChoiceField(
        label=_("Tình trạng"), required=False, choices=[("", _("Mọi tình trạng")), *DocStatus.choices]
    )
    topic = forms.ChoiceField(label=_("Chủ đề"), required=False)
    source = forms.ChoiceField(label=_("Nguồn"), required=False)

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [("", _("Mọi năm")), *((y, y) for y in range(this_year, 1989, -1))]
        self.fields["topic"].choices = [("", _("Mọi chủ đề")), *((t.slug, t.name) for t in topics)]
        # Topics grow with the library (every document may add some): typed and suggested rather than scrolled.
        self.fields["topic"].widget = QuickSelect(choices=self.fields["topic"].choices)
        # Every registered source: documents, guides, and the announcements when sotay.handbook registers them.
        self.fields["source"].choices = [("", _("Tất cả")), *((n, s.label) for n, s in search.SOURCES.items())]


class DocumentForm(VNModelForm):
    topics_text = forms.CharField(
        label=_("Chủ đề"), required=False, help_text=_("Cách nhau bằng dấu phẩy, ví dụ: Đảng phí, Đại hội")
    )

    class Meta:
        model = Document
        fields = ["organization", *DOCUMENT_FIELDS]
        widgets = {
            "issued_on": DateInput(),
            "effective_from": DateInput(),
            "effective_to": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = orgs
        self.fields["audience_org"].queryset = orgs
        self.fields["audience"].choices = Audience.choices
        if self.instance.pk:
            del self.fields["organization"]
            self.initial["topics_text"] = ", ".join(t.name for t in self.instance.topics.all())

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("organization", "topics_text")}
        data["topics"] = [t.strip() for t in self.cleaned_data.get("topics_text", "").split(",") if t.strip()]
        return data


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Văn bản này"), choices=RelationKind.choices)
    target = forms.CharField(label=_("Văn bản (số, ký hiệu)"), max_length=60, help_text=_("Ví dụ 232-QĐ/TW"))


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề"), max_length=400)
    body = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 14}))
    source_url = forms.URLField(label=_("Nguồn (địa chỉ trang)"), required=False, assume_scheme="https")
    published_on = VNDateField(label=_("Ngày đăng"), required=False, widget=DateInput())


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Tệp PDF, DOCX hoặc DOC"))


class GuideForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề"), max_length=200)
    body = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 14}), required=False)
    regulations = forms.ModelMultipleChoiceField(
        label=_("Căn cứ (văn bản)"),
        queryset=Document.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regulations"].queryset = documents
