"""Announcements in the one search box of the documents library (`sotay.documents.search`)."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Announcement

SOURCE = "announcement"


def announcement_entry(pk: int):
    a = Announcement.objects.select_related("organization").filter(pk=pk).first()
    if a is None:
        return None
    return {
        "title": a.title,
        "reference": "",
        "body": a.body,
        "year": timezone.localtime(a.published_at).year,
        # Read by the subtree it was sent to and the committees above it (the documents' SUBTREE audience).
        "audience": "SUBTREE",
        "audience_path": a.organization.path,
        "owner_path": a.organization.path,
        "sort_date": timezone.localtime(a.published_at).date(),
    }


def announcement_display(ids):
    out = {}
    for a in Announcement.objects.filter(pk__in=ids).select_related("organization"):
        meta = {
            "kind": _("Thông báo"),
            "issuer": a.organization.name,
            "issued_on": timezone.localtime(a.published_at).date(),
        }
        out[a.pk] = (a.title, "", a.body, reverse("handbook:announcement", args=[a.pk]), meta)
    return out


def register() -> None:
    try:
        from sotay.documents import search
    except ImportError:  # the library is not installed: announcements are simply not searchable
        return
    search.register(search.Source(SOURCE, _("Thông báo"), announcement_entry, announcement_display))
    search.register_ids(SOURCE, lambda: Announcement.objects.values_list("pk", flat=True))


def reindex_on_commit(announcement: Announcement) -> None:
    try:
        from sotay.documents.tasks import index_item
    except ImportError:
        return
    transaction.on_commit(partial(index_item.enqueue, source=SOURCE, object_id=announcement.pk))
