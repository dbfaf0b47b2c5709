"""Dues services in the Actor shape: one payment covering several months (chậm đóng, đóng trước), the wage region of
an organisation, and the retiree rate switch. Each checks its right, runs atomically and is audited.

- docs/rules/dues.md#đóng-chậm-và-đóng-trước (01-QĐ/TW Điều 5): each month paid is recorded against that dues month, at
  that month's rate; a past month never computed is computed first; a future month is paid at the rate in force for it
  as known today (its liability, computed in its month, decides whether it is paid in full).
- docs/rules/dues.md#vùng-lương-tối-thiểu (01-QĐ/TW; Nghị định 293/2025/NĐ-CP): the region of the cell's location.
- docs/rules/dues.md#mức-cho-người-nghỉ-hưu (01-QĐ/TW): the retiree rate from the month after retirement.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.dates import add_months
from sotay.lib.vntext import nfc
from sotay.members.choices import ACTIVE_STATUSES
from sotay.members.models import Member
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization

from . import rates
from .models import (
    DuesBasis,
    DuesLiability,
    DuesPayment,
    MemberDuesBasis,
    OrganizationWageRegion,
    PaymentChannel,
    WageRegion,
)

# How many dues months one payment may cover (a long absence, or a year ahead), cần đối chiếu: 01-QĐ/TW bounds late
# and advance payment by the time of the exemption from meetings; this cap only guards against typing errors.
MAX_MONTHS_PER_PAYMENT = 36


def _m(month: dt.date) -> str:
    return f"{month:%m/%Y}"


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    out, month = [], first
    while month <= last:
        out.append(month)
        month = add_months(month, 1)
    return out


@transaction.atomic
def pay_months(
    *,
    member: Member,
    first_month: dt.date,
    last_month: dt.date,
    paid_on: dt.date,
    channel: str,
    actor: Actor,
) -> list[DuesPayment]:
    """One payment of the dues still owed for every month from `first_month` to `last_month`: months before the
    payment's month are paid late, later months in advance. One `DuesPayment` per month, sharing a receipt number.
    Months already paid in full or owing nothing are skipped; nothing is written if no month is left to pay."""
    member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    actor.require(policy.CHANGE_MEMBERS, member.organization)
    first, last = rates.first_of_month(first_month), rates.first_of_month(last_month)
    errors: dict[str, str] = {}
    if last < first:
        errors["last_month"] = _("Tháng cuối phải sau hoặc cùng tháng đầu.")
    elif len(_months(first, last)) > MAX_MONTHS_PER_PAYMENT:
        errors["last_month"] = _("Một lần nộp tối đa %(n)s tháng.") % {"n": MAX_MONTHS_PER_PAYMENT}
    if channel not in PaymentChannel.values:
        errors["channel"] = _("Hình thức nộp không hợp lệ.")
    if paid_on > timezone.localdate():
        errors["paid_on"] = _("Ngày nộp không được sau ngày hôm nay.")
    if member.status not in ACTIVE_STATUSES:
        errors["member"] = _("%(n)s không còn sinh hoạt đảng.") % {"n": member.full_name}
    if first < rates.first_of_month(member.joined_on):
        errors["first_month"] = _("Tháng %(m)s trước ngày vào Đảng.") % {"m": _m(first)}
    if errors:
        raise ValidationError(errors)
    current = rates.first_of_month(paid_on)
    receipt = uuid.uuid4().hex[:12]
    payments: list[DuesPayment] = []
    for month in _months(first, last):
        due = _due(member, month, current, actor)
        if due is None:
            continue
        paid = sum(DuesPayment.objects.filter(member=member, month=month).values_list("amount", flat=True))
        if due - paid <= 0:
            continue
        payments.append(
            DuesPayment.objects.create(
                member=member,
                organization_id=member.organization_id,
                month=month,
                amount=due - paid,
                paid_on=paid_on,
                channel=channel,
                receipt=receipt,
                received_by=actor.audit_user,
            )
        )
    if not payments:
        raise ValidationError(
            {"first_month": _("Không còn tháng nào phải nộp từ %(a)s đến %(b)s.") % {"a": _m(first), "b": _m(last)}}
        )
    log(
        AuditAction.CREATE,
        member,
        by=actor,
        data={
            "dues_receipt": receipt,
            "months": [p.month.isoformat() for p in payments],
            "total": sum(p.amount for p in payments),
            "late": sum(p.month < current for p in payments),
            "ahead": sum(p.month > current for p in payments),
        },
    )
    return payments


def _due(member: Member, month: dt.date, current: dt.date, actor: Actor) -> int | None:
    """What `month` owes: its liability; a past or current month never computed is computed now; a future month is
    assessed at the rate known today without a liability. None when it cannot be computed (no basis, no rule)."""
    total = sum(DuesLiability.objects.filter(member=member, month=month).values_list("amount", flat=True))
    if DuesLiability.objects.filter(member=member, month=month).exists():
        return total
    try:
        assessment = rates.assess(member, month)
    except (rates.NoBasis, rates.NoRule) as exc:
        raise ValidationError({"first_month": f"{_m(month)}: {exc}"}) from None
    if month > current:
        return assessment.amount
    from .services import _create_liability

    _create_liability(member, month, assessment, actor)
    return assessment.amount


@transaction.atomic
def set_wage_region(
    *, organization: Organization, region: int, effective_from: dt.date, actor: Actor, document: str = ""
) -> OrganizationWageRegion:
    """Record the minimum-wage region of an organisation's location from a day on (inherited by everything below)."""
    actor.require(policy.REORGANIZE, organization)
    if region not in WageRegion.values:
        raise ValidationError({"region": _("Vùng lương tối thiểu không hợp lệ.")})
    if OrganizationWageRegion.objects.filter(organization=organization, effective_from=effective_from).exists():
        raise ValidationError({"effective_from": _("Đã có vùng lương tối thiểu áp dụng từ ngày này.")})
    row = OrganizationWageRegion.objects.create(
        organization=organization,
        region=region,
        effective_from=effective_from,
        document=nfc(document.strip()),
        created_by=actor.audit_user,
    )
    log(AuditAction.UPDATE, organization, by=actor, data={"wage_region": region, "from": effective_from.isoformat()})
    return row


