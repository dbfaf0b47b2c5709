"""Scoped lookups: congresses, elections and their parts are seen by holders of MANAGE_CONGRESSES over the
organisation (and its ancestors' committees). Anyone else gets 404, as if they did not exist."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from sotay.orgs import policy

from .models import BallotEntry, Candidate, Congress, CongressPlan, Election, PlanStep, Round, StepProgress

if TYPE_CHECKING:
    from sotay.accounts.http import AnyUser


PERM = policy.MANAGE_CONGRESSES
M = TypeVar("M", bound=Model)


def _pk(value: int | str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("Không tìm thấy.") from None


def _scoped(model: type[M], user: AnyUser, pk: int | str, chain: str, *related: str) -> M:
    obj = (
        model._default_manager.filter(policy.subtree_q(user, PERM, field=f"{chain}__path"), pk=_pk(pk))
        .select_related(*related)
        .first()
    )
    if obj is None:
        raise Http404("Không tìm thấy.")
    return obj


def congresses_visible_to(user: AnyUser) -> QuerySet[Congress]:
    return Congress.objects.filter(policy.subtree_q(user, PERM, field="organization__path"))


def get_congress(user: AnyUser, congress_id: int | str) -> Congress:
    return _scoped(Congress, user, congress_id, "organization", "organization", "plan")


def get_progress(user: AnyUser, progress_id: int | str) -> StepProgress:
    return _scoped(StepProgress, user, progress_id, "congress__organization", "congress__organization", "step")


def get_election(user: AnyUser, election_id: int | str) -> Election:
    return _scoped(Election, user, election_id, "organization", "organization", "congress")


def get_round(user: AnyUser, round_id: int | str) -> Round:
    return _scoped(Round, user, round_id, "election__organization", "election__organization", "election__congress")


def get_ballot(user: AnyUser, ballot_id: int | str) -> BallotEntry:
    return _scoped(BallotEntry, user, ballot_id, "round__election__organization", "round__election__organization")


def get_candidate(user: AnyUser, candidate_id: int | str) -> Candidate:
    return _scoped(Candidate, user, candidate_id, "round__election__organization", "round__election__organization")


def may_approve(user: AnyUser, election: Election) -> bool:
    from sotay.orgs.models import Organization

    parent = Organization.objects.get_parent(election.organization)
    return parent is not None and policy.user_has_permission_for_org(user, policy.APPROVE_ELECTIONS, parent)


def _approver_scoped(model: type[M], user: AnyUser, pk: int | str, chain: str) -> M:
    obj = (
        model._default_manager.filter(
            policy.subtree_q(user, policy.APPROVE_ELECTIONS, field=f"{chain}__path"), pk=_pk(pk)
        )
        .select_related(chain)
        .first()
    )
    if obj is None:
        raise Http404("Không tìm thấy.")
    return obj


def get_plan(user: AnyUser, plan_id: int | str) -> CongressPlan:
    """Plans are the issuing committee's: seen and edited by those who may approve elections there."""
    return _approver_scoped(CongressPlan, user, plan_id, "organization")


def get_plan_step(user: AnyUser, step_id: int | str) -> PlanStep:
    return _approver_scoped(PlanStep, user, step_id, "plan__organization")
