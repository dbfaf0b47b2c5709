"""Scoped lookups: cadre records are managed by holders of MANAGE_CADRES over their organisation (committees and
Ban Tổ chức). Anyone else gets 404."""

from __future__ import annotations

from django.http import Http404

from sotay.orgs import policy

from .models import Appointment, CadrePlan, PlanEntry, Position

PERM = policy.MANAGE_CADRES


def _pk(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _get(qs, field: str, actor, pk):
    obj = qs.filter(actor.subtree_q(PERM, field=field), pk=_pk(pk)).first()
    if obj is None:
        raise Http404("Không tìm thấy.")
    return obj


def get_position(actor, position_id) -> Position:
    return _get(Position.objects.select_related("organization"), "organization__path", actor, position_id)


def get_plan(actor, plan_id) -> CadrePlan:
    return _get(CadrePlan.objects.select_related("organization"), "organization__path", actor, plan_id)


def get_entry(actor, plan: CadrePlan, entry_id) -> PlanEntry:
    entry = plan.entries.filter(pk=_pk(entry_id)).select_related("member", "position").first()
    if entry is None:
        raise Http404
    return entry


def get_appointment(actor, appointment_id) -> Appointment:
    return _get(
        Appointment.objects.select_related("position__organization", "member"),
        "position__organization__path",
        actor,
        appointment_id,
    )
