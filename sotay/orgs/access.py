"""Scoped lookups of organisations: an id outside the user's subtree is a 404.

An organisation that ended in a merge stays visible to whoever sees its successor, so the history of a
subtree (e.g. the old provinces merged into the new one) remains readable.
"""

from __future__ import annotations

from django.http import Http404

from . import policy
from .models import Organization


def orgs_visible_to(user, action: str = policy.VIEW_ORGS):
    return Organization.objects.filter(
        policy.subtree_q(user, action)
        | policy.subtree_q(user, action, field="successor__path")
        | policy.subtree_q(user, action, field="successor__successor__path")
    )


def get_org_for_user(user, org_id, *, perm: str = policy.VIEW_ORGS) -> Organization:
    try:
        pk = int(org_id)
    except (TypeError, ValueError):
        raise Http404("Không tìm thấy tổ chức.") from None
    org = orgs_visible_to(user, perm).filter(pk=pk).first()
    if org is None:
        raise Http404("Không tìm thấy tổ chức.")
    return org
