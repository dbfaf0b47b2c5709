"""The one way to tell users something: `notify()` inside the caller's transaction; delivery after commit."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.db import transaction

from sotay.lib.vntext import nfc

from .models import Notification


def notify(
    recipients: Iterable,
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    organization=None,
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

        transaction.on_commit(partial(deliver_notifications.enqueue, notification_ids=ids))
    return created
