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
