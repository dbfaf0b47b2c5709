"""Every write to the library: validated, atomic, audited; search-index updates enqueued on commit.

Documents in force: docs/rules/documents-in-force.md; the library and its bookmarks serve 339-QĐ/TW
(docs/rules/handbook-app.md: "search, view, download and bookmark documents, including internal ones").
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sotay.accounts.http import signed_in
from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.vntext import fold, nfc
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization, is_within, root_path, subtree_filter

from . import citations as cit
from .models import (
    Article,
    Attachment,
    Audience,
    Bookmark,
    Citation,
    DocStatus,
    DocType,
    Document,
    DocumentRelation,
    Guide,
    GuideEditor,
    LibraryVisit,
    ReadingPosition,
    RelationKind,
    Topic,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import Model

    from sotay.accounts.http import AnyUser
    from sotay.accounts.models import User

# The abbreviation each kind carries in its reference (docs/glossary.md, "Abbreviations in document numbers").
TYPE_CODE_OF_KIND: dict[str, str] = {
    DocType.RESOLUTION: "NQ",
    DocType.DIRECTIVE: "CT",
    DocType.REGULATION: "QĐ",
    DocType.DECISION: "QĐ",
    DocType.CONCLUSION: "KL",
    DocType.GUIDANCE: "HD",
    DocType.PLAN: "KH",
    DocType.SCHEME: "ĐA",
    DocType.NOTICE: "TB",
    DocType.REPORT: "BC",
    DocType.LETTER: "CV",
    DocType.LAW: "",
    DocType.DECREE: "NĐ",
    DocType.CIRCULAR: "TT",
}
# Other abbreviations a kind's number may carry: a letter is often numbered <number>/<issuer>-<unit>
# (12729/VPCP-KGVX), a joint circular TTLT.
OTHER_TYPE_CODES: dict[str, set[str]] = {DocType.LETTER: {""}, DocType.CIRCULAR: {"TTLT"}}

DOCUMENT_FIELDS = (
    "doc_type",
    "reference",
    "issuer",
    "issued_on",
    "effective_from",
    "effective_to",
    "title",
    "summary",
    "body",
    "status",
    "audience",
    "audience_org",
)


def enqueue_index(source: str, object_id: int) -> None:
    from .tasks import index_item

    transaction.on_commit(partial(index_item.enqueue, source=source, object_id=object_id))


def parse_document_reference(reference: str, doc_type: str) -> cit.Citation:
    """The parsed reference of a document of kind `doc_type`, or a ValidationError saying what is wrong."""
    if doc_type not in DocType.values:
        raise ValidationError({"doc_type": _("Loại văn bản “%(k)s” không có trong danh mục.") % {"k": doc_type}})
    parsed = cit.parse_reference(reference)
    if parsed is None or not parsed.issuer_code:
        raise ValidationError(
            {
                "reference": _(
                    "Số, ký hiệu “%(r)s” không đọc được: hãy ghi dạng số-loại/cơ quan ban hành, ví dụ 144-QĐ/TW, "
                    "15-HD/BTCTU, hoặc 91/2025/QH15 với văn bản của Nhà nước."
                )
                % {"r": reference}
            }
        )
    expected = TYPE_CODE_OF_KIND.get(doc_type)
    if expected is None or parsed.type_code not in {expected, *OTHER_TYPE_CODES.get(doc_type, ())}:
        raise ValidationError(
            {
                "reference": _("Ký hiệu “%(c)s” trong số “%(r)s” không khớp với loại văn bản %(k)s.")
                % {"c": parsed.type_code or "—", "r": reference, "k": DocType(doc_type).label}
            }
        )
    return parsed


def _check_dates(values: dict[str, Any]) -> None:
    today = timezone.localdate()
    issued_on = values.get("issued_on")
    if not isinstance(issued_on, dt.date):
        raise ValidationError({"issued_on": _("Hãy ghi ngày ban hành (dd/mm/yyyy).")})
    if issued_on > today:
        raise ValidationError(
            {
                "issued_on": _("Ngày ban hành %(d)s ở tương lai: văn bản đã ban hành phải có ngày đã qua.")
                % {"d": issued_on.strftime("%d/%m/%Y")}
            }
        )
    start, end = values.get("effective_from"), values.get("effective_to")
    if start and end and end < start:
        raise ValidationError({"effective_to": _("Ngày hết hiệu lực phải sau ngày có hiệu lực.")})


def _check_audience(organization: Organization, values: dict[str, Any]) -> None:
    audience = values.get("audience") or Audience.PROVINCE
    if audience not in Audience.values:
        raise ValidationError({"audience": _("Phạm vi không hợp lệ.")})
    target = values.get("audience_org")
    if audience == Audience.PROVINCE:
        values["audience_org"] = None
        return
    if target is None:
        raise ValidationError({"audience_org": _("Hãy chọn tổ chức đảng được xem văn bản.")})
    if not is_within(target, organization):
        raise ValidationError({"audience_org": _("Tổ chức được xem phải thuộc %(o)s.") % {"o": organization.name}})


def _topics(names: Iterable[str] | None) -> list[Topic]:
    topics = []
    for name in names or []:
        name = nfc(name)
        if not name:
            continue
        slug = slugify(fold(name))[:100] or "chu-de"
        topic, _created = Topic.objects.get_or_create(slug=slug, defaults={"name": name})
        topics.append(topic)
    return topics


def _apply(document: Document, organization: Organization, data: dict[str, Any]) -> list[Topic] | None:
    values = {k: data[k] for k in DOCUMENT_FIELDS if k in data}
    for key in ("reference", "issuer", "title"):
        if key in values:
            values[key] = nfc(values[key])
    for key in ("summary", "body"):  # paragraphs kept
        if key in values:
            values[key] = unicodedata.normalize("NFC", values[key] or "").strip()
    merged = {k: getattr(document, k) for k in DOCUMENT_FIELDS if k != "audience_org"}
    merged["audience_org"] = document.audience_org if document.audience_org_id else None
    merged.update(values)
    parsed = parse_document_reference(merged["reference"], merged["doc_type"])
    _check_dates(merged)
    _check_audience(organization, merged)
    if not merged.get("title"):
        raise ValidationError({"title": _("Hãy ghi trích yếu của văn bản.")})
    if not merged.get("issuer"):
        raise ValidationError({"issuer": _("Hãy ghi cơ quan ban hành.")})
    if merged.get("status") not in DocStatus.values:
        raise ValidationError({"status": _("Tình trạng không hợp lệ.")})
    key = cit.reference_key(parsed.number, parsed.type_code, parsed.issuer_code, parsed.year)
    # Within the province only: each root keeps its own library, and another province's entries are not ours to
    # name (nor to reveal through this message).
    duplicate = Document.objects.filter(
        subtree_filter(root_path(organization.path), "organization__path"),
        reference_key=key,
        issued_on__year=merged["issued_on"].year,
    )
    if document.pk:
        duplicate = duplicate.exclude(pk=document.pk)
    if duplicate.exists():
        raise ValidationError(
            {
                "reference": _("Thư viện đã có văn bản %(r)s năm %(y)s.")
                % {"r": merged["reference"], "y": merged["issued_on"].year}
            }
        )
    for k, v in merged.items():
        setattr(document, k, v)
    document.organization = organization
    document.number = parsed.number
    document.type_code = parsed.type_code
    document.issuer_code = parsed.issuer_code
    document.reference_key = key
    return _topics(data["topics"]) if "topics" in data else None


def _require_manage(actor: Actor, organization: Organization) -> None:
    actor.require(policy.MANAGE_DOCUMENTS, organization)


def _require_guide_editor(actor: Actor, guide: Guide | None) -> None:
    """Only editors of the branch (or Ban Tổ chức's administrators, or a system source with the right) edit it."""
    if actor.is_system:
        actor.require(policy.EDIT_GUIDES)
    elif actor.user is None or not may_edit_guide(actor.user, guide):
        raise policy.NotAllowed(policy.EDIT_GUIDES)


@transaction.atomic
def create_document(*, organization: Organization, data: dict[str, Any], actor: Actor) -> Document:
    """A new library entry; its reference must parse and match its kind, and it must already be issued."""
    _require_manage(actor, organization)
    document = Document(created_by=actor.audit_user)
    topics = _apply(document, organization, data)
    document.save()
    if topics is not None:
        document.topics.set(topics)
    record_citations(source=document, text=f"{document.summary}\n{document.body}")
    relink_citations(document)
    log(AuditAction.CREATE, document, by=actor, organization=organization, data={"reference": document.reference})
    enqueue_index("document", document.pk)
    return document


@transaction.atomic
def update_document(*, document: Document, data: dict[str, Any], actor: Actor) -> Document:
    _require_manage(actor, document.organization)
    before = {k: str(getattr(document, k)) for k in DOCUMENT_FIELDS}
    topics = _apply(document, document.organization, data)
    document.save()
    if topics is not None:
        document.topics.set(topics)
    record_citations(source=document, text=f"{document.summary}\n{document.body}")
    relink_citations(document)
    changed = {k: v for k, v in before.items() if str(getattr(document, k)) != v}
    log(AuditAction.UPDATE, document, by=actor, data={"changed": sorted(changed)})
    enqueue_index("document", document.pk)
    return document


@transaction.atomic
def relate_documents(*, source: Document, target: Document, kind: str, actor: Actor) -> DocumentRelation:
    """Record that `source` replaces / amends / guides `target`; replacing or amending updates the target's status."""
    _require_manage(actor, source.organization)
    if kind not in RelationKind.values:
        raise ValidationError(_("Quan hệ giữa hai văn bản không hợp lệ."))
    if source.pk == target.pk:
        raise ValidationError(_("Một văn bản không thể %(k)s chính nó.") % {"k": RelationKind(kind).label})
    relation, _created = DocumentRelation.objects.get_or_create(source=source, target=target, kind=kind)
    if kind == RelationKind.REPLACES:
        target.status = DocStatus.REPLACED
        target.replaced_by = source
        if target.effective_to is None and source.effective_from:
            target.effective_to = source.effective_from
        target.save(update_fields=["status", "replaced_by", "effective_to", "updated_at"])
        enqueue_index("document", target.pk)
    elif kind == RelationKind.AMENDS and target.status == DocStatus.IN_FORCE:
        target.status = DocStatus.AMENDED
        target.save(update_fields=["status", "updated_at"])
        enqueue_index("document", target.pk)
    log(AuditAction.UPDATE, source, by=actor, data={"relation": kind, "target": target.pk})
    return relation


# --------------------------------------------------------------------------------------------------------------
# Citations


def document_candidates(citation: cit.Citation, documents: QuerySet[Document] | None = None) -> list[Document]:
    """The library entries a citation may name: same number, abbreviation, issuer and year when given, kind when
    said; with a date, those issued that day if any. Newest first. `documents` limits the search (a province's
    library, or what a user may read): each province keeps its own entries."""
    docs = (Document.objects if documents is None else documents).filter(number=citation.number)
    if citation.type_code or not citation.issuer_code:  # a letter's <number>/<symbol> carries no abbreviation
        docs = docs.filter(type_code=citation.type_code)
    if citation.issuer_code:
        docs = docs.filter(issuer_code__iexact=citation.issuer_code)
    if citation.year:
        docs = docs.filter(issued_on__year=citation.year)
    if citation.doc_type:
        docs = docs.filter(doc_type=citation.doc_type)
    candidates = list(docs.order_by("-issued_on", "-pk")[:20])
    if citation.date:
        same_day = [d for d in candidates if d.issued_on == citation.date]
        if same_day:
            return same_day
    return candidates


def pick_document(citation: cit.Citation, candidates: list[Document]) -> Document | None:
    """The one entry a citation names, or None. A full reference (with its issuer) names the latest entry of that
    reference. A bare number ("Quy định 24", "NQ 21") names an entry only when the library has one document of that
    number across kinds and issuers; otherwise it is ambiguous and links none (`sotay cite` lists the candidates)."""
    if not candidates:
        return None
    if citation.issuer_code:
        return candidates[0]
    kinds = {(d.doc_type, d.type_code, d.issuer_code.upper()) for d in candidates}
    return candidates[0] if len(kinds) == 1 else None


def find_document(citation: cit.Citation, documents: QuerySet[Document] | None = None) -> Document | None:
    """The library entry a citation names, or None when there is none or the citation is ambiguous. `documents`
    limits the search to a province's library or to what a user may read."""
    return pick_document(citation, document_candidates(citation, documents))


def find_document_by_reference(text: str, *, user: AnyUser) -> Document | None:
    """The library entry the user may read whose number is `text` ("232-QĐ/TW", "232/QĐ-TW"), or None."""
    parsed = cit.parse_reference(text)
    if parsed is None:
        return None
    return find_document(parsed, Document.objects.visible_to(user))


def library_of(source: object) -> QuerySet[Document]:
    """The entries a text may cite: those of its organisation's province, or any for a text of no organisation (a
    guide)."""
    org = getattr(source, "organization", None)
    if org is None:
        return Document.objects.all()
    return Document.objects.filter(subtree_filter(root_path(org.path), "organization__path"))


def record_citations(*, source: Model, text: str, source_type: str | None = None) -> list[Citation]:
    """Find the citations in `text` (the text of `source`), link each to its library entry, and keep them as the
    citations of `source` (replacing the previous ones). Called inside the caller's transaction."""
    source_type = source_type or source._meta.label_lower
    Citation.objects.filter(source_type=source_type, source_id=source.pk).delete()
    rows = []
    library = library_of(source)
    for c in cit.find_citations(text):
        target = find_document(c, library)
        if isinstance(source, Document) and target is not None and target.pk == source.pk:
            continue  # a document naming its own number
        rows.append(
            Citation(
                source_type=source_type,
                source_id=source.pk,
                matched_text=c.matched[:200],
                doc_type=c.doc_type,
                type_code=c.type_code,
                number=c.number,
                issuer_code=c.issuer_code,
                year=c.year,
                cited_date=c.date,
                start=c.start,
                target=target,
            )
        )
    return Citation.objects.bulk_create(rows)


def relink_citations(document: Document) -> int:
    """Link the citations that name `document` but were recorded before it was in the library."""
    linked = 0
    pending = Citation.objects.filter(target__isnull=True, number=document.number)
    for row in pending:
        c = cit.Citation(
            matched=row.matched_text,
            start=row.start,
            end=row.start,
            number=row.number,
            type_code=row.type_code,
            doc_type=row.doc_type,
            issuer_code=row.issuer_code,
            date=row.cited_date,
            year=row.year,
        )
        target = find_document(c)
        if target is not None and not (row.source_type == "documents.document" and row.source_id == target.pk):
            row.target = target
            row.save(update_fields=["target"])
            linked += 1
    return linked


@transaction.atomic
def create_article(
    *,
    organization: Organization,
    title: str,
    body: str,
    actor: Actor,
    source_url: str = "",
    published_on: dt.date | None = None,
) -> Article:
    """A news item or other text kept with the library; its citations are linked to the documents they name."""
    _require_manage(actor, organization)
    title, body = nfc(title), unicodedata.normalize("NFC", body or "").strip()
    if not title or not body:
        raise ValidationError(_("Tin bài cần có tiêu đề và nội dung."))
    article = Article.objects.create(
        title=title, body=body, source_url=source_url, published_on=published_on, organization=organization
    )
    record_citations(source=article, text=body)
    log(AuditAction.CREATE, article, by=actor, organization=organization)
    return article


# --------------------------------------------------------------------------------------------------------------
# Attachments


def max_upload_bytes() -> int:
    """DOCUMENTS_MAX_UPLOAD_BYTES if set, else the site-wide UPLOAD_MAX_BYTES (20 MB by default)."""
    from django.conf import settings

    from sotay.core.uploads import max_bytes

    return int(getattr(settings, "DOCUMENTS_MAX_UPLOAD_BYTES", None) or max_bytes())


@transaction.atomic
def add_attachment(*, document: Document, name: str, data: bytes, actor: Actor) -> Attachment:
    """Keep a PDF, DOCX or DOC file of a document in private storage; its text is taken afterwards, by the task
    worker (`tasks.extract_attachment`), and the search index is updated then.

    The file is judged by its content, not its name: anything else (an .exe renamed .pdf) is refused, and so is a
    file over the size limit (setting DOCUMENTS_MAX_UPLOAD_BYTES, 20 MB by default), a DOCX whose zip declares a
    decompression bomb and a PDF that runs a script (`sotay.core.uploads.check_content`). Nothing is stored then.
    """
    from django.core.files.base import ContentFile

    from sotay.core.uploads import check_pdf, check_zip

    from .extract import KINDS, sniff
    from .models import TextStatus

    _require_manage(actor, document.organization)
    name = nfc(Path(name or "").name)[:200] or "tep"
    limit = max_upload_bytes()
    if len(data) > limit:
        raise ValidationError(
            {
                "file": _("Tệp “%(n)s” lớn %(s)s MB, vượt giới hạn %(l)s MB.")
                % {"n": name, "s": round(len(data) / 1048576, 1), "l": round(limit / 1048576, 1)}
            }
        )
    if not data:
        raise ValidationError({"file": _("Tệp rỗng.")})
    if data.startswith(b"PK\x03\x04"):
        check_zip(name, data)  # a decompression bomb is refused before anything opens the archive further
    kind = sniff(data)
    if kind is None:
        raise ValidationError(
            {
                "file": _("Tệp “%(n)s” không phải PDF, DOCX hay DOC (nội dung tệp không khớp định dạng nào).")
                % {"n": name}
            }
        )
    content_type, extensions = KINDS[kind]
    if not name.lower().endswith(extensions):
        raise ValidationError(
            {
                "file": _("Tệp “%(n)s” thực chất là %(k)s nhưng tên tệp có đuôi khác: hãy đặt đúng đuôi %(e)s.")
                % {"n": name, "k": kind.upper(), "e": extensions[0]}
            }
        )
    if kind == "pdf":
        check_pdf(name, data)
    attachment = Attachment(
        document=document,
        original_name=name,
        content_type=content_type,
        size=len(data),
        text="",
        text_status=TextStatus.NONE if kind == "doc" else TextStatus.PENDING,
        uploaded_by=actor.audit_user,
    )
    attachment.file.save(f"{uuid.uuid4().hex}.{kind}", ContentFile(data), save=False)
    try:  # every check has passed: only a database failure can leave the file without its row
        attachment.save()
    except Exception:
        if attachment.file.name:  # set by file.save above
            attachment.file.storage.delete(attachment.file.name)
        raise
    log(AuditAction.UPDATE, document, by=actor, data={"attachment": name, "size": len(data)})
    if attachment.text_status == TextStatus.PENDING:
        from .tasks import extract_attachment

        transaction.on_commit(partial(extract_attachment.enqueue, attachment_id=attachment.pk))
    return attachment


def extract_attachment_text(attachment_id: int, *, actor: Actor) -> str | None:
    """Take the text of a pending attachment (in the task worker) and update the search index; the attachment's
    status afterwards, or None when it is gone. A cap reached or a damaged file keeps the file without text and a
    note for staff; nothing here raises for a bad file."""
    from .extract import TooLarge, UnsupportedFile, extract
    from .models import TextStatus

    attachment = Attachment.objects.filter(pk=attachment_id).select_related("document__organization").first()
    if attachment is not None:
        actor.require(policy.INDEX_DOCUMENTS, attachment.document.organization)
    if attachment is None or attachment.text_status != TextStatus.PENDING:
        return attachment.text_status if attachment else None
    with attachment.file.open("rb") as f:
        data = f.read()
    try:
        extracted = extract(attachment.original_name, data)
    except (TooLarge, UnsupportedFile) as exc:
        attachment.text, attachment.converted_from = "", ""
        attachment.text_status, attachment.text_note = TextStatus.FAILED, str(exc)[:300]
    else:
        attachment.text, attachment.converted_from = extracted.text, extracted.converted_from
        attachment.text_status, attachment.text_note = TextStatus.READY, ""
    with transaction.atomic():
        attachment.save(update_fields=["text", "converted_from", "text_status", "text_note"])
        log(
            AuditAction.UPDATE,
            attachment.document,
            by=actor,
            data={"attachment": attachment.pk, "text": attachment.text_status},
        )
        enqueue_index("document", attachment.document_id)
    return attachment.text_status


# --------------------------------------------------------------------------------------------------------------
# The member's reading: bookmarks (audited), reading position and last visit (personal state, not audited).


@transaction.atomic
def toggle_bookmark(*, actor: Actor, document: Document | None = None, guide: Guide | None = None) -> bool:
    """Bookmark the document or guide, or remove the bookmark; True when it is bookmarked afterwards."""
    user = actor.own_user()
    if (document is None) == (guide is None):
        raise ValidationError(_("Hãy chọn một văn bản hoặc một hướng dẫn."))
    existing = Bookmark.objects.filter(user=user, document=document, guide=guide).first()
    if existing:
        existing.delete()
        log(AuditAction.DELETE, document or guide, by=actor, data={"bookmark": False}, organization=None)
        return False
    Bookmark.objects.create(user=user, document=document, guide=guide)
    log(AuditAction.CREATE, document or guide, by=actor, data={"bookmark": True}, organization=None)
    return True


def save_reading_position(
    *, actor: Actor, percent: int, document: Document | None = None, guide: Guide | None = None
) -> int:
    user = actor.own_user()
    percent = max(0, min(100, int(percent)))
    ReadingPosition.objects.update_or_create(user=user, document=document, guide=guide, defaults={"percent": percent})
    return percent


def record_library_visit(*, actor: Actor) -> dt.datetime | None:
    """Note this visit; returns the moment of the previous one (None on the first visit)."""
    user = actor.own_user()
    now = timezone.now()
    visit = LibraryVisit.objects.filter(user=user).first()
    if visit is None:
        LibraryVisit.objects.create(user=user, previous_at=None, last_at=now)
        return None
    # Several pages opened in one sitting count as one visit: the boundary moves after an hour away.
    if now - visit.last_at > dt.timedelta(hours=1):
        visit.previous_at = visit.last_at
    visit.last_at = now
    visit.save(update_fields=["previous_at", "last_at"])
    return visit.previous_at


# --------------------------------------------------------------------------------------------------------------
# Guides: editors hold EDIT_GUIDES and an editor grant on the branch (or are system administrators).


def may_edit_guide(user: AnyUser, guide: Guide | None) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    if not policy.user_has_permission(user, policy.EDIT_GUIDES):
        return False
    from sotay.orgs.models import Role

    if policy.holds_role(user, Role.SYSTEM_ADMIN):
        return True
    if guide is None:
        return False
    branch_paths = GuideEditor.objects.filter(user=signed_in(user)).values_list("guide__path", flat=True)
    return any(guide.path.startswith(p) for p in branch_paths)


@transaction.atomic
def save_guide(
    *,
    actor: Actor,
    title: str,
    body: str,
    guide: Guide | None = None,
    parent: Guide | None = None,
    regulations: Iterable[Document] | None = None,
) -> Guide:
    """Create a guide (under `parent`, or at the top) or edit one; only editors of the branch may."""
    _require_guide_editor(actor, guide if guide is not None else parent)
    title = nfc(title)
    body = unicodedata.normalize("NFC", body or "").strip()
    if not title:
        raise ValidationError({"title": _("Hãy ghi tiêu đề hướng dẫn.")})
    if guide is None:
        slug = _unique_guide_slug(title)
        fields = {"title": title, "slug": slug, "body": body, "updated_by": actor.audit_user}
        guide = Guide.objects.add_child(parent, fields) if parent is not None else Guide.objects.add_root(fields)
        action = AuditAction.CREATE
    else:
        guide.title, guide.body = title, body
        guide.updated_by = actor.audit_user
        guide.save(update_fields=["title", "body", "updated_by", "updated_at"])
        action = AuditAction.UPDATE
    if regulations is not None:
        guide.regulations.set(regulations)
    record_citations(source=guide, text=body)
    log(action, guide, by=actor, organization=None, data={"title": title})
    enqueue_index("guide", guide.pk)
    return guide


def _unique_guide_slug(title: str) -> str:
    base = slugify(fold(title))[:180] or "huong-dan"
    slug, n = base, 2
    while Guide.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def grant_guide_editor(*, user: User, guide: Guide, actor: Actor) -> GuideEditor:
    """Give `user` (who must hold EDIT_GUIDES) editor rights on the branch at `guide`."""
    _require_guide_editor(actor, guide)
    if not policy.user_has_permission(user, policy.EDIT_GUIDES):
        raise ValidationError(_("Chỉ cán bộ Ban Tổ chức mới được giao biên tập hướng dẫn."))
    editor, _created = GuideEditor.objects.get_or_create(user=user, guide=guide)
    log(AuditAction.GRANT, guide, by=actor, organization=None, data={"editor": user.pk})
    return editor


@transaction.atomic
def expire_documents(*, actor: Actor, today: dt.date | None = None) -> int:
    """Mark as expired the documents in force (or amended) whose effective_to has passed; returns how many.
    Run daily by the task `documents.tasks.expire_documents_task` (as `worker:expire_documents`)."""
    actor.require(policy.EXPIRE_DOCUMENTS)
    today = today or timezone.localdate()
    due = list(
        Document.objects.filter(
            status__in=[DocStatus.IN_FORCE, DocStatus.AMENDED], effective_to__isnull=False, effective_to__lt=today
        ).select_related("organization")
    )
    for doc in due:
        doc.status = DocStatus.EXPIRED
        doc.save(update_fields=["status", "updated_at"])
        log(AuditAction.STATUS, doc, by=actor, data={"status": "EXPIRED"})
        enqueue_index("document", doc.pk)
    return len(due)
