"""How much a member owes for one dues month (docs/rules/dues.md#mức-đóng). Read-only: services.py writes the ledger.

Order of the computation for dues month M (`month` is always the first day of M):

1. Full exemption: Party age of ≥ 50 years reached on or before the last day of M (the month the member reaches
   50 years is already exempt), or a `DuesExemption` covering M → 0 đ.
2. The member's declared basis in force on the first day of M (`MemberDuesBasis`); none → no liability.
3. The `DuesRule` for that basis in force for M: a percentage of the declared amount (salary, benefit, pension),
   a percentage of the regional minimum wage in force on the first day of M (the region of the cell's location,
   `months.region_for`), or a fixed amount.
4. A `DuesReduction` covering M takes 30/50/70% off.
5. Rounding, once, at the end: half-up to a whole đồng (0.5 đ and more rounds up). So 1% of 5,310,050 đ is
   53,101 đ, and 0.3% of 4,730,000 đ is 14,190 đ exactly.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from sotay.members.models import Member
from sotay.members.party_age import date_reaching

from .models import (
    DuesExemption,
    DuesReduction,
    DuesRule,
    MemberDuesBasis,
    RateOf,
    RegionalMinimumWage,
)

EXEMPT_PARTY_AGE_YEARS = 50


class NoBasis(LookupError):
    """The member has declared no basis in force for the month."""


class NoRule(LookupError):
    """No rate rule or regional minimum wage is in force for the month."""


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def last_of_month(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def round_dong(value: Decimal) -> int:
    """Whole đồng, half-up."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Assessment:
    amount: int
    rule: DuesRule | None
    reference: str
    note: str = ""


def rule_for(basis: str, month: dt.date) -> DuesRule:
    rule = DuesRule.objects.filter(basis=basis, effective_from__lte=month).order_by("-effective_from").first()
    if rule is None:
        raise NoRule(_("Chưa có mức đóng đảng phí áp dụng cho tháng %(m)s.") % {"m": f"{month:%m/%Y}"})
    return rule


def minimum_wage(region: int, on: dt.date) -> RegionalMinimumWage:
    wage = RegionalMinimumWage.objects.filter(region=region, effective_from__lte=on).order_by("-effective_from").first()
    if wage is None:
        raise NoRule(_("Chưa có lương tối thiểu vùng áp dụng ngày %(d)s.") % {"d": f"{on:%d/%m/%Y}"})
    return wage


def basis_for(member: Member, month: dt.date) -> MemberDuesBasis:
    declared = member.dues_bases.filter(effective_from__lte=month).order_by("-effective_from").first()
    if declared is None:
        raise NoBasis(_("%(n)s chưa kê khai căn cứ đóng đảng phí.") % {"n": member.full_name})
    return declared


def exemption_note(member: Member, month: dt.date) -> str:
    """Why `member` owes nothing for `month`, or "" when they owe."""
    if date_reaching(member, EXEMPT_PARTY_AGE_YEARS) <= last_of_month(month):
        return _("Miễn: đủ 50 năm tuổi đảng")
    exemption = (
        DuesExemption.objects.filter(member=member, start_month__lte=month)
        .exclude(end_month__lt=month)
        .order_by("-start_month")
        .first()
    )
    if exemption is not None:
        return _("Miễn: %(r)s") % {"r": exemption.get_reason_display()}
    return ""


def assess(member: Member, month: dt.date) -> Assessment:
    """What `member` owes for dues month `month`; raises NoBasis or NoRule when it cannot be computed."""
    month = first_of_month(month)
    note = exemption_note(member, month)
    if note:
        return Assessment(0, None, note, note)
    declared = basis_for(member, month)
    rule = rule_for(declared.basis, month)
    if rule.of_what == RateOf.FIXED:
        base = Decimal(rule.fixed_amount or 0)
        reference = f"{rule.document_reference}: {rule.fixed_amount:,} đ"
    else:
        if rule.of_what == RateOf.REGIONAL_MINIMUM_WAGE:
            # The region of the cell's location (docs/rules/dues.md#vùng-lương-tối-thiểu), inherited down the tree;
            # a region declared on the member is only the fallback where no organisation has one yet.
            from .months import region_for

            located = region_for(member.organization, month)
            region = located.region if located is not None else declared.region
            if region is None:
                raise NoBasis(
                    _("Chưa có vùng lương tối thiểu của %(o)s (nơi %(n)s sinh hoạt).")
                    % {"o": member.organization.name, "n": member.full_name}
                )
            wage = minimum_wage(region, month)
            on_amount, on_text = wage.amount, f"{wage.get_region_display()} {wage.amount:,} đ ({wage.document})"
        else:
            if declared.amount is None:
                raise NoBasis(_("%(n)s chưa kê khai số tiền làm căn cứ.") % {"n": member.full_name})
            on_amount, on_text = declared.amount, f"{declared.amount:,} đ"
        percent = rule.percent or Decimal(0)
        base = Decimal(on_amount) * percent / 100
        reference = f"{rule.document_reference}: {percent.normalize()}% × {on_text}"
    reduction = (
        DuesReduction.objects.filter(member=member, start_month__lte=month, end_month__gte=month)
        .order_by("-start_month")
        .first()
    )
    note = ""
    if reduction is not None:
        base = base * (100 - reduction.percent) / 100
        note = _("Giảm %(p)s%%") % {"p": reduction.percent}
        reference = f"{reference}, −{reduction.percent}%"
    return Assessment(round_dong(base), rule, reference[:255], note)
