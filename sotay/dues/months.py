"""Each dues month's status, derived from the liabilities and the payments recorded against it (read-only).

docs/rules/dues.md#đóng-chậm-và-đóng-trước (01-QĐ/TW Điều 5): a late payment (chậm đóng) or an advance payment (đóng
trước) is recorded against the dues month it pays, not the month the money is handed over. So a month's status is:

- EXEMPT: it owes 0 đ (exemption, 50 years of Party age);
- PAID: paid in full within the month (or before it — AHEAD — or after it — LATE);
- PARTIAL: something paid, not all; OWED: over and nothing paid; OPEN: the current month, not yet paid in full;
- AHEAD also for a future month paid in advance before its liability is computed.

"Months owed" are the months over (before the month of `on`) that are PARTIAL or OWED; the 3-months flag counts them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Max, Min, Sum
from django.utils.translation import gettext_lazy as _

from sotay.members.models import Member
from sotay.orgs.models import Organization, ancestor_paths

from .models import DuesLiability, DuesPayment, OrganizationWageRegion
from .rates import last_of_month


class MonthStatus(models.TextChoices):
    PAID = "PAID", _("Đã đóng")
    LATE = "LATE", _("Đóng chậm")
    AHEAD = "AHEAD", _("Đóng trước")
    PARTIAL = "PARTIAL", _("Đóng thiếu")
    OWED = "OWED", _("Chưa đóng")
    OPEN = "OPEN", _("Đang thu")
    EXEMPT = "EXEMPT", _("Miễn")


OWING = frozenset({MonthStatus.PARTIAL, MonthStatus.OWED})


@dataclass(frozen=True)
class MonthState:
    month: dt.date
    due: int | None  # None: no liability computed yet (a future month paid in advance)
    paid: int
    first_paid_on: dt.date | None
    last_paid_on: dt.date | None
    status: MonthStatus

    @property
    def balance(self) -> int:
        return (self.due or 0) - self.paid

    @property
    def owing(self) -> bool:
        return self.status in OWING


def classify(
    month: dt.date,
    due: int | None,
    paid: int,
    first_paid_on: dt.date | None,
    last_paid_on: dt.date | None,
    on: dt.date,
) -> MonthStatus:
    """The status of dues month `month` on day `on` (a pure function; see the module docstring)."""
    current = on.replace(day=1)
    if due is None:
        return MonthStatus.AHEAD if paid > 0 else MonthStatus.OPEN
    if due <= 0:
        return MonthStatus.EXEMPT
    if paid >= due:
        assert last_paid_on is not None and first_paid_on is not None
        if last_paid_on > last_of_month(month):
            return MonthStatus.LATE
        if first_paid_on < month:
            return MonthStatus.AHEAD
        return MonthStatus.PAID
    if month >= current:
        return MonthStatus.OPEN
    return MonthStatus.PARTIAL if paid > 0 else MonthStatus.OWED


def month_states(member: Member, on: dt.date, *, year: int | None = None) -> list[MonthState]:
    """Every dues month with a liability or a payment (in `year` when given), oldest first."""
    liabilities = DuesLiability.objects.filter(member=member)
    payments = DuesPayment.objects.filter(member=member)
    if year is not None:
        liabilities, payments = liabilities.filter(month__year=year), payments.filter(month__year=year)
    due = {r["month"]: r["t"] for r in liabilities.values("month").annotate(t=Sum("amount"))}
    paid = {
        r["month"]: r
        for r in payments.values("month").annotate(t=Sum("amount"), first=Min("paid_on"), last=Max("paid_on"))
    }
    out = []
    for month in sorted(set(due) | set(paid)):
        p: Mapping[str, Any] = paid.get(month) or {"t": 0, "first": None, "last": None}
        status = classify(month, due.get(month), p["t"], p["first"], p["last"], on)
        out.append(MonthState(month, due.get(month), p["t"], p["first"], p["last"], status))
    return out


def months_owed(member: Member, on: dt.date, *, year: int | None = None) -> list[MonthState]:
    """Months over on `on` not paid in full (chưa đóng or đóng thiếu), oldest first."""
    return [s for s in month_states(member, on, year=year) if s.owing]


def paid_ahead_until(member: Member, on: dt.date) -> dt.date | None:
    """The last future month paid in advance, if any."""
    current = on.replace(day=1)
    ahead = [s.month for s in month_states(member, on) if s.month > current and s.paid > 0 and s.balance <= 0]
    return max(ahead) if ahead else None


# -- wage region -----------------------------------------------------------------------------------------------------


def region_for(org: Organization, on: dt.date) -> OrganizationWageRegion | None:
    """The wage region of `org`'s location on `on`: its own row in force, else its nearest ancestor's
    (docs/rules/dues.md#vùng-lương-tối-thiểu: the region where the chi bộ is, not where the member lives)."""
    paths = ancestor_paths(org.path)
    rows = (
        OrganizationWageRegion.objects.filter(organization__path__in=paths, effective_from__lte=on)
        .select_related("organization")
        .order_by("-effective_from")
    )
    best: OrganizationWageRegion | None = None
    for row in rows:
        if best is None or row.organization.depth > best.organization.depth:
            best = row
    return best
