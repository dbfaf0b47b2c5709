"""The two-way channel: a member writes to their cell or a committee above; that committee answers, forwards or
closes; the member follows the status. Nobody else sees it (404)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sotay.accounts.http import AuthedRequest
from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.core.forms import add_form_errors
from sotay.notifications.services import mark_read_for_url
from sotay.orgs import policy
from sotay.orgs.actor import Actor

from . import services
from .access import feedback_handled_by, get_feedback_for_user
from .forms import FEEDBACK_ACTIONS, FeedbackActionForm, FeedbackForm
from .models import OPEN_STATUSES, Feedback


@dataclass(frozen=True)
class InboxRow:
    """An item of the committee's inbox and how many days it has waited."""

    feedback: Feedback
    age_days: int


@require_GET
def feedback_list(request: AuthedRequest) -> HttpResponse:
    mine = Feedback.objects.filter(author=request.user).select_related("organization")
    context = {
        "page": Paginator(mine, 30).get_page(request.GET.get("page")),
        "can_send": bool(services.feedback_targets(request.user)),
        "can_answer": policy.user_has_permission(request.user, policy.ANSWER_FEEDBACK),
    }
    return render(request, "handbook/feedback_list.html", context)


@require_http_methods(["GET", "POST"])
def feedback_create(request: AuthedRequest) -> HttpResponse:
    targets = services.feedback_targets(request.user)
    if not targets:
        raise Http404("Chỉ đảng viên đang sinh hoạt mới gửi được ý kiến.")
    form = FeedbackForm(request.POST or None, targets=targets)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org = next(t for t in targets if str(t.pk) == data["organization"])
        try:
            feedback = services.send_feedback(
                actor=Actor.from_request(request),
                organization=org,
                kind=data["kind"],
                subject=data["subject"],
                body=data["body"],
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã gửi ý kiến tới %(o)s.") % {"o": org.name})
            return redirect("handbook:feedback", feedback_id=feedback.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "handbook/feedback_form.html", {"form": form}, status=status)


def _detail(request: AuthedRequest, feedback: Feedback, form=None, status: int = 200) -> HttpResponse:
    handler = services.may_handle(request.user, feedback)
    if handler and feedback.is_open and form is None:
        form = FeedbackActionForm()
    context = {
        "f": feedback,
        "events": feedback.events.select_related("by", "from_org", "to_org"),
        "form": form if handler and feedback.is_open else None,
        "is_author": feedback.author_id == request.user.pk,
        # A refusal of an item no longer open still has to be read.
        "refusal": form.non_field_errors() if form is not None and form.is_bound and not feedback.is_open else None,
    }
    return render(request, "handbook/feedback_detail.html", context, status=status)


@require_GET
def feedback_detail(request: AuthedRequest, feedback_id: int) -> HttpResponse:
    feedback = get_feedback_for_user(request.user, feedback_id)
    mark_read_for_url(url=request.path, actor=Actor.from_request(request))
    if feedback.author_id != request.user.pk:
        # A member's question may carry political views (sensitive,
        # docs/rules/personal-data.md#dữ-liệu-cá-nhân-nhạy-cảm): staff readings are audited.
        log(AuditAction.VIEW, feedback, by=request.user, organization=feedback.organization)
    return _detail(request, feedback)


@require_POST
def feedback_act(request: AuthedRequest, feedback_id: int) -> HttpResponse:
    feedback = get_feedback_for_user(request.user, feedback_id)
    if not services.may_handle(request.user, feedback):
        raise Http404
    form = FeedbackActionForm(request.POST)
    if form.is_valid():
        action, text = form.cleaned_data["action"], form.cleaned_data["text"]
        do: dict[str, Callable[..., Feedback]] = {
            "answer": services.answer_feedback,
            "forward": services.forward_feedback,
            "close": services.close_feedback,
        }
        try:
            do[action](feedback, actor=Actor.from_request(request), text=text)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi: %(a)s.") % {"a": dict(FEEDBACK_ACTIONS)[action]})
            return redirect("handbook:feedback_inbox")
    feedback.refresh_from_db()
    return _detail(request, feedback, form=form, status=400)


@require_GET
def feedback_inbox(request: AuthedRequest) -> HttpResponse:
    """Staff: the items their committee holds, open ones first with their age in days."""
    if not policy.user_has_permission(request.user, policy.ANSWER_FEEDBACK):
        raise Http404
    org_ids = [o.pk for o in policy.granted_orgs(request.user, policy.ANSWER_FEEDBACK)]
    show_all = bool(request.GET.get("all"))
    rows = feedback_handled_by(request.user).select_related("organization", "author__member")
    if not show_all:
        rows = rows.filter(status__in=OPEN_STATUSES, organization_id__in=org_ids)
    rows = rows.order_by("received_at", "pk") if not show_all else rows.order_by("-updated_at", "-pk")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    inbox = [InboxRow(f, (today - timezone.localtime(f.received_at).date()).days) for f in page]
    return render(request, "handbook/feedback_inbox.html", {"page": page, "rows": inbox, "show_all": show_all})
