"""Shared builders for the evaluation tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sotay.evaluation import services
from sotay.evaluation.models import CriteriaSet, Stage, Subject
from sotay.orgs import policy
from sotay.orgs.actor import Actor

DAY = dt.date(2025, 12, 1)


def open_2025(cast, org=None, **kwargs):
    return services.open_campaign(
        organization=org or cast.commune_a,
        year=2025,
        actor=Actor.for_user(cast.commune_committee),
        opened_on=DAY,
        **kwargs,
    )


def scores_for(total: int, subject: str = Subject.MEMBER, on: dt.date = dt.date(2025, 12, 31)) -> dict[int, Decimal]:
    """Criterion scores adding up to `total`, filling criteria in order up to their maximum."""
    cs = CriteriaSet.objects.in_force(subject, on)
    left = Decimal(total)
    out = {}
    for criterion in cs.criteria.all():
        give = min(left, criterion.max_score)
        out[criterion.pk] = give
        left -= give
    assert left == 0
    return out


def step(kind, grade, total, *, day=DAY, above=0, late=0, **extra) -> services.StepInput:
    subject = extra.pop("subject", Subject.MEMBER)
    return services.StepInput(
        kind=kind,
        grade=grade,
        acted_on=day,
        scores=scores_for(total, subject),
        tasks_above_percent=Decimal(above),
        tasks_late_percent=Decimal(late),
        **extra,
    )


def _acting(cast, user, action, member) -> Actor:
    """`user` when they may take the step for `member` (services check it), else Ban Tổ chức, who may anywhere."""
    actor = Actor.for_user(user)
    if actor.is_member(member) or actor.can(action, member.organization):
        return actor
    return Actor.for_user(cast.provincial_officer)


def run_member(cast, campaign, member, grade, total, *, above=0, decide=True, ack=False):
    services.record_step(
        campaign=campaign,
        member=member,
        actor=_acting(cast, cast.member, policy.REVIEW_EVALUATIONS, member),
        data=step(Stage.SELF, grade, total, above=above),
    )
    services.record_step(
        campaign=campaign,
        member=member,
        actor=_acting(cast, cast.cell_secretary, policy.REVIEW_EVALUATIONS, member),
        data=step(Stage.REVIEWED, grade, total, above=above),
    )
    if decide:
        return services.record_step(
            campaign=campaign,
            member=member,
            actor=_acting(cast, cast.commune_committee, policy.MANAGE_EVALUATIONS, member),
            data=step(Stage.DECIDED, grade, total, above=above, acknowledge_quota=ack),
        )
    return None
