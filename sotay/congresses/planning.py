"""Editing an issued congress plan: add a step, remove one, move one up or down. Each takes `actor: Actor`, is
allowed to those who may issue plans at the plan's committee (`congresses.approve`), runs atomically and is
audited. The congresses already opened under the plan follow: a new step gets a progress row in each of them; a
step is removed only while no congress has started it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.vntext import nfc
from sotay.orgs import policy
from sotay.orgs.actor import Actor

from .models import CongressPlan, PlanStep, Responsible, StepProgress, StepStatus


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def _audit(actor: Actor, plan: CongressPlan, **data) -> None:
    log(AuditAction.UPDATE, plan, by=actor, organization=plan.organization, data=data)


@transaction.atomic
def add_plan_step(
    *,
    actor: Actor,
    plan: CongressPlan,
    code: str,
    title: str,
    responsible: str = Responsible.ORGANIZATION,
    offset_days: int | None = None,
    fixed_due_on: dt.date | None = None,
    produces: str = "",
) -> PlanStep:
    """A new last step of the plan, and a progress row for it in every congress already opened under the plan."""
    actor.require(policy.APPROVE_ELECTIONS, plan.organization)
    code, title = nfc(code).strip().upper(), nfc(title).strip()
    if not code:
        raise _refuse("code", _("Cần ghi mã bước."))
    if not title:
        raise _refuse("title", _("Cần ghi nội dung bước."))
    if responsible not in Responsible.values:
        raise _refuse("responsible", _("Cấp thực hiện không hợp lệ."))
    if offset_days is not None and fixed_due_on is not None:
        raise _refuse("fixed_due_on", _("Chọn một trong hai: hạn theo ngày đại hội hoặc hạn cố định."))
    if plan.steps.filter(code=code).exists():
        raise _refuse("code", _("Kế hoạch đã có bước mã %(code)s.") % {"code": code})
    last = plan.steps.aggregate(n=Max("order"))["n"] or 0
    step = PlanStep.objects.create(
        plan=plan,
        order=last + 1,
        code=code,
        title=title,
        responsible=responsible,
        offset_days=offset_days,
        fixed_due_on=fixed_due_on,
        produces=nfc(produces).strip(),
    )
    StepProgress.objects.bulk_create(StepProgress(congress=c, step=step) for c in plan.congresses.all())
    _audit(actor, plan, event="congress_plan.step_added", step=code)
    return step


@transaction.atomic
def remove_plan_step(*, actor: Actor, step: PlanStep) -> None:
    """Take a step out of the plan, with its untouched progress rows. Refused once a congress has worked on it
    (status other than not started, a date, a note or a document), so no recorded work is lost."""
    plan = step.plan
    actor.require(policy.APPROVE_ELECTIONS, plan.organization)
    worked = step.progress.filter(
        ~Q(status=StepStatus.NOT_STARTED) | ~Q(document="") | ~Q(note="") | Q(due_on__isnull=False)
    ).count()
    if worked:
        raise _refuse(
            "step",
            _("Bước %(code)s đã được %(n)d đại hội thực hiện hoặc ghi nhận; không bỏ được.")
            % {"code": step.code, "n": worked},
        )
    code = step.code
    step.progress.all().delete()
    step.delete()
    for i, s in enumerate(plan.steps.order_by("order"), start=1):
        if s.order != i:
            s.order = i
            s.save(update_fields=["order"])
    _audit(actor, plan, event="congress_plan.step_removed", step=code)


@transaction.atomic
def move_plan_step(*, actor: Actor, step: PlanStep, up: bool) -> PlanStep:
    """Swap a step with the one before it (`up`) or after it; the first cannot go up nor the last down."""
    plan = step.plan
    actor.require(policy.APPROVE_ELECTIONS, plan.organization)
    steps = list(plan.steps.order_by("order"))
    i = next(i for i, s in enumerate(steps) if s.pk == step.pk)
    j = i - 1 if up else i + 1
    if j < 0 or j >= len(steps):
        raise _refuse("order", _("Bước %(code)s đã ở đầu hoặc cuối kế hoạch.") % {"code": step.code})
    steps[i], steps[j] = steps[j], steps[i]
    for n, s in enumerate(steps, start=1):
        if s.order != n:
            s.order = n
            s.save(update_fields=["order"])
    _audit(actor, plan, event="congress_plan.step_moved", step=step.code, order=j + 1)
    step.refresh_from_db()
    return step
