"""Shared set-up for the dues tests: a member with a declared basis."""

from __future__ import annotations

import datetime as dt

from sotay.dues import services
from sotay.members.tests.factories import MemberFactory
from sotay.orgs.actor import Actor

MARCH_2026 = dt.date(2026, 3, 1)


def with_basis(member=None, basis: str = "INSURED_SALARY", amount: int | None = None, region: int | None = None):
    member = member or MemberFactory()
    services.declare_basis(
        member=member,
        basis=basis,
        amount=amount,
        region=region,
        effective_from=dt.date(2020, 1, 1),
        actor=Actor.system("command:test"),
    )
    return member
