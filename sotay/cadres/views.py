"""Cadre pages: an organisation's positions and plans, a position (holders and the standard), a plan's review with
warnings, structure and training needs. Scoped by MANAGE_CADRES; outsiders get 404."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sotay.core.exports import export_response
from sotay.core.forms import add_form_errors
from sotay.lib import xlsx
from sotay.lib.vntext import fold
from sotay.orgs import policy
from sotay.orgs.access import get_org_for_user, org_for_list
from sotay.orgs.actor import Actor

from . import access, planning, services, standards
from .forms import AddForm, AppointForm, EndForm, PlanForm, PositionForm, RemoveForm
from .models import Appointment, CadrePlan, Position

PERM = policy.MANAGE_CADRES


@dataclass(frozen=True)
class PositionRow:
    """A position of the organisation with its current holders."""

    position: Position
    holders: list[Appointment]


@dataclass(frozen=True)
class HolderRow:
    """A current appointment to a position and how its holder measures up to the position's standard today."""

    appointment: Appointment
    check: standards.Check


def _refused(refused: policy.NotAllowed):
    if refused.hidden:
        raise Http404
    return HttpResponse(_("Bạn không có quyền thực hiện việc này."), status=403)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    org = org_for_list(request.user, request.GET.get("org"), perm=PERM)
    positions = [
        PositionRow(
            position,
            list(Appointment.objects.filter(position=position, ended_on__isnull=True).select_related("member")),
        )
        for position in Position.objects.filter(organization=org).order_by("order", "id")
    ]
    rotations = Appointment.objects.filter(
        position__organization=org, kind=Appointment.Kind.ROTATION, ended_on__isnull=True
    ).select_related("member", "position")
    context = {
        "org": org,
        "positions": positions,
        "plans": CadrePlan.objects.filter(organization=org),
        "rotations": rotations,
        "position_form": PositionForm(),
        "plan_form": PlanForm(),
    }
    return render(request, "cadres/index.html", context)


