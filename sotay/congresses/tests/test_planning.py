"""Editing an issued plan: the committee that issued it adds, removes and reorders steps (audited), and the
congresses opened under it follow; a cell cannot edit its superior's plan."""

from __future__ import annotations

import datetime as dt
import inspect

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sotay.audit.models import AuditEntry
from sotay.congresses import planning, polls, services
from sotay.congresses.models import PlanStep, StepStatus
from sotay.orgs.actor import Actor
from sotay.orgs.policy import NotAllowed


@pytest.fixture
def plan(cast):
    who = Actor.for_user(cast.commune_committee)
    plan = services.issue_plan(actor=who, organization=cast.commune_a, title="Đại hội chi bộ", term_label="2027–2032")
    services.open_congress(actor=who, organization=cast.cell_a, term_label="2027–2032", plan=plan)
    return plan


def codes(plan) -> list[str]:
    return list(plan.steps.order_by("order").values_list("code", flat=True))


def test_every_public_function_of_the_new_service_modules_takes_a_required_keyword_actor():
    """Issue 12 §1, as sotay/orgs/tests/test_services_take_actor.py checks for services.py modules."""
    for module in (planning, polls):
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or func.__module__ != module.__name__:
                continue
            if name in {"is_poll", "poll_rows", "poll_title", "poll_minutes"}:  # read-only
                continue
            param = inspect.signature(func).parameters.get("actor")
            assert param is not None and param.kind is inspect.Parameter.KEYWORD_ONLY, name
            assert param.default is inspect.Parameter.empty, name


def test_a_new_step_goes_last_and_every_opened_congress_tracks_it(cast, plan):
    who = Actor.for_user(cast.commune_committee)
    step = planning.add_plan_step(
        actor=who, plan=plan, code="bc", title="Báo cáo kết quả đại hội lên cấp trên", offset_days=7
    )
    assert step.code == "BC" and codes(plan)[-1] == "BC"
    congress = plan.congresses.get()
    assert congress.progress.filter(step=step, status=StepStatus.NOT_STARTED).exists()
    assert AuditEntry.objects.filter(data__event="congress_plan.step_added", data__step="BC").exists()
    with pytest.raises(ValidationError, match="đã có bước mã BC"):
        planning.add_plan_step(actor=who, plan=plan, code="BC", title="Trùng mã")
    with pytest.raises(ValidationError, match="Chọn một trong hai"):
        planning.add_plan_step(
            actor=who, plan=plan, code="X", title="Hai hạn", offset_days=1, fixed_due_on=dt.date(2027, 1, 1)
        )
    assert plan.steps.filter(code="X").count() == 0


def test_a_step_is_removed_only_while_no_congress_has_worked_on_it(cast, plan):
    who = Actor.for_user(cast.commune_committee)
    before = codes(plan)
    planning.remove_plan_step(actor=who, step=plan.steps.get(code="GYVK"))
    assert codes(plan) == [c for c in before if c != "GYVK"]
    assert list(plan.steps.order_by("order").values_list("order", flat=True)) == list(range(1, len(before)))
    progress = plan.congresses.get().progress.get(step__code="BCCT")
    services.record_step(actor=Actor.for_user(cast.cell_secretary), progress=progress, status=StepStatus.IN_PROGRESS)
    with pytest.raises(ValidationError, match="không bỏ được"):
        planning.remove_plan_step(actor=who, step=plan.steps.get(code="BCCT"))
    assert plan.steps.filter(code="BCCT").exists()


def test_steps_move_up_and_down_but_not_past_the_ends(cast, plan):
    who = Actor.for_user(cast.commune_committee)
    planning.move_plan_step(actor=who, step=plan.steps.get(code="BCKD"), up=True)
    assert codes(plan)[:3] == ["KH", "BCKD", "BCCT"]
    planning.move_plan_step(actor=who, step=plan.steps.get(code="BCKD"), up=False)
    assert codes(plan)[:3] == ["KH", "BCCT", "BCKD"]
    with pytest.raises(ValidationError, match="đầu hoặc cuối"):
        planning.move_plan_step(actor=who, step=plan.steps.get(code="KH"), up=True)
    # The congress page lists the steps in the plan's new order.
    planning.move_plan_step(actor=who, step=plan.steps.get(code="CY"), up=True)
    congress = plan.congresses.get()
    assert [p.step.code for p in congress.progress.all()][-2:] == ["CY", "NQ"]


def test_a_cell_cannot_edit_its_superiors_plan(cast, plan):
    cell = Actor.for_user(cast.cell_secretary)
    with pytest.raises(NotAllowed):
        planning.add_plan_step(actor=cell, plan=plan, code="Z", title="Bước lạ")
    with pytest.raises(NotAllowed):
        planning.remove_plan_step(actor=cell, step=plan.steps.first())
    with pytest.raises(NotAllowed):
        planning.move_plan_step(actor=cell, step=plan.steps.last(), up=True)


def test_plan_page_adds_moves_and_removes_steps(client, cast, plan):
    client.force_login(cast.commune_committee)
    page = client.get(reverse("congresses:plan", args=[plan.pk])).content.decode()
    assert "Thêm bước" in page and "Bỏ bước" in page
    response = client.post(
        reverse("congresses:plan_step_add", args=[plan.pk]),
        {"new-code": "TK", "new-title": "Tổng kết công tác đại hội", "new-responsible": "ORGANIZATION"},
    )
    assert response.status_code == 302 and codes(plan)[-1] == "TK"
    tk = plan.steps.get(code="TK")
    client.post(reverse("congresses:plan_step_move", args=[tk.pk]), {"direction": "up"})
    assert codes(plan)[-2:] == ["TK", "CY"]
    client.post(reverse("congresses:plan_step_remove", args=[tk.pk]))
    assert not PlanStep.objects.filter(pk=tk.pk).exists()
    # Bad input: a clear message, nothing changes.
    response = client.post(
        reverse("congresses:plan_step_add", args=[plan.pk]), {"new-code": "", "new-title": ""}, follow=True
    )
    assert "Mã bước" in response.content.decode() and plan.steps.count() == 10
    # Outsiders do not see the plan's steps at all.
    client.force_login(cast.outsider)
    assert client.post(reverse("congresses:plan_step_remove", args=[plan.steps.first().pk])).status_code == 404


def test_plans_congresses_and_elections_are_in_the_admin_read_only(rf, cast, plan):
    from django.contrib import admin

    from sotay.congresses.models import Congress, CongressPlan, Election

    for model in (CongressPlan, Congress, Election):
        assert admin.site.is_registered(model)
    plan_admin = admin.site._registry[CongressPlan]
    request = rf.get("/admin/")
    request.user = cast.outsider
    assert not plan_admin.has_add_permission(request) and not plan_admin.has_change_permission(request)
    request.user = cast.commune_committee
    assert list(plan_admin.get_queryset(request)) == [plan]
