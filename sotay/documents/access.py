"""Scoped lookups of library items: an id the user may not read is a 404."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from .models import Article, Attachment, Document, Guide
from .querysets import in_roots_q, user_roots

if TYPE_CHECKING:
    from sotay.accounts.http import AnyUser


def _pk(value: int | str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def documents_visible_to(user: AnyUser) -> QuerySet[Document]:
    return Document.objects.visible_to(user)


def articles_visible_to(user: AnyUser) -> QuerySet[Article]:
    """News items kept with a library: read within the province (root) of the organisation that keeps them."""
    return Article.objects.filter(in_roots_q(user_roots(user), "organization__path"))


def get_document_for_user(user: AnyUser, document_id: int | str) -> Document:
    doc = documents_visible_to(user).select_related("organization", "replaced_by").filter(pk=_pk(document_id)).first()
    if doc is None:
        raise Http404("Không tìm thấy văn bản.")
    return doc


def get_document_to_manage(user: AnyUser, document_id: int | str) -> Document:
    doc = Document.objects.managed_by(user).select_related("organization").filter(pk=_pk(document_id)).first()
    if doc is None:
        raise Http404("Không tìm thấy văn bản.")
    return doc


def get_attachment_for_user(user: AnyUser, attachment_id: int | str) -> Attachment:
    att = (
        Attachment.objects.filter(pk=_pk(attachment_id), document__in=documents_visible_to(user))
        .select_related("document")
        .first()
    )
    if att is None:
        raise Http404("Không tìm thấy tệp.")
    return att


def get_guide_for_user(user: AnyUser, slug: str) -> Guide:
    """Guides are for every member: any user holding a role reads them."""
    from sotay.orgs import policy

    if not user.is_authenticated or (not user.is_superuser and not policy.holds_role(user)):
        raise Http404
    guide = Guide.objects.filter(slug=slug).first()
    if guide is None:
        raise Http404("Không tìm thấy hướng dẫn.")
    return guide
