"""Scoped lookups: a notification is its recipient's only; failed deliveries are seen by staff of a subtree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from sotay.orgs import policy

from .models import Delivery, DeliveryStatus, Notification

if TYPE_CHECKING:
    from sotay.accounts.http import AnyUser


def get_notification_for_user(user: AnyUser, notification_id: int | str) -> Notification:
    notification = Notification.objects.filter(recipient_id=user.pk, pk=notification_id).first()
    if notification is None:
        raise Http404("Không tìm thấy thông báo.")
    return notification


def problem_deliveries_visible_to(user: AnyUser) -> QuerySet[Delivery]:
    """Failed and given-up deliveries of notifications about, or to members of, the user's subtree."""
    about = policy.subtree_q(user, policy.VIEW_DELIVERIES, field="notification__organization__path")
    to_member = policy.subtree_q(
        user, policy.VIEW_DELIVERIES, field="notification__recipient__member__organization__path"
    )
    return (
        Delivery.objects.filter(about | to_member)
        .filter(status__in=[DeliveryStatus.FAILED, DeliveryStatus.GAVE_UP])
        .select_related("notification", "notification__recipient", "notification__organization")
        .order_by("-updated_at", "-pk")
        .distinct()
    )
