"""`{% notifications_link %}`: the header link to the in-app notifications with the unread count."""

from __future__ import annotations

from django import template

from sotay.notifications.models import Notification

register = template.Library()


@register.inclusion_tag("notifications/header_link.html", takes_context=True)
def notifications_link(context):
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    return {"show": True, "unread": unread}
