"""Scoped lookups: a plan, an inspection or a recommendation outside the user's subtree is a 404."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model
from django.http import Http404

from sotay.orgs import policy

from .models import Inspection, Plan, Recommendation

if TYPE_CHECKING:
    from sotay.accounts.http import AnyUser


PERM = policy.MANAGE_INSPECTION
M = TypeVar("M", bound=Model)


def _get(model: type[M], user: AnyUser, pk: int | str, *related: str) -> M:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    scoped = model._default_manager.filter(policy.subtree_q(user, PERM, field="organization__path"), pk=pk)
    found = scoped.select_related(*related).first()
    if found is None:
        raise Http404("Không tìm thấy.")
    return found


def get_plan(user: AnyUser, plan_id: int | str) -> Plan:
    return _get(Plan, user, plan_id, "organization")


def get_inspection(user: AnyUser, inspection_id: int | str) -> Inspection:
    return _get(Inspection, user, inspection_id, "plan", "organization", "subject_organization", "subject_member")


def get_recommendation(user: AnyUser, recommendation_id: int | str) -> Recommendation:
    return _get(Recommendation, user, recommendation_id, "inspection")
