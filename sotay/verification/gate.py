"""The admission hook: a candidate's case cannot go to the chi bộ's vote (6-KNĐ) until a political-standard
verification case linked to it records "meets" (docs/rules/cadres.md#thẩm-tra-trước-khi-biểu-quyết).

Which admissions it covers is dated data, the rule `verification.required_before_vote` (value true/false, seeded by
migration 0003, "cần đối chiếu"): from its effective date (by default 01/12/2026, when a province starts keeping
verification cases in Sổ tay) every vote needs a linked case concluded "meets" on or before the vote's date. A vote
dated before any version in force, or under a version set to false, needs it only when a case is linked; otherwise
the admission rule it had applies (the "Thẩm tra lý lịch" step, TTLL, recorded before the vote). The setting
SOTAY_VERIFICATION_BEFORE_VOTE = False turns the hook off altogether."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sotay.rules.registry import RuleMissing, rule_value

from .models import Conclusion, VerificationCase

RULE_KEY = "verification.required_before_vote"
RULE_FROM = dt.date(2026, 12, 1)


def enabled() -> bool:
    return getattr(settings, "SOTAY_VERIFICATION_BEFORE_VOTE", True)


def required_on(day: dt.date) -> bool:
    """Whether every admission voted on `day` needs a verification case (the rule version in force that day)."""
    try:
        return bool(rule_value(RULE_KEY, day))
    except RuleMissing:
        return False


def require_meets_before_vote(admission_case, vote_on: dt.date) -> None:
    if not enabled():
        return
    case = VerificationCase.objects.filter(admission_case=admission_case).first()
    if case is None:
        if required_on(vote_on):
            raise ValidationError(
                {
                    "form_code": _(
                        "Chưa thể biểu quyết: hồ sơ kết nạp chưa gắn hồ sơ thẩm tra lý lịch. Cấp ủy thẩm tra mở hồ "
                        "sơ thẩm tra và kết luận “đủ tiêu chuẩn chính trị” trước."
                    )
                }
            )
        return
    if case.conclusion != Conclusion.MEETS:
        raise ValidationError(
            {"form_code": _("Chưa thể biểu quyết: hồ sơ thẩm tra lý lịch chưa có kết luận “đủ tiêu chuẩn chính trị”.")}
        )
    if case.concluded_on is not None and case.concluded_on > vote_on:
        raise ValidationError(
            {
                "done_on": _("Ngày biểu quyết không được trước ngày kết luận thẩm tra (%(d)s).")
                % {"d": f"{case.concluded_on:%d/%m/%Y}"}
            }
        )
