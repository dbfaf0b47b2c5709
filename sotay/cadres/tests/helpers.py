"""Shared set-up: the cast's commune with its positions, and members with known qualifications."""

from __future__ import annotations

import datetime as dt

from sotay.cadres import services
from sotay.cadres.models import Position, PositionKind
from sotay.orgs.actor import Actor

D = dt.date


def officer(cast) -> Actor:
    return Actor.for_user(cast.provincial_officer)


def committee(cast) -> Actor:
    return Actor.for_user(cast.commune_committee)


def positions(cast) -> dict[str, Position]:
    actor = officer(cast)
    return {
        "secretary": services.create_position(
            actor=actor, organization=cast.commune_a, kind=PositionKind.SECRETARY, title="Bí thư Đảng ủy", posts=1
        ),
        "deputy": services.create_position(
            actor=actor,
            organization=cast.commune_a,
            kind=PositionKind.DEPUTY_SECRETARY,
            title="Phó Bí thư Đảng ủy",
            posts=2,
            order=1,
        ),
        "committee": services.create_position(
            actor=actor,
            organization=cast.commune_a,
            kind=PositionKind.COMMITTEE_MEMBER,
            title="Ủy viên Ban Chấp hành",
            posts=1,
            order=2,
        ),
    }


def qualify(member, *, theory="INTERMEDIATE", education="BACHELOR", born=None, joined=None):
    joined = joined or D(2005, 5, 19)
    member.political_theory = theory
    member.professional_education = education
    if born is not None:
        member.birth_on = born
    member.joined_on = joined
    member.admission_decision_on = joined
    member.official_on = D(joined.year + 1, joined.month, joined.day)
    member.party_age_from = joined
    member.save()
    return member
