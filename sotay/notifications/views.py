"""In-app notifications: the list with mark read, channel preferences, Web Push subscriptions, failed deliveries."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sotay.accounts.http import AuthedRequest
from sotay.core.forms import add_form_errors
from sotay.orgs import policy
from sotay.orgs.actor import Actor

from . import conf, services
from .access import get_notification_for_user, problem_deliveries_visible_to
from .delivery import email_address, preference_for
from .forms import PreferenceForm
from .models import Notification, PushSubscription


@require_GET
def notification_list(request: AuthedRequest) -> HttpResponse:
    rows = Notification.objects.filter(recipient=request.user).select_related("organization")
    if request.GET.get("unread"):
        rows = rows.filter(read_at__isnull=True)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    unread = Notification.objects.filter(recipient=request.user, read_at__isnull=True).count()
    context = {
        "page": page,
        "unread": unread,
        "only_unread": bool(request.GET.get("unread")),
        "sees_deliveries": policy.user_has_permission(request.user, policy.VIEW_DELIVERIES),
    }
    return render(request, "notifications/list.html", context)


@require_GET
def notification_open(request: AuthedRequest, notification_id: int) -> HttpResponse:
    """Following a notification marks it read and goes where it points (only to this site)."""
    notification = get_notification_for_user(request.user, notification_id)
    services.mark_read(notification=notification, actor=Actor.from_request(request))
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("notifications:list")


@require_POST
def notification_read(request: AuthedRequest, notification_id: int) -> HttpResponse:
    notification = get_notification_for_user(request.user, notification_id)
    services.mark_read(notification=notification, actor=Actor.from_request(request))
    next_url = request.POST.get("next")
    return redirect(next_url if next_url and _safe(request, next_url) else "notifications:list")


@require_POST
def notification_read_all(request: AuthedRequest) -> HttpResponse:
    count = services.mark_all_read(actor=Actor.from_request(request))
    messages.success(request, _("Đã đánh dấu %(n)s thông báo là đã đọc.") % {"n": count})
    return redirect("notifications:list")


def _safe(request: AuthedRequest, url: str | None) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()})


@require_http_methods(["GET", "POST"])
def preferences(request: AuthedRequest) -> HttpResponse:
    pref = preference_for(request.user)
    initial = {"email_enabled": pref.email_enabled, "push_enabled": pref.push_enabled, "email": pref.email}
    form = PreferenceForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_preferences(actor=Actor.from_request(request), **form.cleaned_data)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu cách nhận thông báo."))
                return redirect("notifications:preferences")
        status = 400
    keys = conf.vapid()
    context = {
        "form": form,
        "address": email_address(request.user, pref),
        "subscriptions": PushSubscription.objects.filter(user=request.user).order_by("-created_at"),
        "vapid_public_key": keys.public_key if keys else "",
    }
    return render(request, "notifications/preferences.html", context, status=status)


def _json_body(request: AuthedRequest) -> dict:
    """The JSON object the browser's script sends; ValidationError for anything else. A multipart or form body has
    been read by the CSRF check already, so `request.body` must not be touched then (RawPostDataException, a 500)."""
    if request.content_type != "application/json":
        raise ValidationError(_("Dữ liệu đăng ký phải gửi dạng JSON (application/json)."))
    try:
        data = json.loads(request.body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        data = None
    if not isinstance(data, dict):
        raise ValidationError(_("Dữ liệu đăng ký không đọc được."))
    return data


@require_POST
def push_subscribe(request: AuthedRequest) -> HttpResponse:
    try:
        data = _json_body(request)
        keys = data.get("keys")
        if not isinstance(keys, dict):
            keys = {}
        services.subscribe_push(
            actor=Actor.from_request(request),
            endpoint=str(data.get("endpoint") or ""),
            p256dh=str(keys.get("p256dh") or ""),
            auth=str(keys.get("auth") or ""),
            user_agent=request.headers.get("User-Agent", ""),
        )
    except ValidationError as exc:
        return JsonResponse({"ok": False, "error": " ".join(exc.messages)}, status=400)
    return JsonResponse({"ok": True, "message": _("Trình duyệt này sẽ nhận thông báo đẩy.")})


@require_POST
def push_unsubscribe(request: AuthedRequest) -> HttpResponse:
    if request.content_type == "application/x-www-form-urlencoded":  # the form of the preferences page
        endpoint = request.POST.get("endpoint", "")
    else:
        try:
            endpoint = str(_json_body(request).get("endpoint") or "")
        except ValidationError as exc:
            return JsonResponse({"ok": False, "error": " ".join(exc.messages)}, status=400)
    count = services.unsubscribe_push(endpoint=endpoint, actor=Actor.from_request(request))
    if request.content_type == "application/json":
        return JsonResponse({"ok": bool(count)})
    messages.success(request, _("Đã hủy đăng ký thông báo đẩy của trình duyệt đó."))
    return redirect("notifications:preferences")


@require_GET
def delivery_problems(request: AuthedRequest) -> HttpResponse:
    if not policy.user_has_permission(request.user, policy.VIEW_DELIVERIES):
        raise Http404
    page = Paginator(problem_deliveries_visible_to(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "notifications/deliveries.html", {"page": page, "now": timezone.now()})


@require_POST
def delivery_retry(request: AuthedRequest, delivery_id: int) -> HttpResponse:
    delivery = problem_deliveries_visible_to(request.user).filter(pk=delivery_id).first()
    if delivery is None:
        raise Http404("Không tìm thấy lượt gửi.")
    services.retry_delivery(delivery, actor=Actor.from_request(request))
    messages.success(request, _("Đã xếp lịch gửi lại."))
    return redirect("notifications:deliveries")
