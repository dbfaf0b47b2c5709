"""Recognition as official member: the cases of a subtree (overdue ones flagged), one case, its steps, the decision.

Scoped like admission cases (CREATE_MEMBERS over the case's cell); outsiders get 404, a refused action 403.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sotay.core import partydoc
from sotay.core.exports import export_response
from sotay.core.forms import add_form_errors
from sotay.members.access import get_member_for_user
from sotay.members.models import Member
from sotay.orgs import policy
from sotay.orgs.access import org_for_list
from sotay.orgs.actor import Actor

from . import recognition as rec
from . import recognition_documents as documents
from .forms import RecognitionDecisionForm, RecognitionStepForm
from .models import RecognitionCase

PERM = policy.CREATE_MEMBERS


@dataclass(frozen=True)
class CaseRow:
    """An open recognition case and whether the cell's time to consider it has passed."""

    case: RecognitionCase
    overdue: bool


@dataclass(frozen=True)
class WaitingRow:
    """A probationary member near the end of probation, without a case: the dates; may the viewer open one."""

    member: Member
    ends_on: dt.date
    due_on: dt.date
    overdue: bool
    may_open: bool


def _waiting_row(member: Member, actor: Actor, today: dt.date) -> WaitingRow:
    ends_on = member.probation_ends_on
    due_on = rec.consider_due_on(ends_on)
    return WaitingRow(member, ends_on, due_on, due_on < today, actor.can(PERM, member.organization))


def _get_case(request: HttpRequest, recognition_id: int) -> RecognitionCase:
    scope = policy.subtree_q(request.user, PERM, field="organization__path")
    case = RecognitionCase.objects.filter(scope, pk=recognition_id).select_related("organization", "member").first()
    if case is None:
        raise Http404("Không tìm thấy hồ sơ công nhận đảng viên chính thức.")
    return case


def _refused(refusal: policy.NotAllowed):
    if refusal.hidden:
        raise Http404
    raise PermissionDenied


@require_GET
def recognition_list(request: HttpRequest) -> HttpResponse:
    org = org_for_list(request.user, request.GET.get("org"), perm=PERM)
    actor = Actor.from_request(request)
    today = timezone.localdate()
    cases = list(rec.cases_in(org).order_by("consider_due_on", "pk"))
    open_cases = [CaseRow(c, c.is_overdue(today)) for c in cases if not c.is_closed]
    only_overdue = request.GET.get("overdue") == "1"
    shown = [row for row in open_cases if row.overdue] if only_overdue else open_cases
    waiting = [_waiting_row(member, actor, today) for member in rec.due_without_case(org, on=today)]
    context = {
        "org": org,
        "cases": shown,
        "closed": [c for c in cases if c.is_closed][:20],
        "waiting": waiting,
        "overdue_count": sum(c.overdue for c in open_cases) + sum(m.overdue for m in waiting),
        "only_overdue": only_overdue,
    }
    return render(request, "admissions/recognition_list.html", context)


@require_POST
def recognition_open(request: HttpRequest, member_id: int) -> HttpResponse:
    member = get_member_for_user(request.user, member_id, perm=PERM)
    try:
        case = rec.open_recognition(member=member, actor=Actor.from_request(request))
    except policy.NotAllowed as refusal:
        _refused(refusal)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return redirect(f"{_list_url()}?org={member.organization_id}")
    messages.success(request, _("Đã lập hồ sơ công nhận chính thức của %(n)s.") % {"n": member.full_name})
    return redirect("admissions:recognition", recognition_id=case.pk)


def _list_url() -> str:
    from django.urls import reverse

    return reverse("admissions:recognitions")


def _choices(case: RecognitionCase, actor: Actor) -> list[tuple[str, str]]:
    return [(c, f"{c} — {rec.SPECS[c].label}") for c in rec.allowed_codes(case, actor) if c != rec.DECISION]


