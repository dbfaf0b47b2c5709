from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PaymentChannel


class PaymentForm(forms.Form):
    amount = forms.IntegerField(label=_("Số tiền (đồng)"), min_value=1)
    paid_on = forms.DateField(label=_("Ngày nộp"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    channel = forms.ChoiceField(label=_("Hình thức nộp"), choices=PaymentChannel.choices)
    pays_more = forms.BooleanField(label=_("Tự nguyện đóng cao hơn mức phải đóng"), required=False)
