"""Accounts come from the member registry, and follow the member.

- A committee (or a cell's chi ủy) creates an account for every active member of its subtree who has none: the
  login is the member's phone number when there is one, or a readable name such as "binhtt"; no password is set.
  Each new account gets a one-time activation code, handed out on a paper slip (PDF) or by hand (XLSX).
- A committee issues a new code to a member who forgot the password (refused outside its subtree).
- Leaving the Party, death or a transfer out of the province deactivate the account and end its roles, in the same
  transaction as the status change; coming back reactivates it. A transfer inside the province keeps the account,
  and the member's own role moves to the new cell.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import cast

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from sotay.accounts import activation
from sotay.accounts.backends import normalise_phone
from sotay.accounts.models import ActivationCode, User
from sotay.audit.log import log, log_many
from sotay.audit.models import AuditAction
from sotay.lib.vntext import fold, split_name
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization, Role, RoleGrant, subtree_filter

from .choices import ACTIVE_STATUSES
from .models import Member

ENDED_STATUSES = ("LEFT", "DECEASED", "TRANSFERRED_OUT")


@dataclass(frozen=True)
class Slip:
    member: Member
    username: str
    code: str
    expires_at: dt.datetime

    @property
    def display_code(self) -> str:
        return activation.display_code(self.code)


def active_members(org: Organization) -> QuerySet[Member]:
    return Member.objects.filter(subtree_filter(org.path, "organization__path"), status__in=ACTIVE_STATUSES)


def pending_users(org: Organization) -> QuerySet[User]:
    """Accounts of the subtree's members that were never activated (no password yet)."""
    return User.objects.filter(
        member__in=active_members(org), is_active=True, password__startswith="!", last_login__isnull=True
    ).select_related("member", "member__organization")


def account_summary(org: Organization) -> dict[str, int]:
    members = active_members(org)
    with_account = members.filter(user__isnull=False)
    pending = pending_users(org).count()
    return {
        "members": members.count(),
        "without": members.filter(user__isnull=True).count(),
        "pending": pending,
        "active": with_account.count() - pending,
    }


def _readable_login(member: Member, taken: set[str]) -> str:
    family, middle, given = split_name(member.full_name)
    initials = "".join(fold(w)[:1] for w in f"{family} {middle}".split())
    base = re.sub(r"[^a-z0-9]", "", fold(given) + initials) or "dangvien"
    login, n = base, 1
    while login in taken:
        n += 1
        login = f"{base}{n}"
    taken.add(login)
    return login


def _taken_usernames() -> set[str]:
    return {u.lower() for u in User.objects.values_list("username", flat=True)}


@transaction.atomic
def create_accounts(*, actor: Actor, org: Organization) -> list[Slip]:
    """One account (no password) and one activation code for every active member of `org`'s subtree without one."""
    actor.require(policy.MANAGE_ACCOUNTS, org)
    members = list(
        active_members(org).filter(user__isnull=True).select_related("organization").order_by("name_sort_key")
    )
    taken = _taken_usernames()
    phones = set(User.objects.exclude(phone=None).values_list("phone", flat=True))
    users = []
    for member in members:
        phone = normalise_phone(member.phone or "")
        if len(phone) >= 9 and phone not in phones and phone not in taken:
            username = phone
            taken.add(phone)
            phones.add(phone)
        else:
            phone = ""
            username = _readable_login(member, taken)
        family, middle, given = split_name(member.full_name)
        user = User(
            username=username,
            phone=phone or None,
            member=member,
            first_name=given[:150],
            last_name=f"{family} {middle}".strip()[:150],
        )
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users, batch_size=1000)
    users = list(User.objects.filter(member__in=members).select_related("member", "member__organization"))
    RoleGrant.objects.bulk_create(
        [RoleGrant(user=u, organization=cast(Member, u.member).organization, role=Role.MEMBER) for u in users],
        batch_size=1000,
    )
    issued = activation.issue(users, purpose=ActivationCode.Purpose.ACTIVATE, issued_by=actor.audit_user)
    log_many(
        [
            {
                "action": AuditAction.ACCOUNTS_CREATED,
                "obj": u,
                "organization_id": cast(Member, u.member).organization_id,
            }
            for u in users
        ],
        by=actor,
    )
    return _slips(issued)


def _slips(issued) -> list[Slip]:
    slips = [Slip(member=i.user.member, username=i.user.username, code=i.code, expires_at=i.expires_at) for i in issued]
    return sorted(slips, key=lambda s: (s.member.organization.path, s.member.name_sort_key))


@transaction.atomic
def issue_activation_codes(*, actor: Actor, org: Organization) -> list[Slip]:
    """New codes for the subtree's accounts that were never activated (their earlier codes stop working)."""
    actor.require(policy.MANAGE_ACCOUNTS, org)
    users = list(pending_users(org))
    issued = activation.issue(users, purpose=ActivationCode.Purpose.ACTIVATE, issued_by=actor.audit_user)
    log(AuditAction.ACTIVATION_ISSUED, org, by=actor, data={"accounts": len(users)})
    return _slips(issued)


@transaction.atomic
def issue_reset_code(*, actor: Actor, member: Member) -> Slip:
    """A forgotten password: the member's committee hands out a new one-time code (their old password stops)."""
    actor.require(policy.MANAGE_ACCOUNTS, member.organization)
    user = User.objects.filter(member=member, is_active=True).first()
    if user is None:
        raise policy.NotAllowed(policy.MANAGE_ACCOUNTS)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    issued = activation.issue([user], purpose=ActivationCode.Purpose.RESET, issued_by=actor.audit_user)
    log(AuditAction.PASSWORD_RESET_ISSUED, user, by=actor, organization=member.organization)
    return _slips(issued)[0]


def follow_member(member: Member, *, old_status: str, actor: Actor) -> None:
    """Keep the member's account in step with a status change (call inside the change's transaction)."""
    user = User.objects.filter(member=member).first()
    if user is None:
        return
    if member.status in ENDED_STATUSES and old_status not in ENDED_STATUSES:
        active = RoleGrant.objects.active().filter(user=user)
        ended = list(active.values_list("role", "organization__name"))
        active.update(ends_on=timezone.localdate() - dt.timedelta(days=1))  # stops today, stays in the history
        User.objects.filter(pk=user.pk).update(is_active=False)
        log(
            AuditAction.ACCOUNT_DEACTIVATED,
            user,
            by=actor,
            organization=member.organization,
            data={"status": member.status, "roles": [list(r) for r in ended]},
        )
    elif member.status in ACTIVE_STATUSES and old_status in ENDED_STATUSES:
        User.objects.filter(pk=user.pk).update(is_active=True)
        RoleGrant.objects.update_or_create(
            user=user,
            organization=member.organization,
            role=Role.MEMBER,
            defaults={"starts_on": timezone.localdate(), "ends_on": None},
        )
        log(AuditAction.ACCOUNT_REACTIVATED, user, by=actor, organization=member.organization)


def follow_move(member_ids: list[int], to_org: Organization) -> None:
    """A transfer inside the province: the members' own role moves to the new cell with them."""
    for start in range(0, len(member_ids), 2000):
        grants = RoleGrant.objects.filter(user__member_id__in=member_ids[start : start + 2000], role=Role.MEMBER)
        already = grants.filter(organization=to_org).values("user_id")
        grants.exclude(organization=to_org).filter(user_id__in=already).delete()
        grants.exclude(organization=to_org).update(organization=to_org)
