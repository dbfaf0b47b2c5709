"""Builders for the discipline tests."""

from __future__ import annotations

import datetime as dt

from sotay.discipline import services
from sotay.discipline.models import Sanction
from sotay.orgs.actor import Actor


def committee(cast) -> Actor:
    return Actor.for_user(cast.commune_committee)


def discipline(cast, member, kind=Sanction.REPRIMAND, *, on=dt.date(2025, 6, 2), effective_on=None, number="12-QĐ/ĐU"):
    return services.record_discipline(
        actor=committee(cast),
        kind=kind,
        violation="Vi phạm quy định những điều đảng viên không được làm.",
        deciding_body=cast.commune_a,
        decision_number=number,
        decided_on=on,
        effective_on=effective_on,
        member=member,
    )


def ubkt_user(cast, username="ubkt", org=None):
    """A member of the commune's inspection commission (Ủy ban kiểm tra) with the UBKT role, granted by the commune
    committee that elected it."""
    from sotay.accounts.models import User
    from sotay.members.tests.factories import MemberFactory
    from sotay.orgs.models import Role
    from sotay.orgs.services import grant_role

    member = MemberFactory(full_name="Phan Văn Kiểm", organization=cast.cell_a)
    user = User.objects.create_user(username=username, password="mat-khau-thu", member=member)
    grant_role(
        actor=committee(cast),
        user=user,
        organization=org or cast.commune_a,
        role=Role.INSPECTION_COMMISSION,
        decision="05-NQ/ĐU",
    )
    return user
