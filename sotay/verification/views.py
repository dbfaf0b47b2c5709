"""Verification pages: the cases of a committee, one case with its letters and replies, the letters as DOCX/PDF.
Visible only to VERIFY_POLITICAL holders over the verifying committee; every read is audited; others get 404."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.core import partydoc
from sotay.core.exports import export_response
from sotay.core.forms import add_form_errors
from sotay.orgs import policy
from sotay.orgs.access import get_org_for_user, org_for_list
from sotay.orgs.actor import Actor
from sotay.orgs.models import subtree_filter

from . import access, deadlines, documents, services
from .forms import CaseForm, ConcludeForm, LetterForm, ReplyForm, linkable_admissions
from .models import Letter, Purpose, VerificationCase

PERM = policy.VERIFY_POLITICAL


@dataclass(frozen=True)
class CaseRow:
    """A case of the list: its deadline to conclude, how many letters are late, and whether the case is late."""

    case: VerificationCase
    due_on: dt.date
    overdue_letters: int
    overdue: bool


def _case_row(case: VerificationCase, today: dt.date) -> CaseRow:
    due_on = deadlines.case_due(case.declaration_received_on)
    late = sum(letter.is_overdue(today) for letter in case.letters.all())
    return CaseRow(case, due_on, late, not case.is_concluded and (due_on < today or late > 0))


@dataclass(frozen=True)
class LetterRow:
    """One letter of a case's page: whether its reply is late today, and the form to record the reply."""

    letter: Letter
    overdue: bool
    reply_form: ReplyForm


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    actor = Actor.from_request(request)
    org = org_for_list(request.user, request.GET.get("org"), perm=PERM)
    today = timezone.localdate()
    cases = [
        _case_row(case, today)
        for case in access.cases_for(actor)
        .filter(subtree_filter(org.path, "organization__path"))
        .select_related("organization")
        .prefetch_related("letters")
    ]
    # The list shows names only; reading it is audited like a case (the names are sensitive here).
    log(AuditAction.VIEW, org, by=actor, data={"page": "verification_list", "cases": len(cases)})
    return render(request, "verification/list.html", {"org": org, "cases": cases, "today": today})


def _from_admission(request: HttpRequest, org) -> dict:
    """?admission=<id> (the link on the admission case's page) fills the form from that case, if it may be linked."""
    pk = request.GET.get("admission", "")
    admission = linkable_admissions(org).filter(pk=pk).first() if pk.isdigit() else None
    if admission is None:
        return {}
    return {
        "purpose": Purpose.ADMISSION,
        "full_name": admission.full_name,
        "birth_on": admission.birth_on,
        "admission_case": admission.pk,
    }


@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest, org_id: int) -> HttpResponse:
    org = get_org_for_user(request.user, org_id, perm=PERM)
    form = CaseForm(request.POST or None, org=org, initial=_from_admission(request, org))
    if request.method == "POST" and form.is_valid():
        try:
            case = services.open_case(actor=Actor.from_request(request), organization=org, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            return redirect("verification:detail", case.pk)
    return render(request, "verification/create.html", {"org": org, "form": form})


def _detail(request, case: VerificationCase, **forms) -> HttpResponse:
    actor = Actor.from_request(request)
    services.record_read(actor=actor, case=case, page="detail")
    today = timezone.localdate()
    letters = [
        LetterRow(
            letter,
            letter.is_overdue(today),
            forms.get(f"reply_{letter.pk}") or ReplyForm(prefix=f"r{letter.pk}", initial={"reply_on": today}),
        )
        for letter in case.letters.all()
    ]
    context = {
        "case": case,
        "letters": letters,
        "due_on": deadlines.case_due(case.declaration_received_on),
        "today": today,
        "letter_form": forms.get("letter") or LetterForm(initial={"sent_on": today}),
        "conclude_form": forms.get("conclude")
        or ConcludeForm(initial={"deciding_body": case.organization.board_name, "concluded_on": today}),
    }
    return render(request, "verification/detail.html", context)


@require_GET
def case_detail(request: HttpRequest, vcase_id: int) -> HttpResponse:
    case = access.get_case(Actor.from_request(request), vcase_id)
    return _detail(request, case)


@require_POST
def letter_add(request: HttpRequest, vcase_id: int) -> HttpResponse:
    actor = Actor.from_request(request)
    case = access.get_case(actor, vcase_id)
    form = LetterForm(request.POST)
    if form.is_valid():
        try:
            services.send_letter(actor=actor, case=case, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi công văn thẩm tra."))
            return redirect("verification:detail", case.pk)
    return _detail(request, case, letter=form)


@require_POST
def letter_reply(request: HttpRequest, vcase_id: int, letter_id: int) -> HttpResponse:
    actor = Actor.from_request(request)
    letter = access.get_letter(actor, vcase_id, letter_id)
    form = ReplyForm(request.POST, prefix=f"r{letter.pk}")
    if form.is_valid():
        try:
            services.record_reply(actor=actor, letter=letter, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi trả lời."))
            return redirect("verification:detail", letter.case_id)
    return _detail(request, letter.case, **{f"reply_{letter.pk}": form})


@require_POST
def case_conclude(request: HttpRequest, vcase_id: int) -> HttpResponse:
    actor = Actor.from_request(request)
    case = access.get_case(actor, vcase_id)
    form = ConcludeForm(request.POST)
    if form.is_valid():
        try:
            services.conclude(actor=actor, case=case, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi kết luận."))
            return redirect("verification:detail", case.pk)
    return _detail(request, case, conclude=form)


@require_GET
def letter_document(request: HttpRequest, vcase_id: int, letter_id: int, kind: str, fmt: str) -> HttpResponseBase:
    """The request to verify or the reply form, DOCX or PDF; the download is a read, audited."""
    actor = Actor.from_request(request)
    letter = access.get_letter(actor, vcase_id, letter_id)
    if kind not in documents.KINDS or fmt not in ("docx", "pdf"):
        raise Http404
    document = documents.build(letter, kind)
    data = partydoc.render_docx(document) if fmt == "docx" else partydoc.render_pdf(document)
    return export_response(
        actor=actor,
        kind="verification_letter",
        subject=letter.case,
        filename=document.filename(fmt),
        content=data,
        params={"letter": letter.pk, "document": kind, "format": fmt, "verification": True},
    )