@require_POST
def position_create(request: HttpRequest, org_id: int) -> HttpResponse:
    org = get_org_for_user(request.user, org_id, perm=PERM)
    form = PositionForm(request.POST)
    if form.is_valid():
        try:
            services.create_position(actor=Actor.from_request(request), organization=org, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã thêm chức danh."))
    else:
        messages.error(request, _("Chưa lưu: kiểm tra tên chức danh và số lượng."))
    return redirect(f"{_url('cadres:index')}?org={org.pk}")


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


@require_http_methods(["GET", "POST"])
def position_detail(request: HttpRequest, position_id: int) -> HttpResponse:
    actor = Actor.from_request(request)
    position = access.get_position(actor, position_id)
    today = timezone.localdate()
    form = AppointForm(request.POST or None, org=position.organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.appoint(actor=actor, position=position, **data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        except policy.NotAllowed as refused:
            if refused.hidden:
                raise Http404 from None
            form.add_error(
                None, _("Chức danh cấp ủy này do cấp ủy cấp trên hoặc Ban Tổ chức bổ nhiệm (kèm phân quyền).")
            )
        else:
            messages.success(request, _("Đã ghi bổ nhiệm."))
            return redirect("cadres:position", position.pk)
    appointments = list(Appointment.objects.filter(position=position).select_related("member", "role_grant"))
    context = {
        "position": position,
        "standard": standards.standard_for(position, today),
        "current": [HolderRow(a, standards.check(a.member, position, today)) for a in appointments if a.is_current],
        "past": [a for a in appointments if not a.is_current],
        "form": form,
        "end_form": EndForm(),
        "today": today,
    }
    return render(request, "cadres/position.html", context)


@require_POST
def appointment_end(request: HttpRequest, appointment_id: int) -> HttpResponse:
    actor = Actor.from_request(request)
    appointment = access.get_appointment(actor, appointment_id)
    form = EndForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.end_appointment(
                actor=actor,
                appointment=appointment,
                ended_on=data["ended_on"] or timezone.localdate(),
                end_kind=data["end_kind"],
                end_decision=data["end_decision"],
                extend_to=data["extend_to"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except policy.NotAllowed as refused:
            return _refused(refused)
        else:
            messages.success(request, _("Đã ghi."))
    else:
        messages.error(request, _("Chưa lưu: kiểm tra ngày."))
    return redirect("cadres:position", appointment.position_id)


@require_POST
def confirm_criterion(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """The committee confirms one manual criterion of the standard in force for a holder."""
    actor = Actor.from_request(request)
    appointment = access.get_appointment(actor, appointment_id)
    standard = standards.standard_for(appointment.position, timezone.localdate())
    if standard is None:
        raise Http404
    try:
        services.confirm_criterion(
            actor=actor,
            member=appointment.member,
            position=appointment.position,
            standard=standard,
            criterion=request.POST.get("criterion", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except policy.NotAllowed as refused:
        return _refused(refused)
    else:
        messages.success(request, _("Đã xác nhận tiêu chí."))
    return redirect("cadres:position", appointment.position_id)


@require_POST
def plan_create(request: HttpRequest, org_id: int) -> HttpResponse:
    org = get_org_for_user(request.user, org_id, perm=PERM)
    form = PlanForm(request.POST)
    if form.is_valid():
        try:
            plan = services.create_plan(actor=Actor.from_request(request), organization=org, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect("cadres:plan", plan.pk)
    else:
        messages.error(request, _("Chưa lưu: kiểm tra nhiệm kỳ và ngày bắt đầu."))
    return redirect(f"{_url('cadres:index')}?org={org.pk}")


@require_http_methods(["GET", "POST"])
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    actor = Actor.from_request(request)
    plan = access.get_plan(actor, plan_id)
    form = AddForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_to_plan(actor=actor, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã đưa vào quy hoạch."))
            return redirect("cadres:plan", plan.pk)
    history = plan.entries.exclude(removed_on__isnull=True).select_related("member", "position")
    context = {
        "plan": plan,
        "review": planning.review(plan),
        "low_high": planning.per_post_bounds(plan.term_starts_on),
        "history": history,
        "form": form,
        "remove_form": RemoveForm(initial={"on": timezone.localdate()}),
    }
    return render(request, "cadres/plan.html", context)


@require_POST
def plan_remove(request: HttpRequest, plan_id: int, entry_id: int) -> HttpResponse:
    actor = Actor.from_request(request)
    plan = access.get_plan(actor, plan_id)
    entry = access.get_entry(actor, plan, entry_id)
    form = RemoveForm(request.POST)
    if form.is_valid():
        try:
            services.remove_from_plan(actor=actor, entry=entry, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã đưa ra khỏi quy hoạch."))
    else:
        messages.error(request, _("Chưa lưu: ghi ngày và lý do đưa ra."))
    return redirect("cadres:plan", plan.pk)


@require_GET
def training(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = access.get_plan(Actor.from_request(request), plan_id)
    return render(request, "cadres/training.html", {"plan": plan, "needs": planning.training_needs(plan)})


@require_GET
def training_xlsx(request: HttpRequest, plan_id: int) -> HttpResponseBase:
    actor = Actor.from_request(request)
    plan = access.get_plan(actor, plan_id)
    columns = [
        xlsx.Column(_("Nhu cầu đào tạo"), 36),
        xlsx.Column(_("Hoàn thành trước năm"), 12),
        xlsx.Column(_("Họ và tên"), 28),
        xlsx.Column(_("Ngày sinh"), 12),
        xlsx.Column(_("Chi bộ"), 36),
    ]
    rows = [
        (need.label, need.by_year, m.full_name, f"{m.birth_on:%d/%m/%Y}", m.organization.name)
        for need in planning.training_needs(plan)
        for m in need.people
    ]
    content = xlsx.xlsx_bytes(columns=columns, rows=rows, sheet_title=_("Nhu cầu đào tạo"))
    name = f"nhu-cau-dao-tao-{fold(plan.organization.code).replace(' ', '-')}-{plan.term_start}.xlsx"
    return export_response(
        actor=actor, kind="cadre_training_needs", subject=plan, filename=name, content=content, rows=len(rows)
    )
