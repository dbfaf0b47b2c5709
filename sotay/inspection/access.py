"""Scoped lookups: a plan, an inspection or a recommendation outside the user's subtree is a 404."""

from __future__ import annotations

from django.http import Http404

from sotay.orgs import policy

from .models import Inspection, Plan, Recommendation

PERM = policy.MANAGE_INSPECTION


def _get(model, user, pk, *related):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    found = model.objects.filter(policy.subtree_q(user, PERM, field="organization__path"), pk=pk)
    found = found.select_related(*related).first()
    if found is None:
        raise Http404("Không tìm thấy.")
    return found


def get_plan(user, plan_id) -> Plan:
    return _get(Plan, user, plan_id, "organization")


def get_inspection(user, inspection_id) -> Inspection:
    return _get(Inspection, user, inspection_id, "plan", "organization", "subject_organization", "subject_member")


def get_recommendation(user, recommendation_id) -> Recommendation:
    return _get(Recommendation, user, recommendation_id, "inspection")
