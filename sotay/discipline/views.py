"""Pages of the discipline app: the decisions of a subtree, one decision with its appeals and the grade override,
the screening report and its XLSX. Thin: scoped lookups in access.py, writes in services.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sotay.core.exports import export_response
from sotay.core.forms import add_form_errors, error_messages
from sotay.lib import xlsx
from sotay.lib.vntext import fold
from sotay.members.access import get_member_for_user
from sotay.orgs import policy
from sotay.orgs.access import org_for_list
from sotay.orgs.actor import Actor
from sotay.orgs.models import subtree_filter

from . import services
from .access import PERM, get_appeal, get_discipline
from .forms import AppealForm, DisciplineForm, OverrideForm, ResolveAppealForm, ScreeningForm
from .models import Discipline
from .screening import screening_report


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or timezone.localdate().year)
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= 2100:
        raise Http404
    return year


def _refused(exc: policy.NotAllowed):
    if exc.hidden:
        raise Http404 from exc
    return HttpResponse(_("Bạn không có quyền thực hiện việc này."), status=403)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    org = org_for_list(request.user, request.GET.get("org"), perm=PERM)
    decisions = (
        Discipline.objects.filter(policy.subtree_q(request.user, PERM, field="organization__path"))
        .filter(subtree_filter(org.path, "organization__path"))
        .select_related("member", "subject_organization", "organization", "deciding_body")[:500]
    )
    return render(
        request, "discipline/index.html", {"org": org, "decisions": decisions, "year": timezone.localdate().year}
    )


@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    org = org_for_list(request.user, request.GET.get("org"), perm=PERM)
    form = DisciplineForm(request.POST or None, org=org, initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.record_discipline(
                actor=Actor.from_request(request),
                kind=data["kind"],
                violation=data["violation"],
                deciding_body=data["deciding_body"],
                decision_number=data["decision_number"],
                decided_on=data["decided_on"],
                effective_on=data["effective_on"],
                member=data["member"],
                subject_organization=data["subject_organization"],
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        except policy.NotAllowed as exc:
            return _refused(exc)
        else:
            messages.success(request, _("Đã ghi quyết định kỷ luật."))
            return redirect("discipline:detail", discipline_id=decision.pk)
    return render(
        request,
        "discipline/form.html",
        {"org": org, "form": form, "title": _("Ghi quyết định kỷ luật")},
        status=422 if form.errors else 200,
    )


def _ended_positions(decision) -> list:
    """The positions a cách chức ended (cadres.services.end_for_removal), shown on the decision."""
    if decision.kind != "REMOVAL" or not decision.member_id:
        return []
    from sotay.cadres.models import Appointment

    return list(
        Appointment.objects.filter(
            member_id=decision.member_id,
            end_kind=Appointment.EndKind.REMOVAL,
            end_decision=decision.decision_number[:60],
        ).select_related("position__organization")
    )


def _detail_context(request, decision, **forms):
    return {
        "d": decision,
        "ended_positions": _ended_positions(decision),
        "appeals": list(decision.appeals.all()),
        "appeal_form": forms.get("appeal_form") or AppealForm(initial={"filed_on": timezone.localdate()}),
        "resolve_form": forms.get("resolve_form") or ResolveAppealForm(initial={"resolved_on": timezone.localdate()}),
        "override_form": forms.get("override_form") or OverrideForm(),
        "can_override": Actor.from_request(request).can(PERM, decision.deciding_body),
    }


@require_GET
def detail(request: HttpRequest, discipline_id: int) -> HttpResponse:
    decision = get_discipline(request.user, discipline_id)
    return render(request, "discipline/detail.html", _detail_context(request, decision))


@require_POST
def appeal(request: HttpRequest, discipline_id: int) -> HttpResponse:
    decision = get_discipline(request.user, discipline_id)
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            services.file_appeal(actor=Actor.from_request(request), discipline=decision, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        except policy.NotAllowed as exc:
            return _refused(exc)
        else:
            messages.success(request, _("Đã ghi khiếu nại."))
            return redirect("discipline:detail", discipline_id=decision.pk)
    return render(request, "discipline/detail.html", _detail_context(request, decision, appeal_form=form), status=422)


@require_POST
def resolve(request: HttpRequest, appeal_id: int) -> HttpResponse:
    found = get_appeal(request.user, appeal_id)
    decision = get_discipline(request.user, found.discipline_id)
    form = ResolveAppealForm(request.POST)
    if form.is_valid():
        try:
            services.resolve_appeal(actor=Actor.from_request(request), appeal=found, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        except policy.NotAllowed as exc:
            return _refused(exc)
        else:
            messages.success(request, _("Đã ghi kết quả giải quyết khiếu nại."))
            return redirect("discipline:detail", discipline_id=decision.pk)
    return render(request, "discipline/detail.html", _detail_context(request, decision, resolve_form=form), status=422)


@require_POST
def override(request: HttpRequest, discipline_id: int) -> HttpResponse:
    decision = get_discipline(request.user, discipline_id)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.allow_higher_grade(actor=Actor.from_request(request), discipline=decision, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        except policy.NotAllowed as exc:
            return _refused(exc)
        else:
            messages.success(request, _("Đã cho phép xếp loại khác trong năm kỷ luật."))
            return redirect("discipline:detail", discipline_id=decision.pk)
    return render(request, "discipline/detail.html", _detail_context(request, decision, override_form=form), status=422)


@require_GET
def screening(request: HttpRequest) -> HttpResponse:
    org = org_for_list(request.user, request.GET.get("org"), perm=PERM)
    year = _year(request)
    lines = screening_report(org, year, on=timezone.localdate())
    context = {
        "org": org,
        "year": year,
        "lines": lines,
        "form": ScreeningForm(initial={"decided_on": timezone.localdate()}),
    }
    return render(request, "discipline/screening.html", context)


@require_POST
def screening_decide(request: HttpRequest, member_id: int) -> HttpResponse:
    member = get_member_for_user(request.user, member_id, perm=PERM)
    year = _year(request)
    form = ScreeningForm(request.POST)
    back = f"{reverse('discipline:screening')}?org={request.POST.get('org') or member.organization_id}&year={year}"
    if not form.is_valid():
        messages.error(request, " ".join(error_messages(form)))
        return redirect(back)
    line = next(
        (x for x in screening_report(member.organization, year, on=timezone.localdate()) if x.member.pk == member.pk),
        None,
    )
    grounds = [list(g) for g in line.grounds] if line else []
    try:
        services.record_screening(
            actor=Actor.from_request(request), member=member, year=year, grounds=grounds, **form.cleaned_data
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except policy.NotAllowed as exc:
        return _refused(exc)
    else:
        messages.success(request, _("Đã ghi kết quả sàng lọc của %(n)s.") % {"n": member.full_name})
    return redirect(back)


@require_GET
def screening_xlsx(request: HttpRequest) -> HttpResponseBase:
    org = org_for_list(request.user, request.GET.get("org"), perm=PERM)
    year = _year(request)
    lines = screening_report(org, year, on=timezone.localdate())
    columns = [
        xlsx.Column(_("Họ và tên"), 28),
        xlsx.Column(_("Chi bộ"), 32),
        xlsx.Column(_("Trạng thái"), 16),
        xlsx.Column(_("Căn cứ"), 70),
        xlsx.Column(_("Kết quả xử lý"), 24),
        xlsx.Column(_("Ngày"), 12),
        xlsx.Column(_("Số quyết định"), 20),
    ]
    rows = [
        (
            x.member.full_name,
            x.member.organization.name,
            x.member.get_status_display(),
            "; ".join(text for _code, text in x.grounds),
            x.decision.get_outcome_display() if x.decision else _("Chưa xử lý"),
            f"{x.decision.decided_on:%d/%m/%Y}" if x.decision else "",
            x.decision.decision_number if x.decision else "",
        )
        for x in lines
    ]
    content = xlsx.xlsx_bytes(columns=columns, rows=rows, sheet_title=_("Sàng lọc"))
    name = f"sang-loc-{fold(org.code or str(org.pk)).replace(' ', '-')}-{year}.xlsx"
    return export_response(
        actor=Actor.from_request(request), kind="screening", subject=org, filename=name, content=content, rows=len(rows)
    )
