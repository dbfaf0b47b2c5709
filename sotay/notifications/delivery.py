"""Carrying notifications beyond the app: e-mail (SMTP) and Web Push (VAPID), with retries and a record per try.

`deliver()` runs in the background task. Each (notification, channel) has one Delivery row: sent, failed (tried
again after a backoff of 1, 4, 16, 64 minutes) or given up after `conf.MAX_ATTEMPTS` tries. Staff see failures.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable

from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.translation import gettext as _

from . import conf
from .models import Channel, Delivery, DeliveryStatus, Notification, Preference, PushSubscription

logger = logging.getLogger(__name__)


class NothingToSend(Exception):
    """The channel has no address left (e.g. every browser subscription expired)."""


def preference_for(user) -> Preference:
    try:
        return user.notification_preference
    except Preference.DoesNotExist:
        return Preference(user=user)


def email_address(user, pref: Preference | None = None) -> str:
    pref = pref or preference_for(user)
    return pref.email or user.email or ""


def absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return conf.base_url() + url


def send_email(notification: Notification) -> None:
    user = notification.recipient
    lines = [notification.body.strip()] if notification.body.strip() else []
    if notification.url:
        lines.append(_("Xem chi tiết: %(u)s") % {"u": absolute(notification.url)})
    lines.append(
        "—\n"
        + _("Sổ tay đảng viên. Đổi cách nhận thông báo tại %(u)s") % {"u": absolute("/notifications/preferences/")}
    )
    message = EmailMessage(
        subject=notification.title,
        body="\n\n".join(lines),
        from_email=conf.from_email(),
        to=[email_address(user)],
        connection=conf.email_connection(),
    )
    message.send()


def push_payload(notification: Notification) -> str:
    return json.dumps(
        {"title": notification.title, "body": notification.body[:500], "url": notification.url, "id": notification.pk},
        ensure_ascii=False,
    )


def send_push(notification: Notification) -> None:
    from pywebpush import WebPushException, webpush

    keys = conf.vapid()
    if keys is None:
        raise RuntimeError(_("Chưa có khóa VAPID: chạy “sotay vapid”."))
    subscriptions = list(PushSubscription.objects.filter(user_id=notification.recipient_id))
    if not subscriptions:
        raise NothingToSend(_("Không còn trình duyệt nào đăng ký nhận thông báo đẩy."))
    errors = []
    delivered = 0
    for sub in subscriptions:
        try:
            webpush(
                subscription_info=sub.as_subscription_info(),
                data=push_payload(notification),
                vapid_private_key=keys.private_key,
                vapid_claims={"sub": keys.subject},
                ttl=24 * 3600,
                timeout=15,
            )
            delivered += 1
        except WebPushException as exc:
            status = exc.status_code
            if status in (404, 410):  # the browser withdrew the subscription: forget it
                sub.delete()
            else:
                errors.append(f"{status}: {exc.message}")
    if not delivered:
        if errors:
            raise RuntimeError("; ".join(errors))
        raise NothingToSend(_("Mọi trình duyệt đã hủy đăng ký nhận thông báo đẩy."))


SENDERS: dict[str, Callable[[Notification], None]] = {Channel.EMAIL: send_email, Channel.PUSH: send_push}


def channels_for(user, *, has_push: bool) -> list[str]:
    pref = preference_for(user)
    channels: list[str] = []
    if pref.email_enabled and email_address(user, pref):
        channels.append(Channel.EMAIL)
    if pref.push_enabled and has_push:
        channels.append(Channel.PUSH)
    return channels


def _attempt(delivery: Delivery, notification: Notification, now: dt.datetime) -> bool:
    delivery.attempts += 1
    try:
        SENDERS[delivery.channel](notification)
    except NothingToSend as exc:
        delivery.status, delivery.last_error, delivery.next_attempt_at = DeliveryStatus.GAVE_UP, str(exc), None
        ok = False
    except Exception as exc:  # any failure of the outside service is recorded and retried
        logger.warning("Delivery %s/%s failed: %s", notification.pk, delivery.channel, exc)
        delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if delivery.attempts >= conf.MAX_ATTEMPTS:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.GAVE_UP, None
        else:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = now + dt.timedelta(minutes=conf.backoff_minutes(delivery.attempts))
        ok = False
    else:
        delivery.status, delivery.sent_at, delivery.next_attempt_at = DeliveryStatus.SENT, now, None
        ok = True
    delivery.save()
    return ok


def deliver(notification_ids: list[int]) -> int:
    """Send each notification through the channels its recipient wants; returns the number sent now.

    Deliveries already sent or given up are left alone, and a failed one is only tried again once due; the
    failures are queued again for their next attempt.
    """
    now = timezone.now()
    notifications = list(Notification.objects.filter(pk__in=notification_ids).select_related("recipient"))
    with_push = set(
        PushSubscription.objects.filter(user_id__in={n.recipient_id for n in notifications}).values_list(
            "user_id", flat=True
        )
    )
    existing = {
        (d.notification_id, d.channel): d for d in Delivery.objects.filter(notification_id__in=notification_ids)
    }
    sent = 0
    retry: dict[int, dt.datetime] = {}
    for notification in notifications:
        user = notification.recipient
        if not user.is_active:
            continue
        for channel in channels_for(user, has_push=user.pk in with_push):
            delivery = existing.get((notification.pk, channel))
            if delivery is None:  # get_or_create: another worker may have just made it
                delivery, _created = Delivery.objects.get_or_create(notification=notification, channel=channel)
            if delivery.status in (DeliveryStatus.SENT, DeliveryStatus.GAVE_UP):
                continue
            if delivery.status == DeliveryStatus.FAILED and delivery.next_attempt_at and delivery.next_attempt_at > now:
                retry[notification.pk] = min(
                    retry.get(notification.pk, delivery.next_attempt_at), delivery.next_attempt_at
                )
                continue
            if _attempt(delivery, notification, now):
                sent += 1
            elif delivery.status == DeliveryStatus.FAILED and delivery.next_attempt_at is not None:  # set with FAILED
                retry[notification.pk] = min(
                    retry.get(notification.pk, delivery.next_attempt_at), delivery.next_attempt_at
                )
    if retry:
        schedule_retry(sorted(retry), min(retry.values()))
    return sent


def schedule_retry(notification_ids: list[int], when: dt.datetime) -> None:
    from django_tasks.exceptions import InvalidTaskError

    from .tasks import deliver_notifications

    try:
        deliver_notifications.using(run_after=when).enqueue(notification_ids=notification_ids)
    except InvalidTaskError:  # a backend without deferred tasks: `retry_due_deliveries` picks them up
        logger.info(
            "Deferred retry not supported; %s notifications wait for retry_due_deliveries", len(notification_ids)
        )


def retry_due(now: dt.datetime | None = None) -> int:
    """Try again every failed delivery whose time has come (for backends without deferred tasks)."""
    now = now or timezone.now()
    ids = list(
        Delivery.objects.filter(status=DeliveryStatus.FAILED, next_attempt_at__lte=now)
        .values_list("notification_id", flat=True)
        .distinct()
    )
    return deliver(ids) if ids else 0
