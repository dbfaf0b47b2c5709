"""Model cells and "bốn tốt": programmes, the model-cell flow, progress against targets, yearly recognition."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sotay.accounts.http import AuthedRequest
from sotay.core.exports import export_response, file_response
from sotay.core.forms import add_form_errors
from sotay.lib.pdf import render_pdf
from sotay.members.models import Member
from sotay.orgs import policy
from sotay.orgs.access import get_org_for_user, org_for_list
from sotay.orgs.actor import Actor
from sotay.orgs.models import CELL_KINDS, Organization, is_within, subtree_filter

from .. import recognition_data, services
from ..access import get_enrolment_for_user, get_scheme_for_user, may_manage_for, schemes_visible_to
from ..models import AssessmentKind, EnrolmentStage, ModelCellEnrolment, SchemeAssessment, SchemeKind
from ..recognition_forms import (
    EndForm,
    PlanForm,
    RecogniseForm,
    RegisterForm,
    SchemeForm,
    ScoresForm,
    SupervisorForm,
)

REVIEW = policy.REVIEW_EVALUATIONS


@require_GET
def scheme_list(request: AuthedRequest) -> HttpResponse:
    org = org_for_list(request.user, request.GET.get("org"), perm=REVIEW)
    schemes = recognition_data.schemes_covering(org).filter(pk__in=schemes_visible_to(request.user).values("pk"))
    context = {
        "org": org,
        "schemes": list(schemes),
        "can_create": policy.user_has_permission_for_org(request.user, policy.MANAGE_EVALUATIONS, org),
    }
    return render(request, "evaluation/schemes.html", context)


@require_http_methods(["GET", "POST"])
def scheme_create(request: AuthedRequest, org_id: int) -> HttpResponse:
    org = get_org_for_user(request.user, org_id, perm=policy.MANAGE_EVALUATIONS)
    year = timezone.localdate().year
    form = SchemeForm(request.POST or None, initial={"start_year": year, "end_year": year + 3})
    if request.method == "POST" and form.is_valid():
        try:
            scheme = services.create_scheme(organization=org, actor=Actor.from_request(request), **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo “%(t)s” với bộ tiêu chí mặc định.") % {"t": scheme.title})
            return redirect("evaluation:scheme", scheme_id=scheme.pk)
    return render(request, "evaluation/scheme_form.html", {"form": form, "org": org})


def _scope(request, scheme) -> Organization:
    """The organisation a scheme page is about: ?org= in reach and inside the scheme, else the widest such node."""
    if request.GET.get("org"):
        org = get_org_for_user(request.user, request.GET.get("org"), perm=REVIEW)
        if is_within(org, scheme.organization):
            return org
        raise Http404
    if policy.user_has_permission_for_org(request.user, REVIEW, scheme.organization):
        return scheme.organization
    inside = [n for n in policy.granted_orgs(request.user, REVIEW) if is_within(n, scheme.organization)]
    if not inside:
        raise Http404
    return min(inside, key=lambda n: (n.depth, n.path))


@require_http_methods(["GET", "POST"])
def scheme_detail(request: AuthedRequest, scheme_id: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, scheme_id)
    org = _scope(request, scheme)
    if scheme.kind == SchemeKind.FOUR_GOOD:
        return _four_good_overview(request, scheme, org)
    registered = ModelCellEnrolment.objects.filter(scheme=scheme).values("organization_id")
    cells = (
        Organization.objects.filter(subtree_filter(org.path), kind__in=CELL_KINDS, valid_to__isnull=True)
        .exclude(pk__in=registered)
        .filter(policy.subtree_q(request.user, REVIEW))
        .order_by("path")
    )
    form = RegisterForm(request.POST or None, cells=cells, initial={"registered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.register_cell(
                scheme=scheme,
                organization=form.cleaned_data["organization"],
                registered_on=form.cleaned_data["registered_on"],
                actor=Actor.from_request(request),
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi đăng ký của %(o)s.") % {"o": enrolment.organization.name})
            return redirect("evaluation:enrolment", enrolment_id=enrolment.pk)
    kind_rows, type_rows = recognition_data.model_cell_progress(scheme, org)
    enrolments = (
        ModelCellEnrolment.objects.filter(scheme=scheme)
        .filter(subtree_filter(org.path, "organization__path"))
        .select_related("organization")
        .order_by("organization__path")
    )
    context = {
        "scheme": scheme,
        "org": org,
        "kind_rows": kind_rows,
        "type_rows": type_rows,
        "kind_chart": recognition_data.chart(kind_rows),
        "type_chart": recognition_data.chart(type_rows),
        "enrolments": list(enrolments[:300]),
        "form": form if cells.exists() else None,
        "by_child": recognition_data.model_cell_progress_by_child(scheme, org),
    }
    return render(request, "evaluation/scheme_model_cell.html", context, status=400 if form.errors else 200)


def _enrolment_context(request, enrolment: ModelCellEnrolment, **forms) -> dict:
    user, cell = request.user, enrolment.organization
    today = timezone.localdate()
    own = policy.user_has_permission_for_org(user, REVIEW, cell)
    superior = may_manage_for(user, cell)
    stage = enrolment.stage
    criteria = list(enrolment.scheme.criteria_for(cell.cell_type))
    ctx = {
        "enrolment": enrolment,
        "scheme": enrolment.scheme,
        "assessments": list(enrolment.assessments.prefetch_related("scores__criterion")),
        "criteria": criteria,
        "ended": stage in (EnrolmentStage.LAPSED, EnrolmentStage.WITHDRAWN),
    }
    open_ = not ctx["ended"] and stage != EnrolmentStage.RECOGNISED
    if own and open_:
        ctx["plan_form"] = forms.get("plan_form") or PlanForm(
            initial={
                "resolution_number": enrolment.resolution_number,
                "resolution_on": enrolment.resolution_on or today,
                "plan_note": enrolment.plan_note,
            }
        )
    if superior and stage != EnrolmentStage.REGISTERED and not ctx["ended"]:
        parent = Organization.objects.get_parent(cell)
        members = Member.objects.filter(
            subtree_filter(parent.path, "organization__path"), status__in=("OFFICIAL",)
        ).order_by("name_sort_key")
        ctx["supervisor_form"] = forms.get("supervisor_form") or SupervisorForm(
            members=members, initial={"assigned_on": today, "supervisor": enrolment.supervisor_id}
        )
    if stage in (
        EnrolmentStage.SUPERVISED,
        EnrolmentStage.SELF_ASSESSED,
        EnrolmentStage.APPRAISED,
        EnrolmentStage.RECOGNISED,
    ):
        if own:
            ctx["self_form"] = forms.get("self_form") or ScoresForm(
                criteria=criteria, extra=("period", "evidence"), initial={"assessed_on": today}, prefix="self"
            )
        if superior and enrolment.assessments.filter(kind=AssessmentKind.SELF).exists():
            ctx["appraisal_form"] = forms.get("appraisal_form") or ScoresForm(
                criteria=criteria, extra=("period",), initial={"assessed_on": today}, prefix="appraisal"
            )
    if superior and stage == EnrolmentStage.APPRAISED:
        ctx["recognise_form"] = forms.get("recognise_form") or RecogniseForm(initial={"recognised_on": today})
    if superior and stage == EnrolmentStage.RECOGNISED:
        ctx["end_form"] = forms.get("end_form") or EndForm(initial={"ended_on": today})
    return ctx


@require_GET
def enrolment_detail(request: AuthedRequest, enrolment_id: int) -> HttpResponse:
    enrolment = get_enrolment_for_user(request.user, enrolment_id)
    return render(request, "evaluation/enrolment.html", _enrolment_context(request, enrolment))


@require_POST
def enrolment_action(request: AuthedRequest, enrolment_id: int, action: str) -> HttpResponse:
    enrolment = get_enrolment_for_user(request.user, enrolment_id)
    ctx = _enrolment_context(request, enrolment)
    form_key = {
        "plan": "plan_form",
        "supervisor": "supervisor_form",
        "self": "self_form",
        "appraisal": "appraisal_form",
        "recognise": "recognise_form",
        "end": "end_form",
    }.get(action)
    if form_key is None or form_key not in ctx:
        raise Http404
    blank = ctx[form_key]
    form: forms.Form
    if action == "plan":
        form = PlanForm(request.POST, request.FILES)
    elif action == "supervisor":
        form = SupervisorForm(request.POST, members=blank.fields["supervisor"].queryset)
    elif action in ("self", "appraisal"):
        extra = ("period", "evidence") if action == "self" else ("period",)
        form = ScoresForm(request.POST, request.FILES, criteria=ctx["criteria"], extra=extra, prefix=action)
    elif action == "recognise":
        form = RecogniseForm(request.POST)
    else:
        form = EndForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            if action == "plan":
                services.attach_plan(enrolment=enrolment, actor=Actor.from_request(request), **d)
            elif action == "supervisor":
                services.assign_supervisor(enrolment=enrolment, actor=Actor.from_request(request), **d)
            elif action in ("self", "appraisal"):
                services.assess_model_cell(
                    enrolment=enrolment,
                    kind=AssessmentKind.SELF if action == "self" else AssessmentKind.APPRAISAL,
                    assessed_on=d["assessed_on"],
                    scores=cast(ScoresForm, form).scores(),
                    actor=Actor.from_request(request),
                    period_label=d.get("period_label", ""),
                    evidence=d.get("evidence", ""),
                    evidence_file=d.get("evidence_file"),
                    comment=d.get("comment", ""),
                )
            elif action == "recognise":
                services.recognise_model_cell(
                    scheme=enrolment.scheme, organization=enrolment.organization, actor=Actor.from_request(request), **d
                )
            else:
                services.end_recognition(enrolment=enrolment, actor=Actor.from_request(request), **d)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi."))
            return redirect("evaluation:enrolment", enrolment_id=enrolment.pk)
    enrolment.refresh_from_db()
    ctx = _enrolment_context(request, enrolment, **{form_key: form})
    return render(request, "evaluation/enrolment.html", ctx, status=400)


@require_GET
def enrolment_certificate(request: AuthedRequest, enrolment_id: int) -> HttpResponseBase:
    enrolment = get_enrolment_for_user(request.user, enrolment_id)
    if enrolment.stage != EnrolmentStage.RECOGNISED:
        raise Http404("Chi bộ chưa được công nhận.")
    parent = Organization.objects.get_parent(enrolment.organization)
    body = render_pdf(
        "evaluation/certificate_pdf.html",
        {"enrolment": enrolment, "scheme": enrolment.scheme, "org": parent, "cell": enrolment.organization},
    )
    return export_response(
        actor=Actor.from_request(request),
        kind="recognition_certificate",
        subject=enrolment.organization,
        filename=f"giay-chung-nhan-{enrolment.organization.code}.pdf",
        content=body,
        inline=True,
        params={"enrolment": enrolment.pk},
    )


@require_GET
def enrolment_file(request: AuthedRequest, enrolment_id: int, which: str, assessment_id: int | None = None):
    enrolment = get_enrolment_for_user(request.user, enrolment_id)
    if which == "plan":
        field = enrolment.plan_file
    else:
        assessment = enrolment.assessments.filter(pk=assessment_id).first() if assessment_id is not None else None
        if assessment is None:
            raise Http404
        field = assessment.evidence_file
    if not field:
        raise Http404
    return file_response((field.name or "").rsplit("/", 1)[-1], field.open("rb"))


# --- "Bốn tốt" -----------------------------------------------------------------------------------------------


def _year(request) -> int:
    try:
        return int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


def _four_good_overview(request, scheme, org) -> HttpResponse:
    year = _year(request)
    assessments = {a.organization_id: a for a in recognition_data.four_good_assessments(scheme, org, year)}
    candidates = (
        recognition_data.four_good_candidates(scheme, org)
        .filter(policy.subtree_q(request.user, REVIEW))
        .order_by("path")
    )
    page = Paginator(candidates, 50).get_page(request.GET.get("page"))
    rows = [(o, assessments.get(o.pk)) for o in page]
    recognised = [a for a in assessments.values() if a.recognised_on]
    context = {
        "scheme": scheme,
        "org": org,
        "year": year,
        "rows": rows,
        "page": page,
        "recognised": recognised,
        "passed_count": sum(1 for a in assessments.values() if a.passed),
        "progress_chart": recognition_data.chart(recognition_data.four_good_progress(scheme, org, year)),
    }
    return render(request, "evaluation/scheme_four_good.html", context)


@require_http_methods(["GET", "POST"])
def four_good_assess(request: AuthedRequest, scheme_id: int, org_id: int, year: int) -> HttpResponse:
    scheme = get_scheme_for_user(request.user, scheme_id)
    if scheme.kind != SchemeKind.FOUR_GOOD:
        raise Http404
    org = get_org_for_user(request.user, org_id, perm=REVIEW)
    if not is_within(org, scheme.organization):
        raise Http404
    can_act = may_manage_for(request.user, org)
    prefill = recognition_data.four_good_prefill(scheme, org, year)
    criteria = list(scheme.criteria.order_by("group", "order"))
    existing = SchemeAssessment.objects.filter(
        scheme=scheme, organization=org, year=year, enrolment__isnull=True
    ).first()
    initial: dict[str, Any] = {"assessed_on": timezone.localdate()}
    if existing:
        initial.update({f"score_{s.criterion_id}": s.score for s in existing.scores.all()})
    initial.update({f"score_{cid}": score for cid, (score, _note) in prefill.items()})
    notes = {cid: _("Từ dữ liệu: %(n)s") % {"n": note} for cid, (_score, note) in prefill.items()}
    form = ScoresForm(request.POST or None, criteria=criteria, notes=notes, initial=initial)
    recognise_form = RecogniseForm(initial={"recognised_on": timezone.localdate()})
    if request.method == "POST":
        if not can_act:
            raise Http404
        if "decision_number" in request.POST:
            recognise_form = RecogniseForm(request.POST)
            if recognise_form.is_valid() and existing:
                try:
                    services.recognise_four_good(
                        assessment=existing, actor=Actor.from_request(request), **recognise_form.cleaned_data
                    )
                except ValidationError as exc:
                    add_form_errors(recognise_form, exc)
                else:
                    messages.success(request, _("Đã ghi quyết định công nhận."))
                    return redirect("evaluation:four_good", scheme_id=scheme.pk, org_id=org.pk, year=year)
        elif form.is_valid():
            try:
                services.assess_four_good(
                    scheme=scheme,
                    organization=org,
                    year=year,
                    assessed_on=form.cleaned_data["assessed_on"],
                    scores=form.scores(),
                    from_data={cid: note for cid, (_s, note) in prefill.items()},
                    comment=form.cleaned_data.get("comment", ""),
                    actor=Actor.from_request(request),
                )
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Đã ghi kết quả chấm “bốn tốt”."))
                return redirect("evaluation:four_good", scheme_id=scheme.pk, org_id=org.pk, year=year)
    groups: dict[int, tuple[str, list]] = {}
    for c in criteria:
        groups.setdefault(c.group, (c.group_title, []))[1].append(form[f"score_{c.pk}"])
    context = {
        "scheme": scheme,
        "org": org,
        "year": year,
        "form": form if can_act and not (existing and existing.recognised_on) else None,
        "groups": list(groups.values()),
        "existing": existing,
        "recognise_form": recognise_form
        if can_act and existing and existing.passed and not existing.recognised_on
        else None,
    }
    return render(request, "evaluation/four_good.html", context, status=400 if request.method == "POST" else 200)


@require_GET
def scheme_xlsx(request: AuthedRequest, scheme_id: int) -> HttpResponseBase:
    """Model cells: progress of each organisation under the subtree against the targets. Bốn tốt: the year's
    assessments and recognitions."""
    from sotay.lib.xlsx import Column, xlsx_bytes

    scheme = get_scheme_for_user(request.user, scheme_id)
    org = _scope(request, scheme)
    if scheme.kind == SchemeKind.MODEL_CELL:
        columns = [
            Column(_("Tổ chức"), 40),
            Column(_("Chi bộ cơ sở"), 12),
            Column(_("Đã đăng ký"), 12),
            Column(_("Được công nhận"), 14),
            Column(_("Tỷ lệ (%)"), 10),
            Column(_("Chỉ tiêu (%)"), 10),
            Column(_("Chi bộ trực thuộc"), 14),
            Column(_("Đã đăng ký"), 12),
            Column(_("Được công nhận"), 14),
            Column(_("Tỷ lệ (%)"), 10),
            Column(_("Chỉ tiêu (%)"), 10),
        ]
        kinds, _types = recognition_data.model_cell_progress(scheme, org)
        lines = [(org.name, kinds[0], kinds[1])] + [
            (r.org.name, r.base, r.cell) for r in recognition_data.model_cell_progress_by_child(scheme, org)
        ]
        rows = [
            [name]
            + [x for p in (base, cell) for x in (p.total, p.registered, p.recognised, float(p.percent), p.target)]
            for name, base, cell in lines
        ]
        filename = f"chi-bo-kieu-mau-{org.code}.xlsx"
    else:
        year = _year(request)
        columns = [
            Column(_("Tổ chức"), 40),
            Column(_("Năm"), 8),
            Column(_("Tổng điểm"), 10),
            Column(_("Đạt"), 8),
            Column(_("Số quyết định công nhận"), 22),
            Column(_("Ngày công nhận"), 14),
        ]
        rows = [
            [
                a.organization.name,
                a.year,
                a.total,
                _("Đạt") if a.passed else _("Không đạt"),
                a.recognition_number,
                a.recognised_on,
            ]
            for a in recognition_data.four_good_assessments(scheme, org, year)
        ]
        filename = f"bon-tot-{org.code}-{year}.xlsx"
    body = xlsx_bytes(columns=columns, rows=rows, sheet_title=scheme.reference, document_title=scheme.title)
    return export_response(
        actor=Actor.from_request(request),
        kind="recognition_scheme",
        subject=org,
        filename=filename,
        content=body,
        rows=len(rows),
        params={"scheme": scheme.pk},
    )
