"""Scoped lookups of import batches: a batch belongs to the organisation it was imported into."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from sotay.orgs import policy

from .models import ImportBatch

if TYPE_CHECKING:
    from sotay.accounts.http import AnyUser


def batches_visible_to(user: AnyUser) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(policy.subtree_q(user, policy.CREATE_MEMBERS, "organization__path"))


def get_batch_for_user(user: AnyUser, batch_id: int | str) -> ImportBatch:
    try:
        pk = int(batch_id)
    except (TypeError, ValueError):
        raise Http404 from None
    batch = batches_visible_to(user).select_related("organization", "default_cell").filter(pk=pk).first()
    if batch is None:
        raise Http404("Không tìm thấy lần nhập dữ liệu.")
    return batch
