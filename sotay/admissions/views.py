"""Admission pages: the cases of a subtree, one case with its steps. Scoped by CREATE_MEMBERS; outsiders get 404."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sotay.core import partydoc
from sotay.core.exports import export_response
from sotay.core.forms import add_form_errors
from sotay.core.uploads import max_bytes as max_upload_bytes
from sotay.members.access import get_member_for_user, members_visible_to
from sotay.members.choices import MemberStatus
from sotay.orgs import policy
from sotay.orgs.access import get_org_for_user, org_for_list
from sotay.orgs.actor import Actor
from sotay.orgs.models import subtree_filter

from . import documents, funnel, services, steps
from .forms import CaseEditForm, CaseForm, ReceivedForm, SponsorForm, StepForm
from .models import AdmissionCase, StepAttachment

PERM = policy.CREATE_MEMBERS


@dataclass(frozen=True)
class CaseRow:
    """An admission case of the list with its next deadline and whether that is past today."""

    case: AdmissionCase
    due: dt.date | None
    overdue: bool


def _get_case(user, case_id: int) -> AdmissionCase:
    scope = policy.subtree_q(user, PERM, field="organization__path")
    case = AdmissionCase.objects.filter(scope, pk=case_id).select_related("organization", "member").first()
    if case is None:
        raise Http404("Không tìm thấy hồ sơ kết nạp.")
    return case


def _step_choices(user, case: AdmissionCase) -> list[tuple[str, str]]:
    """Steps the user may record now: the đảng ủy's own steps need its rights (CHANGE_STATUS) over the cell."""
    may_decide = policy.user_has_permission_for_org(user, policy.CHANGE_STATUS, case.organization)
    codes = services.allowed_codes(case)
    if case.stage == "DECIDED" and steps.CEREMONY not in codes:
        codes.append(steps.CEREMONY)
    return [(c, f"{c} — {steps.SPECS[c].label}") for c in codes if may_decide or not steps.SPECS[c].committee]


def _sponsor_candidates(user, case: AdmissionCase):
    return (
        members_visible_to(user, policy.VIEW_MEMBERS)
        .filter(organization=case.organization, status=MemberStatus.OFFICIAL)
        .order_by("name_sort_key")
    )


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    org = org_for_list(request.user, request.GET.get("org"), perm=PERM)
    today = timezone.localdate()
    cases = [
        CaseRow(case, case.next_due_on(), case.is_overdue(today))
        for case in AdmissionCase.objects.filter(subtree_filter(org.path, "organization__path")).select_related(
            "organization"
        )
    ]
    context = {"org": org, "cases": cases, "overdue_count": sum(row.overdue for row in cases), "today": today}
    return render(request, "admissions/list.html", context)


