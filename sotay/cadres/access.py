"""Scoped lookups: cadre records are managed by holders of MANAGE_CADRES over their organisation (committees and
Ban Tổ chức). Anyone else gets 404."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from sotay.orgs import policy

from .models import Appointment, CadrePlan, PlanEntry, Position

if TYPE_CHECKING:
    from sotay.orgs.actor import Actor


PERM = policy.MANAGE_CADRES
M = TypeVar("M", bound=Model)


def _pk(value: int | str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _get(qs: QuerySet[M], field: str, actor: Actor, pk: int | str) -> M:
    obj = qs.filter(actor.subtree_q(PERM, field=field), pk=_pk(pk)).first()
    if obj is None:
        raise Http404("Không tìm thấy.")
    return obj


def get_position(actor: Actor, position_id: int | str) -> Position:
    return _get(Position.objects.select_related("organization"), "organization__path", actor, position_id)


def get_plan(actor: Actor, plan_id: int | str) -> CadrePlan:
    return _get(CadrePlan.objects.select_related("organization"), "organization__path", actor, plan_id)


def get_entry(actor: Actor, plan: CadrePlan, entry_id: int | str) -> PlanEntry:
    entry = plan.entries.filter(pk=_pk(entry_id)).select_related("member", "position").first()
    if entry is None:
        raise Http404
    return entry


def get_appointment(actor: Actor, appointment_id: int | str) -> Appointment:
    return _get(
        Appointment.objects.select_related("position__organization", "member"),
        "position__organization__path",
        actor,
        appointment_id,
    )
