"""Showing citations: the text with its citations as links, and the "cited by" list of a document."""

from __future__ import annotations

import html

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from .access import articles_visible_to
from .citations import find_citations
from .models import Citation, Document, Guide


def linked_text(text: str, source, user) -> SafeString:
    """`text` escaped, paragraphs kept, each citation of a library document the user may read made a link."""
    rows = Citation.objects.filter(
        source_type=source._meta.label_lower, source_id=source.pk, target__isnull=False
    ).values_list("number", "type_code", "issuer_code", "year", "target_id")
    targets = {(n, t, i, y): pk for n, t, i, y, pk in rows}
    visible = set(Document.objects.visible_to(user).filter(pk__in=set(targets.values())).values_list("pk", flat=True))
    out, last = [], 0
    import unicodedata

    text = unicodedata.normalize("NFC", text or "")
    for c in find_citations(text):
        pk = targets.get((c.number, c.type_code, c.issuer_code, c.year))
        if pk is None or pk not in visible:
            continue
        out.append(html.escape(text[last : c.start]))
        url = reverse("documents:detail", args=[pk])
        out.append(f'<a class="citation" href="{url}">{html.escape(c.matched)}</a>')
        last = c.end
    out.append(html.escape(text[last:]))
    paragraphs = "".join(out).split("\n")
    return mark_safe("".join(f"<p>{p}</p>" for p in paragraphs if p.strip()))  # noqa: S308 - escaped above


def cited_by(document: Document, user) -> list[dict]:
    """The texts citing `document` that the user may read: documents, guides and articles, newest first."""
    rows = list(Citation.objects.filter(target=document).values_list("source_type", "source_id", "matched_text"))
    out: list[dict] = []
    doc_ids = {i for t, i, _ in rows if t == "documents.document"}
    for doc in Document.objects.visible_to(user).filter(pk__in=doc_ids):
        out.append(
            {
                "label": str(doc),
                "title": doc.title,
                "url": reverse("documents:detail", args=[doc.pk]),
                "kind": "document",
                "date": doc.issued_on,
            }
        )
    guide_ids = {i for t, i, _ in rows if t == "documents.guide"}
    for guide in Guide.objects.filter(pk__in=guide_ids):
        out.append(
            {
                "label": guide.title,
                "title": "",
                "url": reverse("documents:guide", args=[guide.slug]),
                "kind": "guide",
                "date": guide.updated_at.date(),
            }
        )
    article_ids = {i for t, i, _ in rows if t == "documents.article"}
    for article in articles_visible_to(user).filter(pk__in=article_ids):
        out.append(
            {
                "label": article.title,
                "title": "",
                "url": reverse("documents:article", args=[article.pk]),
                "kind": "article",
                "date": article.published_on or article.created_at.date(),
            }
        )
    return sorted(out, key=lambda r: r["date"], reverse=True)
