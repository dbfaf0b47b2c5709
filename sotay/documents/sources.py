"""The documents and the guides as search sources (see `search.Source`); registered when the app is ready."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import search
from .models import DocStatus, DocType, Document, Guide
from .querysets import EVERYONE


def document_entry(pk: int):
    doc = Document.objects.select_related("organization", "audience_org").filter(pk=pk).first()
    if doc is None:
        return None
    attachments = " ".join(doc.attachments.values_list("text", flat=True))
    return {
        "title": doc.title,
        "reference": " ".join(
            [doc.reference, doc.reference_key, str(doc.number), doc.type_code, doc.issuer_code]
            + [doc.get_doc_type_display(), doc.issuer]
        ),
        "body": f"{doc.summary}\n{doc.body}\n{attachments}",
        "doc_type": doc.doc_type,
        "issuer_code": doc.issuer_code,
        "year": doc.issued_on.year,
        "status": doc.status,
        "topics": list(doc.topics.values_list("slug", flat=True)),
        "audience": doc.audience,
        "audience_path": doc.audience_org.path if doc.audience_org else "",
        "owner_path": doc.organization.path,
        "sort_date": doc.issued_on,
    }


def document_display(ids):
    out = {}
    # Labels once per call: get_FOO_display() hashes the lazy choices on every call, which cost more than the query.
    kinds = {k: str(v) for k, v in DocType.choices}
    statuses = {k: str(v) for k, v in DocStatus.choices}
    url = reverse("documents:detail", args=[0])[:-2]  # "/documents/": one reverse() for the page of hits
    for doc in Document.objects.filter(pk__in=ids).only(
        "pk", "title", "reference", "doc_type", "issuer", "issued_on", "status", "summary", "body"
    ):
        text = f"{doc.summary}\n{doc.body}" if doc.summary else doc.body
        meta = {
            "kind": kinds.get(doc.doc_type, doc.doc_type),
            "issuer": doc.issuer,
            "issued_on": doc.issued_on,
            "status": statuses.get(doc.status, doc.status),
            "status_code": doc.status,
        }
        out[doc.pk] = (doc.title, doc.reference, text, f"{url}{doc.pk}/", meta)
    return out


def guide_entry(pk: int):
    guide = Guide.objects.filter(pk=pk).first()
    if guide is None:
        return None
    return {
        "title": guide.title,
        "reference": " ".join(d.reference for d in guide.regulations.all()),
        "body": guide.body,
        "audience": EVERYONE,  # the guides belong to no organisation: every member, in any province, reads them
        "sort_date": guide.updated_at.date() if guide.updated_at else None,
    }


def guide_display(ids):
    return {
        g.pk: (g.title, "", g.body, reverse("documents:guide", args=[g.slug]), {})
        for g in Guide.objects.filter(pk__in=ids).only("pk", "title", "slug", "body")
    }


def register() -> None:
    search.register(search.Source("document", _("Văn bản"), document_entry, document_display))
    search.register(search.Source("guide", _("Hướng dẫn nghiệp vụ"), guide_entry, guide_display))
    search.register_ids("document", lambda: Document.objects.values_list("pk", flat=True))
    search.register_ids("guide", lambda: Guide.objects.values_list("pk", flat=True))
