"""Resolution study: a committee assigns a document with a deadline; members study it, write a reflection and
answer the quiz; completion rolls up per organisation with the names of who has not finished."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sotay.accounts.http import AuthedRequest
from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.core.forms import add_form_errors
from sotay.notifications.services import mark_read_for_url
from sotay.orgs import policy
from sotay.orgs.access import find_org_for_user, get_org_for_user
from sotay.orgs.actor import Actor
from sotay.orgs.models import is_within, subtree_filter

from . import services
from .access import get_study_for_user, may_manage_study, study_sessions_managed_by, study_sessions_reaching
from .forms import StudyForm, StudySessionForm
from .models import StudyRecord, StudySession
from .rollup import rollup
from .views import Progress, org_label

PUBLISH = policy.PUBLISH_HANDBOOK


@require_GET
def study_list(request: AuthedRequest) -> HttpResponse:
    mine = StudyRecord.objects.filter(session=OuterRef("pk"), user=request.user)
    sessions = (
        study_sessions_reaching(request.user)
        .select_related("document", "organization")
        .annotate(my_done=Subquery(mine.values("studied_at")[:1]))
        .order_by("-deadline", "-pk")[:100]
    )
    managed_rows: list[Progress] | None = None
    if policy.user_has_permission(request.user, PUBLISH):
        managed = list(
            study_sessions_managed_by(request.user)
            .select_related("document", "organization")
            .annotate(total=Count("records"), done=Count("records", filter=Q(records__studied_at__isnull=False)))
            .order_by("-created_at", "-pk")[:100]
        )
        managed_rows = [Progress(s, s.done, s.total) for s in managed]
    context = {"sessions": sessions, "managed": managed_rows, "today": timezone.localdate()}
    return render(request, "handbook/study_list.html", context)


@require_http_methods(["GET", "POST"])
def study_create(request: AuthedRequest) -> HttpResponse:
    default = policy.widest_org(request.user, PUBLISH)
    if default is None:
        raise Http404
    if request.GET.get("org"):
        default = get_org_for_user(request.user, request.GET["org"], perm=PUBLISH)
    form = StudySessionForm(request.POST or None, initial={"organization": org_label(default)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            org = find_org_for_user(request.user, data["organization"], perm=PUBLISH)
            document = services.find_document(request.user, data["document"])
            session = services.assign_study(
                organization=org,
                document=document,
                deadline=data["deadline"],
                instructions=data["instructions"],
                quiz_text=data["quiz"],
                actor=Actor.from_request(request),
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã giao học tập %(d)s cho %(o)s.") % {"d": document, "o": org.name})
            return redirect("handbook:study", session_id=session.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "handbook/study_form.html", {"form": form}, status=status)


def document_url(document) -> str:
    try:
        return reverse("documents:detail", args=[document.pk])
    except NoReverseMatch:
        return ""


def _detail(request: AuthedRequest, session: StudySession, form: StudyForm | None = None, status: int = 200):
    record = services.record_for(session, actor=Actor.from_request(request))
    questions = list(session.questions.prefetch_related("choices"))
    if record is not None and record.studied_at is None and form is None:
        form = StudyForm(questions=questions)
    context: dict[str, Any] = {
        "s": session,
        "record": record,
        "form": form if record is not None and record.studied_at is None else None,
        "question_count": len(questions),
        "document_url": document_url(session.document),
        "overdue": session.deadline < timezone.localdate(),
        "manage": may_manage_study(request.user, session),
    }
    if context["manage"]:
        rows = rollup(session.records.all(), session.organization, done=Q(studied_at__isnull=False))
        context["rows"], context["total"] = rows, rows[0]
    return render(request, "handbook/study_detail.html", context, status=status)


@require_GET
def study_detail(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = get_study_for_user(request.user, session_id)
    mark_read_for_url(url=request.path, actor=Actor.from_request(request))
    return _detail(request, session)


@require_POST
def study_submit(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = get_study_for_user(request.user, session_id)
    record = services.record_for(session, actor=Actor.from_request(request))
    if record is None:
        raise Http404
    form = StudyForm(request.POST, questions=list(session.questions.prefetch_related("choices")))
    if form.is_valid():
        try:
            services.complete_study(
                record,
                actor=Actor.from_request(request),
                reflection=form.cleaned_data["reflection"],
                answers=form.answers(),
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận bạn hoàn thành học tập."))
            return redirect("handbook:study", session_id=session.pk)
    return _detail(request, session, form=form, status=400)


@require_GET
def study_pending(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = get_study_for_user(request.user, session_id)
    if not may_manage_study(request.user, session):
        raise Http404
    org = get_org_for_user(request.user, request.GET.get("org") or session.organization_id, perm=PUBLISH)
    if not is_within(org, session.organization):
        raise Http404
    receipts = (
        session.records.filter(studied_at__isnull=True)
        .filter(subtree_filter(org.path, "organization__path"))
        .select_related("user__member", "organization")
        .order_by("user__member__name_sort_key", "pk")
    )
    context = {
        "a": session,
        "org": org,
        "receipts": receipts,
        "title": _("Chưa hoàn thành học tập"),
        "back": reverse("handbook:study", args=[session.pk]),
    }
    return render(request, "handbook/pending.html", context)


@require_GET
def study_reflections(request: AuthedRequest, session_id: int) -> HttpResponse:
    """The reflections and scores of those who finished, in one organisation of the subtree (committee only).

    A reflection can carry political views, sensitive under Luật 91/2025/QH15
    (docs/rules/personal-data.md#dữ-liệu-cá-nhân-nhạy-cảm): each reading is written to the audit log."""
    session = get_study_for_user(request.user, session_id)
    if not may_manage_study(request.user, session):
        raise Http404
    org = get_org_for_user(request.user, request.GET.get("org") or session.organization_id, perm=PUBLISH)
    if not is_within(org, session.organization):
        raise Http404
    records = list(
        session.records.filter(studied_at__isnull=False)
        .filter(subtree_filter(org.path, "organization__path"))
        .select_related("user__member", "organization")
        .order_by("user__member__name_sort_key", "pk")
    )
    log(
        AuditAction.VIEW,
        session,
        by=request.user,
        organization=org,
        object_repr=str(_("Bài thu hoạch: %(d)s — %(o)s") % {"d": session.document, "o": org.name}),
        data={"records": len(records)},
    )
    context = {"s": session, "org": org, "records": records, "back": reverse("handbook:study", args=[session.pk])}
    return render(request, "handbook/study_reflections.html", context)
