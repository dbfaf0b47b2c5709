"""Pages of inspection and supervision: the committee's plans with the roll-up, a plan, one inspection (decision,
conclusion, recommendations followed to completion) and the roll-up XLSX. Writes go through services.py."""

from __future__ import annotations

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
from sotay.orgs.access import org_for_list
from sotay.orgs.actor import Actor
from sotay.orgs.models import subtree_filter

from . import rollup, services
from .access import PERM, get_inspection, get_plan, get_recommendation
from .forms import ConclusionForm, DecisionForm, DoneForm, InspectionForm, PlanForm, RecommendationForm
from .models import Plan, Status


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= 2100:
        raise Http404
    return year


def _refused(exc: policy.NotAllowed) -> HttpResponse:
    if exc.hidden:
        raise Http404 from exc
    return HttpResponse(_("Bạn không có quyền thực hiện việc này."), status=403)


def _index_context(request, org, year, plan_form=None):
    today = timezone.localdate()
    items = list(rollup.open_recommendations(org)[:500])
    for item in items:
        item.overdue_days = rollup.days_overdue(item, today)
    return {
        "org": org,
        "year": year,
        "plans": Plan.objects.filter(subtree_filter(org.path, "organization__path")).select_related("organization")[
            :200
        ],
        "plan_rows": rollup.plan_vs_done(org, year),
        "age_rows": rollup.by_age(items, today),
        "open_items": items,
        "plan_form": plan_form or PlanForm(initial={"year": year}),
    }


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    org = org_for_list(request.user, request.GET.get("org"), perm=PERM)
    return render(request, "inspection/index.html", _index_context(request, org, _year(request)))


@require_POST
def plan_create(request: HttpRequest) -> HttpResponse:
    org = org_for_list(request.user, request.GET.get("org"), perm=PERM)
    form = PlanForm(request.POST)
    if form.is_valid():
        try:
            plan = services.create_plan(actor=Actor.from_request(request), organization=org, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        except policy.NotAllowed as exc:
            return _refused(exc)
        else:
            messages.success(request, _("Đã lập kế hoạch kiểm tra, giám sát."))
            return redirect("inspection:plan", plan_id=plan.pk)
    context = _index_context(request, org, timezone.localdate().year, plan_form=form)
    return render(request, "inspection/index.html", context, status=422)


@require_http_methods(["GET", "POST"])
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan(request.user, plan_id)
    form = InspectionForm(request.POST or None, org=plan.organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_inspection(actor=Actor.from_request(request), plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        except policy.NotAllowed as exc:
            return _refused(exc)
        else:
            messages.success(request, _("Đã thêm vào kế hoạch."))
            return redirect("inspection:plan", plan_id=plan.pk)
    inspections = plan.inspections.select_related("subject_organization", "subject_member").order_by(
        "period_start", "pk"
    )
    context = {"plan": plan, "inspections": inspections, "form": form}
    return render(request, "inspection/plan.html", context, status=422 if form.errors else 200)


def _detail_context(inspection, **forms):
    today = timezone.localdate()
    items = list(inspection.recommendations.all())
    for item in items:
        item.overdue = item.is_overdue(today)
    return {
        "i": inspection,
        "items": items,
        "today": today,
        "decision_form": forms.get("decision_form") or DecisionForm(initial={"decision_on": today}),
        "conclusion_form": forms.get("conclusion_form") or ConclusionForm(initial={"concluded_on": today}),
        "recommendation_form": forms.get("recommendation_form") or RecommendationForm(),
        "done_form": DoneForm(initial={"done_on": today}),
        "open": inspection.status not in (Status.CONCLUDED, Status.CANCELLED),
    }


@require_GET
def detail(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = get_inspection(request.user, inspection_id)
    return render(request, "inspection/detail.html", _detail_context(inspection))


def _post(request, inspection, form_class, form_name, service, success):
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(actor=Actor.from_request(request), inspection=inspection, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        except policy.NotAllowed as exc:
            return _refused(exc)
        else:
            messages.success(request, success)
            return redirect("inspection:detail", inspection_id=inspection.pk)
    return render(request, "inspection/detail.html", _detail_context(inspection, **{form_name: form}), status=422)


@require_POST
def decision(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = get_inspection(request.user, inspection_id)
    return _post(request, inspection, DecisionForm, "decision_form", services.record_decision, _("Đã ghi quyết định."))


@require_POST
def conclusion(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = get_inspection(request.user, inspection_id)
    return _post(
        request, inspection, ConclusionForm, "conclusion_form", services.record_conclusion, _("Đã ghi kết luận.")
    )


@require_POST
def recommend(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = get_inspection(request.user, inspection_id)
    return _post(
        request,
        inspection,
        RecommendationForm,
        "recommendation_form",
        services.add_recommendation,
        _("Đã thêm kiến nghị."),
    )


@require_POST
def recommendation_done(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    item = get_recommendation(request.user, recommendation_id)
    form = DoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ngày hoàn thành không hợp lệ (cần dạng dd/mm/yyyy)."))
    else:
        try:
            services.complete_recommendation(actor=Actor.from_request(request), item=item, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except policy.NotAllowed as exc:
            return _refused(exc)
        else:
            messages.success(request, _("Đã ghi hoàn thành kiến nghị."))
    return redirect("inspection:detail", inspection_id=item.inspection_id)


@require_GET
def rollup_xlsx(request: HttpRequest) -> HttpResponseBase:
    org = org_for_list(request.user, request.GET.get("org"), perm=PERM)
    year = _year(request)
    today = timezone.localdate()
    columns = [
        xlsx.Column(_("Mục"), 34),
        xlsx.Column(_("Kế hoạch"), 12),
        xlsx.Column(_("Đã kết luận"), 12),
        xlsx.Column(_("Đang tiến hành"), 14),
        xlsx.Column(_("Chưa tiến hành"), 14),
        xlsx.Column(_("Không thực hiện"), 14),
    ]
    rows: list[tuple] = [
        (r.label, r.planned, r.concluded, r.in_progress, r.not_started, r.cancelled)
        for r in rollup.plan_vs_done(org, year)
    ]
    items = list(rollup.open_recommendations(org))
    rows.append(("", "", "", "", "", ""))
    rows.append((_("Kiến nghị chưa hoàn thành"), len(items), "", "", "", ""))
    rows += [(r.label, r.count, "", "", "", "") for r in rollup.by_age(items, today)]
    rows.append(("", "", "", "", "", ""))
    rows += [
        (
            f"{x.text} — {x.addressee}",
            x.inspection.subject_name,
            f"{x.due_on:%d/%m/%Y}",
            _("quá hạn %(n)s ngày") % {"n": rollup.days_overdue(x, today)} if x.due_on < today else "",
            x.organization.name,
            "",
        )
        for x in items
    ]
    content = xlsx.xlsx_bytes(columns=columns, rows=rows, sheet_title=_("Kiểm tra, giám sát"))
    name = f"kiem-tra-giam-sat-{fold(org.code or str(org.pk)).replace(' ', '-')}-{year}.xlsx"
    return export_response(
        actor=Actor.from_request(request),
        kind="inspection_rollup",
        subject=org,
        filename=name,
        content=content,
        rows=len(rows),
    )