RETIREE_BASES = frozenset({DuesBasis.PENSION, DuesBasis.OTHER_RETIRED})


@transaction.atomic
def record_retirement(
    *, member: Member, retired_on: dt.date, actor: Actor, pension: int | None = None
) -> MemberDuesBasis:
    """Nghỉ hưu: from the dues month after `retired_on`, the member pays the retiree rate — 0,5% of the pension when one
    is declared, else the rate of "other members from retirement age" on the regional minimum wage. The basis history
    keeps the earlier rate for the month of retirement. The cell's chi ủy is asked to confirm."""
    from sotay.notifications.services import notify

    member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    actor.require(policy.CHANGE_MEMBERS, member.organization)
    if retired_on > timezone.localdate() + dt.timedelta(days=366):
        raise ValidationError({"retired_on": _("Ngày nghỉ hưu quá xa.")})
    if pension is not None and pension <= 0:
        raise ValidationError({"pension": _("Lương hưu phải lớn hơn 0.")})
    starts = add_months(rates.first_of_month(retired_on), 1)
    if member.dues_bases.filter(effective_from=starts).exists():
        raise ValidationError({"retired_on": _("Đã có căn cứ đóng áp dụng từ tháng %(m)s.") % {"m": _m(starts)}})
    basis = DuesBasis.PENSION if pension else DuesBasis.OTHER_RETIRED
    before = member.dues_bases.filter(effective_from__lt=starts).order_by("-effective_from").first()
    declared = MemberDuesBasis.objects.create(
        member=member,
        basis=basis,
        amount=pension if pension else None,
        # Kept only as the fallback for a cell whose location has no wage region yet (rates.assess).
        region=before.region if basis == DuesBasis.OTHER_RETIRED and before is not None else None,
        effective_from=starts,
        created_by=actor.audit_user,
    )
    log(
        AuditAction.UPDATE,
        member,
        by=actor,
        data={"retired_on": retired_on.isoformat(), "dues_basis": basis, "from_month": starts.isoformat()},
    )
    users = policy.users_with_permission_for_org(policy.CHANGE_MEMBERS, member.organization, levels_up=0)
    notify(
        users,
        kind="dues.retiree_rate",
        title=_("Xác nhận mức đảng phí sau khi nghỉ hưu: %(n)s") % {"n": member.full_name},
        body=_("Từ tháng %(m)s tính theo %(b)s. Chi ủy kiểm tra và xác nhận với đảng viên.")
        % {"m": _m(starts), "b": declared.get_basis_display()},
        url=reverse("members:detail", args=[member.pk]),
        organization=member.organization,
    )
    return declared


