"""Read the dues ledger: balances per month, arrears (nợ đảng phí), the 3-month flag and the collection sheet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum

from sotay.members.models import Member
from sotay.orgs.models import Organization, subtree_filter

from .models import DuesLiability, DuesPayment

XOA_TEN_UNPAID_MONTHS = 3


@dataclass(frozen=True)
class MonthTotals:
    month: dt.date
    due: int
    paid: int

    @property
    def balance(self) -> int:
        return self.due - self.paid


def _due_by_month(member: Member) -> dict[dt.date, int]:
    rows = DuesLiability.objects.filter(member=member).values("month").annotate(total=Sum("amount"))
    return {r["month"]: r["total"] for r in rows}


def _paid_by_month(member: Member) -> dict[dt.date, int]:
    rows = DuesPayment.objects.filter(member=member).values("month").annotate(total=Sum("amount"))
    return {r["month"]: r["total"] for r in rows}


def month_totals(member: Member, month: dt.date) -> MonthTotals | None:
    """Due (liabilities net of reversals) and paid for the month; None when no liability was ever computed."""
    due = DuesLiability.objects.filter(member=member, month=month).aggregate(t=Sum("amount"))["t"]
    if due is None:
        return None
    paid = DuesPayment.objects.filter(member=member, month=month).aggregate(t=Sum("amount"))["t"] or 0
    return MonthTotals(month, due, paid)


def history(member: Member, months: int = 24) -> list[MonthTotals]:
    """The member's latest `months` dues months with what was due and paid, newest first."""
    due, paid = _due_by_month(member), _paid_by_month(member)
    return [MonthTotals(m, due.get(m, 0), paid.get(m, 0)) for m in sorted(set(due) | set(paid), reverse=True)[:months]]


def arrears(member: Member, on: dt.date) -> list[MonthTotals]:
    """Dues months up to the month of `on` with something still to pay, oldest first."""
    paid = _paid_by_month(member)
    return [
        MonthTotals(month, due, paid.get(month, 0))
        for month, due in sorted(_due_by_month(member).items())
        if month <= on and due - paid.get(month, 0) > 0
    ]


def three_months_unpaid(member: Member, year: int, *, on: dt.date) -> bool:
    """The xóa tên ground of docs/rules/discipline.md#bỏ-sinh-hoạt-hoặc-không-đóng-đảng-phí: dues not (fully) paid for ≥
    3 months of `year` — a flag only.

    A month counts once it is over on `on` (the month of `on` is still being collected); a partly paid month counts
    as unpaid; months owing 0 đ (exempt) never count. "Without good reason" is for the chi bộ to judge.
    """
    from .months import months_owed

    # Each month's status is derived from the payments recorded against it (late and advance ones included).
    return len(months_owed(member, on, year=year)) >= XOA_TEN_UNPAID_MONTHS


@dataclass(frozen=True)
class SheetRow:
    member: Member
    due: int | None
    paid: int
    note: str

    @property
    def balance(self) -> int | None:
        return None if self.due is None else self.due - self.paid


def collection_sheet(org: Organization, month: dt.date) -> list[SheetRow]:
    """One row per member of `org`'s subtree for the month: active members, plus anyone with a liability there."""
    liabilities = DuesLiability.objects.filter(subtree_filter(org.path, "organization__path"), month=month)
    due: dict[int, int] = {}
    notes: dict[int, str] = {}
    for row in liabilities.order_by("created_at", "pk"):
        due[row.member_id] = due.get(row.member_id, 0) + row.amount
        if row.reverses_id is None and row.reversed_by_id is None:
            notes[row.member_id] = row.note
    members = Member.objects.filter(pk__in=due.keys()) | Member.objects.active().in_subtree(org)
    paid = dict(
        DuesPayment.objects.filter(month=month, member__in=members)
        .values("member_id")
        .annotate(total=Sum("amount"))
        .values_list("member_id", "total")
    )
    return [
        SheetRow(m, due.get(m.pk), paid.get(m.pk, 0), notes.get(m.pk, ""))
        for m in members.distinct().select_related("organization").vietnamese_order()
    ]