def _context(request: HttpRequest, case: RecognitionCase, *, step_form=None, decision_form=None) -> dict:
    actor = Actor.from_request(request)
    rec.record_case_view(case=case, actor=actor)
    today = timezone.localdate()
    choices = _choices(case, actor)
    may_decide = rec.DECISION in rec.allowed_codes(case, actor)
    return {
        "case": case,
        "steps": list(case.steps.order_by("done_on", "pk")),
        "chain": [rec.SPECS[c] for c in rec.FORM_CODES if c in rec.required_codes(case.organization)],
        "overdue": case.is_overdue(today),
        "step_form": step_form
        or (RecognitionStepForm(choices=choices, initial={"done_on": today}) if choices else None),
        "decision_form": decision_form
        or (RecognitionDecisionForm(initial={"decided_on": today}) if may_decide else None),
        "forms": documents.available(case),
    }


@require_GET
def recognition_detail(request: HttpRequest, recognition_id: int) -> HttpResponse:
    case = _get_case(request, recognition_id)
    return render(request, "admissions/recognition_detail.html", _context(request, case))


@require_POST
def recognition_step(request: HttpRequest, recognition_id: int) -> HttpResponse:
    case = _get_case(request, recognition_id)
    actor = Actor.from_request(request)
    form = RecognitionStepForm(request.POST, choices=_choices(case, actor))
    if form.is_valid():
        data = form.cleaned_data
        votes = None
        if rec.SPECS[data["form_code"]].vote and data["votes_total"] is not None:
            votes = rec.Votes(data["votes_for"] or 0, data["votes_against"] or 0, data["votes_total"])
        try:
            step = rec.record_step(
                case=case,
                form_code=data["form_code"],
                done_on=data["done_on"],
                actor=actor,
                document_number=data["document_number"],
                votes=votes,
                note=data["note"],
            )
        except policy.NotAllowed as refusal:
            _refused(refusal)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            if step.approved is False:
                messages.warning(request, _("Không đủ hai phần ba tán thành: hồ sơ chuyển sang đề nghị xóa tên."))
            else:
                messages.success(request, _("Đã ghi bước %(c)s.") % {"c": step.form_code})
            return redirect("admissions:recognition", recognition_id=case.pk)
    case.refresh_from_db()
    return render(request, "admissions/recognition_detail.html", _context(request, case, step_form=form), status=400)


@require_POST
def recognition_decide(request: HttpRequest, recognition_id: int) -> HttpResponse:
    case = _get_case(request, recognition_id)
    actor = Actor.from_request(request)
    if not actor.can(policy.CHANGE_STATUS, case.organization):
        raise PermissionDenied
    form = RecognitionDecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            rec.decide(
                case=case,
                recognised=data["outcome"] == "recognise",
                decided_on=data["decided_on"],
                decision_number=data["decision_number"],
                actor=actor,
                reason=data["reason"],
            )
        except policy.NotAllowed as refusal:
            _refused(refusal)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi quyết định."))
            return redirect("admissions:recognition", recognition_id=case.pk)
    case.refresh_from_db()
    return render(
        request, "admissions/recognition_detail.html", _context(request, case, decision_form=form), status=400
    )


@require_GET
def recognition_form(request: HttpRequest, recognition_id: int, form_no: int, fmt: str) -> HttpResponseBase:
    """A recognition form (10–13, 15, 16-KNĐ) as DOCX or PDF; the download is audited."""
    case = _get_case(request, recognition_id)
    if fmt not in ("docx", "pdf"):
        raise Http404("Định dạng không hỗ trợ.")
    document = documents.build(case, form_no)
    data = partydoc.render_docx(document) if fmt == "docx" else partydoc.render_pdf(document)
    return export_response(
        actor=Actor.from_request(request),
        kind=f"recognition:{document.form_code}",
        subject=case,
        filename=document.filename(fmt),
        content=data,
    )
