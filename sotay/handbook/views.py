"""Handbook home and announcements: the member's feed, reading (a receipt), publishing and the read roll-up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sotay.core.forms import add_form_errors
from sotay.orgs import policy
from sotay.orgs.access import find_org_for_user, get_org_for_user
from sotay.orgs.actor import Actor
from sotay.orgs.models import is_within, subtree_filter

from . import services
from .access import announcement_feed, announcements_managed_by, get_announcement_for_user, may_manage
from .forms import AnnouncementForm
from .models import Announcement, StudySession
from .rollup import rollup

PUBLISH = policy.PUBLISH_HANDBOOK


@dataclass(frozen=True)
class Progress:
    """A row of a committee's list: an announcement or a study session, and how many of those it reached are done."""

    item: Announcement | StudySession
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def org_label(org) -> str:
    return f"{org.name} ({org.code})" if org.code else org.name


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The member's handbook: announcements (pinned first, expired hidden), links to study and the channel."""
    # Typed loosely: django-stubs loses the `is_read` annotation of the rows through Paginator.
    feed: QuerySet[Any] = announcement_feed(request.user)
    page = Paginator(feed, 20).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "unread": sum(1 for a in page if not a.is_read),
        "can_publish": policy.user_has_permission(request.user, PUBLISH),
        "can_answer": policy.user_has_permission(request.user, policy.ANSWER_FEEDBACK),
    }
    return render(request, "handbook/home.html", context)


@require_http_methods(["GET", "POST"])
def announcement_create(request: HttpRequest) -> HttpResponse:
    default = policy.widest_org(request.user, PUBLISH)
    if default is None:
        raise Http404
    if request.GET.get("org"):
        default = get_org_for_user(request.user, request.GET["org"], perm=PUBLISH)
    form = AnnouncementForm(request.POST or None, initial={"organization": org_label(default)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            org = find_org_for_user(request.user, data["organization"], perm=PUBLISH)
            announcement = services.publish_announcement(
                organization=org,
                title=data["title"],
                body=data["body"],
                pinned=data["pinned"],
                expires_on=data["expires_on"],
                actor=Actor.from_request(request),
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Đã đăng thông báo tới %(o)s.") % {"o": org.name})
            return redirect("handbook:announcement", announcement_id=announcement.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "handbook/announcement_form.html", {"form": form}, status=status)


@require_GET
def announcement_detail(request: HttpRequest, announcement_id: int) -> HttpResponse:
    announcement = get_announcement_for_user(request.user, announcement_id)
    services.mark_announcement_read(announcement, actor=Actor.from_request(request))
    context = {"a": announcement, "manage": may_manage(request.user, announcement)}
    if context["manage"]:
        rows = rollup(announcement.receipts.all(), announcement.organization, done=Q(read_at__isnull=False))
        context["rows"], context["total"] = rows, rows[0]
    return render(request, "handbook/announcement_detail.html", context)


@require_POST
def announcement_pin(request: HttpRequest, announcement_id: int) -> HttpResponse:
    announcement = get_announcement_for_user(request.user, announcement_id)
    if not may_manage(request.user, announcement):
        raise Http404
    services.set_pinned(announcement, pinned=request.POST.get("pinned") == "1", actor=Actor.from_request(request))
    return redirect("handbook:announcement", announcement_id=announcement.pk)


@require_GET
def announcement_unread(request: HttpRequest, announcement_id: int) -> HttpResponse:
    """Who in one organisation of the audience has not read it yet (publishers only)."""
    announcement = get_announcement_for_user(request.user, announcement_id)
    if not may_manage(request.user, announcement):
        raise Http404
    org = get_org_for_user(request.user, request.GET.get("org") or announcement.organization_id, perm=PUBLISH)
    if not is_within(org, announcement.organization):
        raise Http404
    receipts = (
        announcement.receipts.filter(read_at__isnull=True)
        .filter(subtree_filter(org.path, "organization__path"))
        .select_related("user__member", "organization")
        .order_by("user__member__name_sort_key", "pk")
    )
    back = reverse("handbook:announcement", args=[announcement.pk])
    context = {"a": announcement, "org": org, "receipts": receipts, "title": _("Chưa đọc thông báo"), "back": back}
    return render(request, "handbook/pending.html", context)


@require_GET
def announcement_manage(request: HttpRequest) -> HttpResponse:
    if not policy.user_has_permission(request.user, PUBLISH):
        raise Http404
    # Typed loosely: django-stubs loses the `total`/`done` annotations of the rows through Paginator.
    rows: QuerySet[Any] = (
        announcements_managed_by(request.user)
        .select_related("organization")
        .annotate(total=Count("receipts"), done=Count("receipts", filter=Q(receipts__read_at__isnull=False)))
        .order_by("-published_at", "-pk")
    )
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    progress = [Progress(a, a.done, a.total) for a in page]
    return render(request, "handbook/announcement_manage.html", {"page": page, "rows": progress})
