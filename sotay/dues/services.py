"""Writes to the dues ledger: each service is atomic and audited (docs/glossary.md, "Conventions": services and audit).

Payments (decision, docs/rules/dues.md#đóng-thêm "members may pay more"): a payment may not exceed the balance still due
for the month unless it is recorded explicitly as `pays_more=True` (the chi bộ then reports the extra upward); a month
already paid in full refuses further ordinary payments, but still accepts an explicit "pays more" payment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.audit.log import actor as _user
from sotay.audit.log import log, log_many
from sotay.audit.models import AuditAction
from sotay.members.models import Member
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization

from . import rates
from .ledger import month_totals
from .models import (
    DECLARED_AMOUNT_BASES,
    REGIONAL_WAGE_BASES,
    DuesExemption,
    DuesLiability,
    DuesPayment,
    DuesReduction,
    ExemptionReason,
    MemberDuesBasis,
    PaymentChannel,
)

if TYPE_CHECKING:
    from sotay.dues.models import OrganizationWageRegion

MAX_REDUCTION_MONTHS = 12
# 01-QĐ/TW Điều 5: an exemption for "another reason" is reviewed at least every 12 months, like a reduction.
MAX_OTHER_EXEMPTION_MONTHS = 12


def _months_between(start: dt.date, end: dt.date) -> int:
    """Dues months from `start` to `end`, both included."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


@dataclass
class ComputeResult:
    created: list[DuesLiability] = field(default_factory=list)
    already: int = 0
    missing: list[tuple[Member, str]] = field(default_factory=list)


def _create_liability(member: Member, month: dt.date, assessment: rates.Assessment, by: Actor) -> DuesLiability:
    return DuesLiability.objects.create(
        member=member,
        organization_id=member.organization_id,
        month=month,
        amount=assessment.amount,
        rule=assessment.rule,
        rule_reference=assessment.reference,
        note=assessment.note,
        created_by=_user(by),
    )


@transaction.atomic
def compute_liabilities(*, org: Organization, month: dt.date, actor: Actor) -> ComputeResult:
    """Create the month's liability for every active member of `org`'s subtree who has none yet (idempotent)."""
    actor.require(policy.CHANGE_MEMBERS, org)
    month = rates.first_of_month(month)
    result = ComputeResult()
    members = Member.objects.active().in_subtree(org).select_related("organization").order_by("pk")
    members = members.prefetch_related("party_age_gaps")
    standing = set(
        DuesLiability.objects.filter(
            month=month, member__in=members, reverses__isnull=True, reversed_by__isnull=True
        ).values_list("member_id", flat=True)
    )
    for member in members:
        if member.pk in standing:
            result.already += 1
            continue
        try:
            assessment = rates.assess(member, month)
        except (rates.NoBasis, rates.NoRule) as exc:
            result.missing.append((member, str(exc)))
            continue
        result.created.append(_create_liability(member, month, assessment, actor))
    log_many(
        [
            {"action": AuditAction.CREATE, "obj": row, "data": {"month": month.isoformat(), "amount": row.amount}}
            for row in result.created
        ],
        by=actor,
    )
    return result


