"""The admission hook: a candidate's case cannot go to the chi bộ's vote (6-KNĐ) until the verification case
linked to it records "meets" (docs/rules/cadres.md#thẩm-tra-trước-khi-biểu-quyết). On by default; the setting
SOTAY_VERIFICATION_BEFORE_VOTE = False turns it off.

An admission case with no verification case linked (opened before this app, or verified on paper) keeps the
admission rule it had: its "Thẩm tra lý lịch" step (TTLL) must be recorded before the vote."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Conclusion, VerificationCase


def enabled() -> bool:
    return getattr(settings, "SOTAY_VERIFICATION_BEFORE_VOTE", True)


def require_meets_before_vote(admission_case) -> None:
    if not enabled():
        return
    case = VerificationCase.objects.filter(admission_case=admission_case).first()
    if case is not None and case.conclusion != Conclusion.MEETS:
        raise ValidationError(
            {"form_code": _("Chưa thể biểu quyết: hồ sơ thẩm tra lý lịch chưa có kết luận “đủ tiêu chuẩn chính trị”.")}
        )
