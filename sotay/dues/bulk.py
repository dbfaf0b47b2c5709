"""Declaring the dues basis of many members at once (issue 14, "Dues on the phone"): one basis and amount for the
members ticked, or one amount per member from a payroll sheet (`payroll.py`). All or nothing: one refused member
refuses the whole batch, with each member's reason, and nothing is written.

The rules of each declaration are those of `services.declare_basis` (docs/rules/dues.md#căn-cứ-đóng): a declared
amount for the bases computed on an amount, a wage region where the cell has none, one basis per member and day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sotay.audit.log import log_many
from sotay.audit.models import AuditAction
from sotay.members.models import Member
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization

from .models import DECLARED_AMOUNT_BASES, REGIONAL_WAGE_BASES, DuesBasis, MemberDuesBasis

# A monthly amount above this is taken for a typing error (an extra zero), not a salary.
MAX_AMOUNT = 1_000_000_000


@dataclass(frozen=True)
class Entry:
    member: Member
    basis: str
    amount: int | None = None


def current_bases(members: list[Member], on: dt.date) -> dict[int, MemberDuesBasis]:
    """Each member's basis in force on `on` (one query)."""
    found: dict[int, MemberDuesBasis] = {}
    rows = MemberDuesBasis.objects.filter(member__in=[m.pk for m in members], effective_from__lte=on)
    for row in rows.order_by("effective_from", "pk"):
        found[row.member_id] = row
    return found


def _problem(entry: Entry, effective_from: dt.date, taken: set[int], located: bool) -> str:
    if entry.basis not in DuesBasis.values:
        return _("căn cứ đóng không hợp lệ")
    if entry.basis in DECLARED_AMOUNT_BASES and not entry.amount:
        return _("cần số tiền làm căn cứ đóng")
    if entry.amount is not None and not 0 < entry.amount <= MAX_AMOUNT:
        return _("số tiền không hợp lệ")
    if entry.basis in REGIONAL_WAGE_BASES and not located:
        return _("chi bộ chưa có vùng lương tối thiểu")
    if entry.member.pk in taken:
        return _("đã có căn cứ đóng áp dụng từ ngày %(d)s") % {"d": f"{effective_from:%d/%m/%Y}"}
    return ""


@transaction.atomic
def declare_bases(*, org: Organization, entries: list[Entry], effective_from: dt.date, actor: Actor) -> int:
    """Declare every entry's basis from `effective_from`; the members must be active in `org`'s subtree."""
    from .months import region_for

    actor.require(policy.CHANGE_MEMBERS, org)
    if not entries:
        raise ValidationError(_("Chưa chọn đảng viên nào."))
    ids = [e.member.pk for e in entries]
    if len(set(ids)) != len(ids):
        raise ValidationError(_("Một đảng viên có mặt hai lần trong danh sách."))
    inside = set(Member.objects.active().in_subtree(org).filter(pk__in=ids).values_list("pk", flat=True))
    taken = set(
        MemberDuesBasis.objects.filter(member_id__in=ids, effective_from=effective_from).values_list(
            "member_id", flat=True
        )
    )
    regions: dict[int, bool] = {}
    errors = []
    for entry in entries:
        if entry.member.pk not in inside:
            errors.append(_("%(n)s: không sinh hoạt trong %(o)s.") % {"n": entry.member.full_name, "o": org.name})
            continue
        org_id = entry.member.organization_id
        if entry.basis in REGIONAL_WAGE_BASES and org_id not in regions:
            regions[org_id] = region_for(entry.member.organization, effective_from) is not None
        problem = _problem(entry, effective_from, taken, regions.get(org_id, True))
        if problem:
            errors.append(f"{entry.member.full_name}: {problem}.")
    if errors:
        raise ValidationError(errors)
    rows = MemberDuesBasis.objects.bulk_create(
        MemberDuesBasis(
            member=e.member,
            basis=e.basis,
            amount=e.amount if e.basis in DECLARED_AMOUNT_BASES else None,
            effective_from=effective_from,
            created_by=actor.audit_user,
        )
        for e in entries
    )
    log_many(
        [
            {
                "action": AuditAction.CREATE,
                "obj": row,
                "organization_id": row.member.organization_id,
                "data": {"basis": row.basis, "bulk": True},
            }
            for row in rows
        ],
        by=actor,
    )
    return len(rows)
