"""The one way to tell users something: `notify()` inside the caller's transaction; delivery after commit."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.vntext import nfc
from sotay.orgs import policy
from sotay.orgs.actor import Actor

from .models import Notification, Preference, PushSubscription

if TYPE_CHECKING:
    from typing import Any

    from sotay.notifications.models import Delivery
    from sotay.orgs.models import Organization

DELIVERY_BATCH = 500


def notify(
    recipients: Iterable[Any],
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    organization: Organization | None = None,
) -> list[Notification]:
    """Create one in-app notification per distinct user and queue delivery through the outside channels.

    `recipients` are users (or anything with a `pk` that is a user). Call it inside the service
    function's transaction: if that transaction rolls back, nobody is told anything.
    """
    seen: set[int] = set()
    rows = []
    for user in recipients:
        if user is None or user.pk in seen or not getattr(user, "is_active", True):
            continue
        seen.add(user.pk)
        rows.append(
            Notification(
                recipient_id=user.pk,
                kind=kind,
                title=nfc(title)[:300],
                body=nfc(body),
                url=url,
                organization=organization,
            )
        )
    created = Notification.objects.bulk_create(rows)
    ids = [n.pk for n in created if n.pk is not None]
    if not ids:  # backends that do not return primary keys from bulk_create
        ids = list(
            Notification.objects.filter(recipient_id__in=seen, kind=kind, title=nfc(title)[:300])
            .order_by("-pk")
            .values_list("pk", flat=True)[: len(rows)]
        )
    if ids:
        from .tasks import deliver_notifications

        # One task per batch: a notice to a whole province (200,000 members) is not one huge task.
        for start in range(0, len(ids), DELIVERY_BATCH):
            batch = ids[start : start + DELIVERY_BATCH]
            transaction.on_commit(partial(deliver_notifications.enqueue, notification_ids=batch))
    return created


def mark_read(*, notification: Notification, actor: Actor) -> Notification:
    """Mark one of the user's notifications read (a read mark is the user's own state, not audited)."""
    try:
        actor.require_own(notification.recipient_id)
    except policy.NotAllowed:
        raise ValidationError(_("Đây không phải thông báo của bạn.")) from None
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def mark_all_read(*, actor: Actor) -> int:
    user = actor.own_user()
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def mark_read_for_url(*, url: str, actor: Actor) -> int:
    """Opening the page a notification points to (an announcement…) also marks that notification read."""
    if actor.user is None:
        return 0  # a system source has no notifications of its own
    user = actor.own_user()
    return Notification.objects.filter(recipient=user, url=url, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def save_preferences(*, email_enabled: bool, push_enabled: bool, actor: Actor, email: str = "") -> Preference:
    user = actor.own_user()
    email = nfc(email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": _("Địa chỉ thư “%(e)s” không hợp lệ.") % {"e": email}}) from None
    pref, _created = Preference.objects.get_or_create(user=user)
    pref.email_enabled, pref.push_enabled, pref.email = bool(email_enabled), bool(push_enabled), email
    pref.save()
    log(
        AuditAction.UPDATE,
        pref,
        by=actor,
        object_repr=str(_("Tùy chọn nhận thông báo của %(u)s") % {"u": user.get_username()}),
        data={"email_enabled": pref.email_enabled, "push_enabled": pref.push_enabled, "email_set": bool(email)},
    )
    return pref


def _b64url_bytes(value: str, field: str) -> bytes:
    import base64

    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (ValueError, TypeError):
        raise ValidationError({field: _("Khóa của trình duyệt không hợp lệ.")}) from None


@transaction.atomic
def subscribe_push(*, endpoint: str, p256dh: str, auth: str, actor: Actor, user_agent: str = "") -> PushSubscription:
    """Remember a browser's Web Push subscription (the endpoint must be https, or http on this machine for tests)."""
    from urllib.parse import urlsplit

    user = actor.own_user()
    endpoint = (endpoint or "").strip()
    parts = urlsplit(endpoint)
    local = parts.hostname in {"127.0.0.1", "localhost"}
    if not parts.netloc or not (parts.scheme == "https" or (parts.scheme == "http" and local)) or len(endpoint) > 1000:
        raise ValidationError({"endpoint": _("Địa chỉ nhận thông báo đẩy không hợp lệ.")})
    if len(_b64url_bytes(p256dh or "", "p256dh")) != 65 or len(_b64url_bytes(auth or "", "auth")) != 16:
        raise ValidationError(_("Khóa của trình duyệt không hợp lệ."))
    sub, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={"user": user, "p256dh": p256dh, "auth": auth, "user_agent": user_agent[:300]}
    )
    log(AuditAction.CREATE, sub, by=actor, object_repr=str(_("Đăng ký thông báo đẩy")), data={"host": parts.hostname})
    return sub


@transaction.atomic
def unsubscribe_push(*, endpoint: str, actor: Actor) -> int:
    user = actor.own_user()
    count, _detail = PushSubscription.objects.filter(user=user, endpoint=(endpoint or "").strip()).delete()
    if count:
        log(AuditAction.DELETE, None, by=actor, object_repr=str(_("Hủy đăng ký thông báo đẩy")))
    return count


def _require_delivery(actor: Actor, delivery: Delivery) -> None:
    """A delivery about, or to a member of, a subtree where the actor may see deliveries (else hidden: 404)."""
    q = actor.subtree_q(policy.VIEW_DELIVERIES, "notification__organization__path")
    q |= actor.subtree_q(policy.VIEW_DELIVERIES, "notification__recipient__member__organization__path")
    if not type(delivery).objects.filter(q, pk=delivery.pk).exists():
        raise policy.NotAllowed(policy.VIEW_DELIVERIES, hidden=True)


@transaction.atomic
def retry_delivery(delivery: Delivery, *, actor: Actor) -> Delivery:
    """Staff send a failed delivery again now (e.g. after fixing the mail server): a fresh round of attempts."""
    _require_delivery(actor, delivery)
    from .models import DeliveryStatus
    from .tasks import deliver_notifications

    if delivery.status not in (DeliveryStatus.FAILED, DeliveryStatus.GAVE_UP):
        raise ValidationError(_("Lượt gửi này không bị lỗi."))
    delivery.status, delivery.attempts, delivery.next_attempt_at = DeliveryStatus.PENDING, 0, None
    delivery.save(update_fields=["status", "attempts", "next_attempt_at", "updated_at"])
    log(
        AuditAction.UPDATE,
        delivery,
        by=actor,
        organization=delivery.notification.organization,
        object_repr=str(_("Gửi lại thông báo “%(t)s”") % {"t": delivery.notification.title}),
        data={"channel": delivery.channel},
    )
    transaction.on_commit(partial(deliver_notifications.enqueue, notification_ids=[delivery.notification_id]))
    return delivery
