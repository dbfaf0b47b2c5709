"""Scoped lookups: a decision, an appeal or a member outside the user's subtree is a 404."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from sotay.orgs import policy

from .models import Appeal, Discipline

if TYPE_CHECKING:
    from sotay.accounts.http import AnyUser


PERM = policy.MANAGE_DISCIPLINE


def _pk(value: int | str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def get_discipline(user: AnyUser, discipline_id: int | str) -> Discipline:
    found = (
        Discipline.objects.filter(policy.subtree_q(user, PERM, field="organization__path"), pk=_pk(discipline_id))
        .select_related("member", "subject_organization", "organization", "deciding_body")
        .first()
    )
    if found is None:
        raise Http404("Không tìm thấy quyết định kỷ luật.")
    return found


def get_appeal(user: AnyUser, appeal_id: int | str) -> Appeal:
    found = (
        Appeal.objects.filter(policy.subtree_q(user, PERM, field="discipline__organization__path"), pk=_pk(appeal_id))
        .select_related("discipline__organization")
        .first()
    )
    if found is None:
        raise Http404("Không tìm thấy khiếu nại.")
    return found