@transaction.atomic
def reverse_liability(*, liability: DuesLiability, reason: str, actor: Actor) -> DuesLiability:
    """Cancel a standing liability with a reversing entry of the opposite amount; nothing is deleted."""
    actor.require(policy.CHANGE_MEMBERS, liability.member.organization)
    liability = DuesLiability.objects.select_for_update().get(pk=liability.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần ghi lý do điều chỉnh.")})
    if liability.reverses_id is not None or liability.reversed_by_id is not None:
        raise ValidationError(_("Khoản này đã được điều chỉnh hoặc là bút toán điều chỉnh."))
    reversal = DuesLiability.objects.create(
        member_id=liability.member_id,
        organization_id=liability.organization_id,
        month=liability.month,
        amount=-liability.amount,
        rule=liability.rule,
        rule_reference=liability.rule_reference,
        reverses=liability,
        note=reason[:255],
        created_by=_user(actor),
    )
    DuesLiability.objects.filter(pk=liability.pk).update(reversed_by=reversal)  # the link only, never the amount
    liability.reversed_by = reversal
    log(AuditAction.UPDATE, liability, by=actor, data={"reversed_by": reversal.pk, "reason": reason})
    return reversal


@transaction.atomic
def correct_liability(*, liability: DuesLiability, reason: str, actor: Actor) -> DuesLiability:
    """Reverse a liability and compute it again from the current data (after a basis or exemption change)."""
    actor.require(policy.CHANGE_MEMBERS, liability.member.organization)
    reverse_liability(liability=liability, reason=reason, actor=actor)
    member = Member.objects.select_related("organization").get(pk=liability.member_id)
    try:
        assessment = rates.assess(member, liability.month)
    except (rates.NoBasis, rates.NoRule) as exc:
        raise ValidationError(str(exc)) from exc
    new = _create_liability(member, liability.month, assessment, actor)
    log(AuditAction.CREATE, new, by=actor, data={"month": new.month.isoformat(), "amount": new.amount})
    return new


@transaction.atomic
def record_dues_payment(
    *,
    member: Member,
    month: dt.date,
    amount: int,
    paid_on: dt.date,
    channel: str,
    actor: Actor,
    pays_more: bool = False,
) -> DuesPayment:
    """Record a payment of dues for `month` (see the module docstring for "pays more")."""
    actor.require(policy.CHANGE_MEMBERS, member.organization)
    member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    month = rates.first_of_month(month)
    errors: dict[str, str] = {}
    if amount is None or amount <= 0:
        errors["amount"] = _("Số tiền nộp phải lớn hơn 0.")
    if channel not in PaymentChannel.values:
        errors["channel"] = _("Hình thức nộp không hợp lệ.")
    if paid_on > timezone.localdate():
        errors["paid_on"] = _("Ngày nộp không được sau ngày hôm nay.")
    totals = month_totals(member, month)
    if totals is None:
        errors["month"] = _("Chưa tính khoản phải đóng tháng %(m)s.") % {"m": f"{month:%m/%Y}"}
    elif not pays_more and "amount" not in errors:
        if totals.due == 0:
            errors["month"] = _("Tháng %(m)s không phải đóng đảng phí (được miễn).") % {"m": f"{month:%m/%Y}"}
        elif totals.balance <= 0:
            errors["month"] = _("Đã nộp đủ đảng phí tháng %(m)s.") % {"m": f"{month:%m/%Y}"}
        elif amount > totals.balance:
            errors["amount"] = _(
                "Số tiền vượt số còn phải nộp (%(b)s đồng). Đánh dấu “tự nguyện đóng cao hơn” nếu đúng."
            ) % {"b": f"{totals.balance:,}".replace(",", ".")}
    if errors:
        raise ValidationError(errors)
    payment = DuesPayment.objects.create(
        member=member,
        organization_id=member.organization_id,
        month=month,
        amount=amount,
        paid_on=paid_on,
        channel=channel,
        pays_more=pays_more,
        received_by=_user(actor),
    )
    log(
        AuditAction.CREATE,
        payment,
        by=actor,
        organization=member.organization,
        data={"month": month.isoformat(), "amount": amount, "channel": channel, "pays_more": pays_more},
    )
    return payment


def _located_region(member: Member, on: dt.date) -> OrganizationWageRegion | None:
    """The wage region of the member's cell (docs/rules/dues.md#vùng-lương-tối-thiểu); then none need be declared."""
    from .months import region_for

    return region_for(member.organization, on)


@transaction.atomic
def declare_basis(
    *,
    member: Member,
    basis: str,
    effective_from: dt.date,
    actor: Actor,
    amount: int | None = None,
    region: int | None = None,
) -> MemberDuesBasis:
    actor.require(policy.CHANGE_MEMBERS, member.organization)
    errors: dict[str, str] = {}
    if basis in DECLARED_AMOUNT_BASES and not amount:
        errors["amount"] = _("Cần kê khai số tiền làm căn cứ đóng.")
    if basis in REGIONAL_WAGE_BASES and region is None and _located_region(member, effective_from) is None:
        errors["region"] = _("Cần chọn vùng lương tối thiểu.")
    if member.dues_bases.filter(effective_from=effective_from).exists():
        errors["effective_from"] = _("Đã có căn cứ đóng áp dụng từ ngày này.")
    if errors:
        raise ValidationError(errors)
    declared = MemberDuesBasis.objects.create(
        member=member,
        basis=basis,
        amount=amount if basis in DECLARED_AMOUNT_BASES else None,
        region=region if basis in REGIONAL_WAGE_BASES else None,
        effective_from=effective_from,
        created_by=_user(actor),
    )
    log(AuditAction.CREATE, declared, by=actor, organization=member.organization, data={"basis": basis})
    return declared


@transaction.atomic
def grant_exemption(
    *,
    member: Member,
    reason: str,
    start_month: dt.date,
    actor: Actor,
    end_month: dt.date | None = None,
    decision_number: str = "",
) -> DuesExemption:
    """Miễn đóng đảng phí (docs/rules/dues.md#miễn-đóng); "lý do khác" for at most 12 dues months per decision."""
    actor.require(policy.CHANGE_MEMBERS, member.organization)
    start_month = rates.first_of_month(start_month)
    end_month = rates.first_of_month(end_month) if end_month else None
    if end_month is not None and end_month < start_month:
        raise ValidationError({"end_month": _("Tháng kết thúc phải sau hoặc cùng tháng bắt đầu.")})
    if reason == ExemptionReason.OTHER:
        # 01-QĐ/TW Điều 5 (docs/rules/dues.md#miễn-đóng): miễn vì "lý do khác" is decided for at most 12 dues
        # months at a time, like a reduction, and must then be reviewed; so it cannot be open-ended either.
        if end_month is None:
            raise ValidationError(
                {"end_month": _("Miễn đóng vì lý do khác phải có tháng kết thúc (tối đa 12 tháng mỗi lần xét).")}
            )
        if _months_between(start_month, end_month) > MAX_OTHER_EXEMPTION_MONTHS:
            raise ValidationError({"end_month": _("Mỗi quyết định miễn đảng phí vì lý do khác tối đa 12 tháng.")})
    exemption = DuesExemption.objects.create(
        member=member,
        reason=reason,
        start_month=start_month,
        end_month=end_month,
        decision_number=decision_number,
        created_by=_user(actor),
    )
    log(AuditAction.CREATE, exemption, by=actor, organization=member.organization, data={"reason": reason})
    return exemption


@transaction.atomic
def grant_reduction(
    *,
    member: Member,
    percent: int,
    start_month: dt.date,
    end_month: dt.date,
    reason: str,
    actor: Actor,
    decision_number: str = "",
) -> DuesReduction:
    """Giảm đảng phí 30/50/70% for at most 12 dues months per decision (docs/rules/dues.md#giảm-đóng)."""
    actor.require(policy.CHANGE_MEMBERS, member.organization)
    start_month, end_month = rates.first_of_month(start_month), rates.first_of_month(end_month)
    errors: dict[str, str] = {}
    if percent not in DuesReduction.Percent.values:
        errors["percent"] = _("Mức giảm chỉ có thể là 30%, 50% hoặc 70%.")
    if end_month < start_month:
        errors["end_month"] = _("Tháng kết thúc phải sau hoặc cùng tháng bắt đầu.")
    elif _months_between(start_month, end_month) > MAX_REDUCTION_MONTHS:
        errors["end_month"] = _("Mỗi quyết định giảm đảng phí tối đa 12 tháng.")
    if not (reason or "").strip():
        errors["reason"] = _("Cần ghi lý do giảm.")
    if errors:
        raise ValidationError(errors)
    reduction = DuesReduction.objects.create(
        member=member,
        percent=percent,
        start_month=start_month,
        end_month=end_month,
        reason=reason.strip(),
        decision_number=decision_number,
        created_by=_user(actor),
    )
    log(AuditAction.CREATE, reduction, by=actor, organization=member.organization, data={"percent": percent})
    return reduction
