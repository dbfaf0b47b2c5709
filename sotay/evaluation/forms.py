"""Validation and widgets only; saving goes through services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from sotay.core.forms import DateInput, VNDateField

from .models import CriteriaSet, Grade, Period, QuotaMode, Stage
from .services import StepInput


class CampaignForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    period = forms.ChoiceField(label=_("Kỳ đánh giá"), choices=Period.choices, initial=Period.YEAR)
    quarter = forms.IntegerField(label=_("Quý (nếu theo quý)"), min_value=1, max_value=4, required=False)
    title = forms.CharField(label=_("Tên đợt (để trống: tự đặt)"), max_length=255, required=False)
    opened_on = VNDateField(label=_("Ngày mở"), widget=DateInput())
    due_on = VNDateField(label=_("Hạn hoàn thành"), widget=DateInput(), required=False)
    quota_percent = forms.DecimalField(
        label=_("HTXSNV tối đa (phần trăm số HTTNV trong mỗi TCCS)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Để trống: theo quy định đang áp dụng (mặc định 20%)."),
    )
    quota_mode = forms.ChoiceField(label=_("Khi vượt tỷ lệ"), choices=QuotaMode.choices, initial=QuotaMode.WARN)


PERCENT_ATTRS = {"inputmode": "decimal", "step": "0.01"}


class StepForm(forms.Form):
    """The fields of one step; one score field per criterion of a scored set."""

    acted_on = VNDateField(label=_("Ngày"), widget=DateInput())
    tasks_done_percent = forms.DecimalField(
        label=_("Nhiệm vụ hoàn thành (%)"),
        min_value=0,
        max_value=100,
        initial=100,
        widget=forms.NumberInput(PERCENT_ATTRS),
    )
    tasks_late_percent = forms.DecimalField(
        label=_("Nhiệm vụ chậm tiến độ (%)"),
        min_value=0,
        max_value=100,
        initial=0,
        widget=forms.NumberInput(PERCENT_ATTRS),
    )
    tasks_above_percent = forms.DecimalField(
        label=_("Nhiệm vụ vượt yêu cầu (%)"),
        min_value=0,
        max_value=100,
        initial=0,
        widget=forms.NumberInput(PERCENT_ATTRS),
    )
    collective_conditions_met = forms.BooleanField(
        label=_("Không có tổ chức, cá nhân trực thuộc bị kỷ luật; đã khắc phục hết hạn chế được chỉ ra"),
        required=False,
        initial=True,
    )
    grade = forms.ChoiceField(label=_("Xếp loại"), choices=Grade.choices)
    comment = forms.CharField(label=_("Nhận xét"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    decision_number = forms.CharField(label=_("Số quyết định, thông báo"), max_length=60, required=False)
    acknowledge_quota = forms.BooleanField(
        label=_("Tôi đã biết việc vượt tỷ lệ HTXSNV và vẫn quyết định"), required=False
    )

    def __init__(self, *args, kind: str, criteria_set: CriteriaSet, collective: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.criteria = list(criteria_set.criteria.all()) if criteria_set.scored else []
        for criterion in self.criteria:
            assert criterion.max_score is not None  # the criteria of a scored set carry their maximum
            self.fields[f"score_{criterion.pk}"] = forms.DecimalField(
                label=_("%(t)s (tối đa %(m)s)") % {"t": criterion.title, "m": f"{criterion.max_score.normalize():f}"},
                min_value=0,
                max_digits=5,
                decimal_places=2,
                widget=forms.NumberInput(PERCENT_ATTRS),
            )
        if not criteria_set.scored:
            for name in ("tasks_done_percent", "tasks_late_percent", "tasks_above_percent"):
                del self.fields[name]
        if not collective:
            del self.fields["collective_conditions_met"]
        if kind != Stage.DECIDED:
            del self.fields["decision_number"]
            del self.fields["acknowledge_quota"]
        self.order_fields(
            [
                "acted_on",
                *[f"score_{c.pk}" for c in self.criteria],
                "tasks_done_percent",
                "tasks_late_percent",
                "tasks_above_percent",
                "collective_conditions_met",
                "grade",
                "comment",
                "decision_number",
                "acknowledge_quota",
            ]
        )
        labels: dict[str, StrOrPromise] = {
            Stage.SELF: _("Tự xếp loại"),
            Stage.REVIEWED: _("Đề xuất xếp loại"),
            Stage.DECIDED: _("Quyết định xếp loại"),
        }
        self.fields["grade"].label = labels[kind]

    def score_fields(self):
        return [self[f"score_{c.pk}"] for c in self.criteria]

    def step_input(self) -> StepInput:
        data = self.cleaned_data
        return StepInput(
            kind=self.kind,
            grade=data["grade"],
            acted_on=data["acted_on"],
            scores={c.pk: data[f"score_{c.pk}"] for c in self.criteria},
            tasks_done_percent=data.get("tasks_done_percent", Decimal(100)),
            tasks_late_percent=data.get("tasks_late_percent", Decimal(0)),
            tasks_above_percent=data.get("tasks_above_percent", Decimal(0)),
            collective_conditions_met=data.get("collective_conditions_met", True),
            comment=data.get("comment", ""),
            decision_number=data.get("decision_number", ""),
            acknowledge_quota=data.get("acknowledge_quota", False),
        )


def initial_from(step, today: dt.date) -> dict:
    """Prefill the next step with the previous step's scores and grade."""
    if step is None:
        return {"acted_on": today}
    initial = {
        "acted_on": today,
        "grade": step.grade,
        "tasks_done_percent": step.tasks_done_percent,
        "tasks_late_percent": step.tasks_late_percent,
        "tasks_above_percent": step.tasks_above_percent,
        "collective_conditions_met": step.collective_conditions_met,
    }
    for score in step.scores.all():
        initial[f"score_{score.criterion_id}"] = score.score
    return initial


class BatchDecisionForm(forms.Form):
    acted_on = VNDateField(label=_("Ngày quyết định"), widget=DateInput())
    decision_number = forms.CharField(label=_("Số quyết định, thông báo"), max_length=60, required=False)
    acknowledge_quota = forms.BooleanField(
        label=_("Tôi đã biết việc vượt tỷ lệ HTXSNV và vẫn quyết định"), required=False
    )
