"""Scoped lookups: a verification case is seen only by holders of VERIFY_POLITICAL over its verifying committee
(the committee and Ban Tổ chức; never the chi ủy, the member, or another commune). Anyone else gets 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from sotay.orgs import policy
from sotay.orgs.actor import Actor

from .models import Letter, VerificationCase

PERM = policy.VERIFY_POLITICAL


def _pk(value: int | str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("Không tìm thấy hồ sơ thẩm tra.") from None


def cases_for(actor: Actor) -> QuerySet[VerificationCase]:
    return VerificationCase.objects.filter(actor.subtree_q(PERM, field="organization__path"))


def get_case(actor: Actor, vcase_id: int | str) -> VerificationCase:
    case = cases_for(actor).filter(pk=_pk(vcase_id)).select_related("organization", "member", "admission_case").first()
    if case is None:
        raise Http404("Không tìm thấy hồ sơ thẩm tra.")
    return case


def get_letter(actor: Actor, vcase_id: int | str, letter_id: int | str) -> Letter:
    case = get_case(actor, vcase_id)
    letter = case.letters.filter(pk=_pk(letter_id)).first()
    if letter is None:
        raise Http404("Không tìm thấy công văn.")
    return letter
