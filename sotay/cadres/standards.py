"""Checking a member against a position's standard on a reference day (docs/rules/cadres.md#tiêu-chuẩn-chức-danh).

Every automatic criterion is checked against the registry; the manual ones are met once a person confirmed them.
Ages are counted in completed months on the reference day, like the admission age limits (sotay/admissions
`_check_age`, Điều lệ Điều 1 khoản 2 as 29-/24-/232-/294-QĐ/TW set them): a person is still "N months old" until
N + 1 months are complete.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from sotay.lib.dates import add_months
from sotay.members.choices import PoliticalTheory, ProfessionalEducation

from .models import Appointment, Position, Standard

THEORY_ORDER = {
    "": 0,
    PoliticalTheory.NONE: 0,
    PoliticalTheory.ELEMENTARY: 1,
    PoliticalTheory.INTERMEDIATE: 2,
    PoliticalTheory.ADVANCED: 3,
    PoliticalTheory.BACHELOR: 3,
}
EDUCATION_ORDER = {
    "": 0,
    ProfessionalEducation.NONE: 0,
    ProfessionalEducation.VOCATIONAL: 1,
    ProfessionalEducation.COLLEGE: 2,
    ProfessionalEducation.BACHELOR: 3,
    ProfessionalEducation.MASTER: 4,
    ProfessionalEducation.DOCTORATE: 5,
}


def age_in_months(born: dt.date, on: dt.date) -> int:
    """Completed months of age on `on` (add_months falls back to the month's end for the 29th-31st)."""
    months = (on.year - born.year) * 12 + on.month - born.month
    if add_months(born, months) > on:
        months -= 1
    return months


def within_age(born: dt.date, on: dt.date, max_months: int) -> bool:
    """Not over the limit: at most `max_months` completed months old on `on`."""
    return add_months(born, max_months + 1) > on


def _months_text(months: int) -> str:
    years, rest = divmod(months, 12)
    return _("%(y)s tuổi %(m)s tháng") % {"y": years, "m": rest} if rest else _("%(y)s tuổi") % {"y": years}


@dataclass
class Gap:
    key: str  # "theory", "education", "party_age", "age", "prior", "manual"
    text: str
    needs: str = ""  # for training needs: the level missing (a PoliticalTheory / ProfessionalEducation value)
    criterion: str = ""  # a manual criterion a person may confirm


@dataclass
class Check:
    standard: Standard | None
    gaps: list[Gap] = field(default_factory=list)

    @property
    def meets(self) -> bool:
        return self.standard is not None and not self.gaps


def standard_for(position: Position, on: dt.date) -> Standard | None:
    """The version in force on `on` for the position's kind: one for its kind of organisation first, else any."""
    rows = Standard.objects.filter(position_kind=position.kind, effective_from__lte=on).filter(
        Q(org_kind=position.organization.kind) | Q(org_kind="")
    )
    return rows.order_by("-org_kind", "-effective_from").first()


def check(member, position: Position, on: dt.date, *, again: bool | None = None) -> Check:
    """Gaps between `member` and the standard of `position` on `on`. `again` (re-election, re-appointment) uses the
    second age limit; by default it is whether the member holds this position now."""
    standard = standard_for(position, on)
    result = Check(standard)
    if standard is None:
        return result
    if (
        standard.min_political_theory
        and THEORY_ORDER.get(member.political_theory, 0) < THEORY_ORDER[standard.min_political_theory]
    ):
        result.gaps.append(
            Gap(
                "theory",
                _("Lý luận chính trị chưa đạt %(l)s") % {"l": standard.get_min_political_theory_display().lower()},
                standard.min_political_theory,
            )
        )
    if (
        standard.min_professional_education
        and EDUCATION_ORDER.get(member.professional_education, 0) < EDUCATION_ORDER[standard.min_professional_education]
    ):
        result.gaps.append(
            Gap(
                "education",
                _("Chuyên môn chưa đạt %(l)s") % {"l": standard.get_min_professional_education_display().lower()},
                standard.min_professional_education,
            )
        )
    if standard.min_party_age_years is not None and member.party_age(on) < standard.min_party_age_years:
        result.gaps.append(Gap("party_age", _("Tuổi đảng chưa đủ %(n)s năm") % {"n": standard.min_party_age_years}))
    if again is None:
        again = Appointment.objects.filter(member=member, position=position, starts_on__lt=on).exists()
    female = member.gender == "F"
    if again:
        limit = standard.again_max_age_months_female if female else standard.again_max_age_months_male
    else:
        limit = standard.first_max_age_months_female if female else standard.first_max_age_months_male
    if limit is not None and not within_age(member.birth_on, on, limit):
        result.gaps.append(
            Gap(
                "age",
                _("Quá tuổi %(w)s ngày %(d)s: %(a)s, giới hạn %(l)s")
                % {
                    "w": _("tái cử, tái bổ nhiệm") if again else _("tham gia lần đầu"),
                    "d": f"{on:%d/%m/%Y}",
                    "a": _months_text(age_in_months(member.birth_on, on)),
                    "l": _months_text(limit),
                },
            )
        )
    if standard.required_prior_kinds:
        held = Appointment.objects.filter(
            member=member, position__kind__in=standard.required_prior_kinds, starts_on__lte=on
        ).exists()
        if not held:
            from .models import PositionKind

            names = ", ".join(
                str(PositionKind(k).label) for k in standard.required_prior_kinds if k in PositionKind.values
            )
            result.gaps.append(Gap("prior", _("Chưa đảm nhiệm chức danh: %(n)s") % {"n": names}))
    if standard.manual_criteria:
        confirmed = set(standard.confirmations.filter(member=member).values_list("criterion", flat=True))
        for criterion in standard.manual_criteria:
            if criterion not in confirmed:
                result.gaps.append(Gap("manual", _("Chưa xác nhận: %(c)s") % {"c": criterion}, criterion=criterion))
    return result