@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest, org_id: int) -> HttpResponse:
    org = get_org_for_user(request.user, org_id, perm=PERM)
    if not org.is_cell:
        raise Http404("Hồ sơ kết nạp được lập tại chi bộ.")
    # Kết nạp lại from a member's record (?former=<id>): scoped like any member page, so an outsider gets 404.
    former = get_member_for_user(request.user, request.GET["former"]) if request.GET.get("former") else None
    initial = (
        {f: getattr(former, f, None) for f in services.IDENTITY_FIELDS} | {"is_readmission": True} if former else {}
    )
    form = CaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        readmission = data.pop("is_readmission", False)
        try:
            case = services.open_case(
                organization=org,
                data=data,
                actor=Actor.from_request(request),
                is_readmission=readmission,
                former_member=former,
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã lập hồ sơ kết nạp của %(n)s.") % {"n": case.full_name})
            return redirect("admissions:detail", case_id=case.pk)
    return render(request, "admissions/form.html", {"form": form, "org": org, "title": _("Lập hồ sơ kết nạp")})


@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _get_case(request.user, case_id)
    if case.is_closed:
        raise Http404("Hồ sơ đã kết thúc.")
    form = CaseEditForm(request.POST or None, instance=AdmissionCase.objects.get(pk=case.pk))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        approval = data.pop("over_60_approval", "")
        try:
            services.update_case(case=case, data=data, actor=Actor.from_request(request), over_60_approval=approval)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("admissions:detail", case_id=case.pk)
    services.record_case_view(case=case, actor=Actor.from_request(request), page="admission_edit")
    context = {"form": form, "org": case.organization, "title": _("Sửa hồ sơ kết nạp"), "case": case}
    return render(request, "admissions/form.html", context)


def _detail_context(
    request: HttpRequest, case: AdmissionCase, *, step_form=None, sponsor_form=None, received_form=None
) -> dict:
    services.record_case_view(
        case=case, actor=Actor.from_request(request)
    )  # every showing of the file, after a refusal too
    today = timezone.localdate()
    choices = _step_choices(request.user, case)
    if received_form is None and case.stage == "DECIDED":
        received_form = ReceivedForm(initial={"received_on": case.decision_received_on})
    return {
        "received_form": received_form,
        "case": case,
        "steps": list(case.steps.order_by("done_on", "pk").prefetch_related("attachments")),
        "sponsorships": list(case.sponsorships.select_related("sponsor")),
        "step_form": step_form or (StepForm(choices=choices, initial={"done_on": today}) if choices else None),
        "sponsor_form": sponsor_form or SponsorForm(members=_sponsor_candidates(request.user, case)),
        "next_due_on": case.next_due_on(),
        "overdue": case.is_overdue(today),
        "chain": [steps.SPECS[c] for c in steps.FORM_CODES if c in steps.required_codes(case.organization)],
        "fillable": documents.fillable_steps(case),
    }


@require_GET
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _get_case(request.user, case_id)
    return render(request, "admissions/detail.html", _detail_context(request, case))


@require_POST
def case_step(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _get_case(request.user, case_id)
    form = StepForm(request.POST, choices=_step_choices(request.user, case))
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["form_code"] == steps.CEREMONY:
                member = services.admit_member(
                    case=case,
                    ceremony_on=data["done_on"],
                    actor=Actor.from_request(request),
                    late_consent=data["late_consent"],
                    note=data["note"],
                )
                messages.success(request, _("Đã kết nạp %(n)s (đảng viên dự bị).") % {"n": member.full_name})
            else:
                votes = None
                if steps.SPECS[data["form_code"]].vote and data["votes_total"] is not None:
                    votes = services.Votes(data["votes_for"] or 0, data["votes_against"] or 0, data["votes_total"])
                services.record_step(
                    case=case,
                    form_code=data["form_code"],
                    done_on=data["done_on"],
                    document_number=data["document_number"],
                    actor=Actor.from_request(request),
                    votes=votes,
                    note=data["note"],
                    received_on=data["received_on"] if data["form_code"] == steps.DECISION else None,
                )
                messages.success(request, _("Đã ghi bước %(c)s.") % {"c": data["form_code"]})
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            return redirect("admissions:detail", case_id=case.pk)
    case.refresh_from_db()
    return render(request, "admissions/detail.html", _detail_context(request, case, step_form=form), status=400)


@require_POST
def case_received(request: HttpRequest, case_id: int) -> HttpResponse:
    """Correct the day the cell received the 9-KNĐ; the ceremony's deadline (30 working days) follows."""
    case = _get_case(request.user, case_id)
    form = ReceivedForm(request.POST)
    if form.is_valid():
        try:
            services.set_decision_received(
                case=case, received_on=form.cleaned_data["received_on"], actor=Actor.from_request(request)
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi ngày chi bộ nhận quyết định."))
            return redirect("admissions:detail", case_id=case.pk)
    case.refresh_from_db()
    return render(request, "admissions/detail.html", _detail_context(request, case, received_form=form), status=400)


@require_POST
def case_sponsor(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _get_case(request.user, case_id)
    form = SponsorForm(request.POST, members=_sponsor_candidates(request.user, case))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_sponsor(
                case=case,
                sponsor=data["sponsor"],
                role=data["role"],
                known_since=data["known_since"],
                actor=Actor.from_request(request),
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi %(n)s.") % {"n": data["sponsor"].full_name})
            return redirect("admissions:detail", case_id=case.pk)
    return render(request, "admissions/detail.html", _detail_context(request, case, sponsor_form=form), status=400)


@require_POST
def step_attach(request: HttpRequest, case_id: int, step_id: int) -> HttpResponse:
    case = _get_case(request.user, case_id)
    step = case.steps.filter(pk=step_id).first()
    upload = request.FILES.get("file")
    if step is None:
        raise Http404("Không tìm thấy bước này.")
    if upload is None:
        messages.error(request, _("Chọn tệp để đính kèm."))
        return redirect("admissions:detail", case_id=case.pk)
    if (upload.size or 0) > max_upload_bytes():  # refuse before reading a huge body into memory
        messages.error(request, _("Tệp vượt giới hạn dung lượng."))
        return redirect("admissions:detail", case_id=case.pk)
    try:
        services.attach_file(step=step, name=upload.name or "", data=upload.read(), actor=Actor.from_request(request))
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Đã đính kèm tệp vào bước %(c)s.") % {"c": step.form_code})
    return redirect("admissions:detail", case_id=case.pk)


@require_GET
def step_file(request: HttpRequest, case_id: int, attachment_id: int) -> HttpResponseBase:
    """An attachment, only through the case's access check; never cached, always as a download."""
    case = _get_case(request.user, case_id)
    attachment = StepAttachment.objects.filter(pk=attachment_id, step__case=case).first()
    if attachment is None:
        raise Http404("Không tìm thấy tệp.")
    return export_response(
        actor=Actor.from_request(request),
        kind="admission_scan",
        subject=case,
        filename=attachment.original_name,
        content=attachment.file.open("rb"),
        content_type=attachment.content_type,
        params={"attachment": attachment.pk},
    )


@require_GET
def case_form(request: HttpRequest, case_id: int, step_id: int, fmt: str) -> HttpResponseBase:
    """A filled admission form (6-KNĐ, 8-KNĐ, 9-KNĐ) as DOCX or PDF; the download is audited."""
    case = _get_case(request.user, case_id)
    if fmt not in ("docx", "pdf"):
        raise Http404("Định dạng không hỗ trợ.")
    document = documents.build(case, step_id)
    data = partydoc.render_docx(document) if fmt == "docx" else partydoc.render_pdf(document)
    return export_response(
        actor=Actor.from_request(request),
        kind="admission_form",
        subject=case,
        filename=document.filename(fmt),
        content=data,
        params={"form": document.form_code},
    )


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return timezone.localdate().year
    return year if funnel.FIRST_YEAR <= year <= timezone.localdate().year + 5 else timezone.localdate().year


@require_http_methods(["GET", "POST"])
def targets(request: HttpRequest) -> HttpResponse:
    """Targets and the admission funnel of a subtree for a year, against last year; the committee distributes
    its target among the organisations directly under it (NQ 21-NQ/TW)."""
    org = org_for_list(request.user, request.GET.get("org"), perm=PERM)
    year = _year(request.GET.get("year"))
    children = funnel.children_progress(org, year)
    may_distribute = policy.user_has_permission_for_org(request.user, policy.CHANGE_STATUS, org)
    errors: list[str] = []
    if request.method == "POST":
        if not may_distribute:
            raise Http404
        changes = []
        for child in children:
            raw = request.POST.get(f"target_{child.organization.pk}", "").strip()
            if raw == "" or (child.target is not None and raw == str(child.target)):
                continue
            if not (raw.isascii() and raw.isdigit()):  # "²" is a digit to isdigit() but not to int()
                errors.append(_("%(o)s: chỉ tiêu phải là số nguyên không âm.") % {"o": child.organization.name})
                continue
            changes.append((child.organization, int(raw)))
        if not errors:
            try:
                with transaction.atomic():
                    for child_org, value in changes:
                        funnel.set_target(
                            organization=child_org, year=year, target=value, actor=Actor.from_request(request)
                        )
            except ValidationError as exc:
                errors.extend(exc.messages)
            else:
                messages.success(request, _("Đã giao chỉ tiêu năm %(y)s.") % {"y": year})
                return redirect(f"{reverse('admissions:targets')}?org={org.pk}&year={year}")
    now, before = funnel.funnel(org, year), funnel.funnel(org, year - 1)
    own_target = funnel.target_of(org, year)
    top = max([*now.values(), *before.values(), own_target or 0, 1])
    rows = [
        {
            "label": label,
            "now": now[key],
            "before": before[key],
            "now_w": now[key] * 100 // top,
            "before_w": before[key] * 100 // top,
        }
        for key, label in funnel.STAGES
    ]
    distributed = sum(c.target or 0 for c in children)
    context = {
        "org": org,
        "year": year,
        "years": list(range(timezone.localdate().year + 1, timezone.localdate().year - 6, -1)),
        "rows": rows,
        "chart_height": len(rows) * 10,
        "own_target": own_target,
        "own_percent": round(now["admitted"] * 100 / own_target) if own_target else None,
        "target_w": (own_target or 0) * 100 // top,
        "children": children,
        "distributed": distributed,
        "undistributed": (own_target - distributed) if own_target and distributed < own_target else 0,
        "admitted_total": sum(c.admitted for c in children),
        "overdistributed": (distributed - own_target) if own_target is not None and distributed > own_target else 0,
        "may_distribute": may_distribute and bool(children),
        "may_set_own": policy.may_set_admission_target(request.user, org),
        "errors": errors,
    }
    return render(request, "admissions/targets.html", context, status=400 if errors else 200)


@require_POST
def own_target(request: HttpRequest) -> HttpResponse:
    org = org_for_list(request.user, request.POST.get("org"), perm=PERM)
    if not policy.may_set_admission_target(request.user, org):
        raise Http404
    year = _year(request.POST.get("year"))
    raw = request.POST.get("target", "").strip()
    if not (raw.isascii() and raw.isdigit()):
        messages.error(request, _("Chỉ tiêu phải là số nguyên không âm."))
    else:
        try:
            funnel.set_target(organization=org, year=year, target=int(raw), actor=Actor.from_request(request))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        messages.success(request, _("Đã giao chỉ tiêu năm %(y)s.") % {"y": year})
    return redirect(f"{reverse('admissions:targets')}?org={org.pk}&year={year}")