# "Đã thu" tapped on the wrong member: the payment can be undone for this many minutes after it was recorded, and in
# any case until the month it was recorded in is over (the cell's collection month is then closed). A product
# choice, not a regulation.
UNDO_MINUTES = 15


def undo_deadline(payment: DuesPayment) -> dt.datetime:
    """Until when `payment` may be undone: the later of `UNDO_MINUTES` after it was recorded and the end of the
    (local) month it was recorded in."""
    recorded = timezone.localtime(payment.created_at)
    month_end = timezone.make_aware(dt.datetime.combine(add_months(recorded.date().replace(day=1), 1), dt.time.min))
    return max(payment.created_at + dt.timedelta(minutes=UNDO_MINUTES), month_end)


def undoable(payments, now: dt.datetime | None = None):
    """The payments of a queryset that may still be undone at `now` (recorded in this month, or minutes ago)."""
    now = now or timezone.now()
    month_start = timezone.make_aware(dt.datetime.combine(timezone.localdate(now).replace(day=1), dt.time.min))
    return payments.filter(created_at__gte=min(month_start, now - dt.timedelta(minutes=UNDO_MINUTES)))


@transaction.atomic
def undo_payment(*, payment: DuesPayment, actor: Actor, now: dt.datetime | None = None) -> list[DuesPayment]:
    """Take back a payment recorded by mistake (every month of its receipt when it paid several): the rows go, the
    audit log keeps what they were. Refused once `undo_deadline` has passed: a correction is then a new entry."""
    now = now or timezone.now()
    member = Member.objects.select_for_update().select_related("organization").get(pk=payment.member_id)
    actor.require(policy.CHANGE_MEMBERS, member.organization)
    payment = DuesPayment.objects.filter(pk=payment.pk).first()  # type: ignore[assignment]
    if payment is None:
        raise ValidationError(_("Khoản thu này đã được hoàn tác."))
    if now > undo_deadline(payment):
        raise ValidationError(
            _("Đã quá hạn hoàn tác khoản thu ngày %(d)s: chỉ hoàn tác được trong %(n)s phút hoặc trong tháng ghi nhận.")
            % {"d": f"{timezone.localtime(payment.created_at):%d/%m/%Y}", "n": UNDO_MINUTES}
        )
    rows = (
        list(DuesPayment.objects.filter(member=member, receipt=payment.receipt).order_by("month"))
        if payment.receipt
        else [payment]
    )
    log(
        AuditAction.DELETE,
        member,
        by=actor,
        data={
            "dues_payment_undone": [
                {"id": p.pk, "month": p.month.isoformat(), "amount": p.amount, "paid_on": p.paid_on.isoformat()}
                for p in rows
            ],
            "receipt": payment.receipt,
            "recorded_by": payment.received_by_id,
        },
    )
    DuesPayment.objects.filter(pk__in=[p.pk for p in rows]).delete()
    return rows
