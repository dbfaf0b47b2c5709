"""The documents library (docs/rules/documents-in-force.md, docs/rules/handbook-app.md: 339-QĐ/TW asks for search, view,
download and bookmark of documents), citations between texts and documents, the organisation-building guides and the
member's reading state."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from .querysets import DocumentQuerySet
from .storage import private_storage


class DocType(models.TextChoices):
    """Kinds of Party and State documents; the abbreviation in a reference is in `sotay.documents.citations`."""

    RESOLUTION = "RESOLUTION", _("Nghị quyết")
    DIRECTIVE = "DIRECTIVE", _("Chỉ thị")
    REGULATION = "REGULATION", _("Quy định")
    DECISION = "DECISION", _("Quyết định")
    CONCLUSION = "CONCLUSION", _("Kết luận")
    GUIDANCE = "GUIDANCE", _("Hướng dẫn")
    PLAN = "PLAN", _("Kế hoạch")
    SCHEME = "SCHEME", _("Đề án")
    NOTICE = "NOTICE", _("Thông báo")
    REPORT = "REPORT", _("Báo cáo")
    LETTER = "LETTER", _("Công văn")
    STATUTE = "STATUTE", _("Điều lệ")
    LAW = "LAW", _("Luật")
    DECREE = "DECREE", _("Nghị định")
    CIRCULAR = "CIRCULAR", _("Thông tư")


class DocStatus(models.TextChoices):
    IN_FORCE = "IN_FORCE", _("Còn hiệu lực")
    AMENDED = "AMENDED", _("Đã được sửa đổi, bổ sung")
    REPLACED = "REPLACED", _("Đã được thay thế")
    EXPIRED = "EXPIRED", _("Hết hiệu lực")


class Audience(models.TextChoices):
    PROVINCE = "PROVINCE", _("Toàn Đảng bộ tỉnh")
    SUBTREE = "SUBTREE", _("Một tổ chức đảng và cấp dưới")
    COMMITTEE = "COMMITTEE", _("Chỉ cấp ủy viên")


class Topic(models.Model):
    name = models.CharField(_("chủ đề"), max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("chủ đề")
        verbose_name_plural = _("chủ đề")

    def __str__(self) -> str:
        return self.name


class Document(models.Model):
    """One Party or State document: its reference as written and parsed, dates, status and audience."""

    doc_type = models.CharField(_("loại văn bản"), max_length=12, choices=DocType.choices)
    reference = models.CharField(_("số, ký hiệu"), max_length=60, help_text=_("Như trên văn bản, ví dụ 144-QĐ/TW"))
    number = models.PositiveIntegerField(_("số"))
    type_code = models.CharField(_("ký hiệu loại"), max_length=10, help_text=_("Ví dụ QĐ, NQ, HD"))
    issuer_code = models.CharField(_("ký hiệu cơ quan ban hành"), max_length=20, blank=True)
    # "144-qd/tw": folded, without spaces; the key of an exact lookup by number.
    reference_key = models.CharField(max_length=60, db_index=True, editable=False)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=120)
    issued_on = models.DateField(_("ngày ban hành"))
    effective_from = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    effective_to = models.DateField(_("ngày hết hiệu lực"), null=True, blank=True)
    title = models.CharField(_("trích yếu"), max_length=400)
    summary = models.TextField(_("tóm tắt"), blank=True)
    body = models.TextField(_("toàn văn"), blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("chủ đề"), blank=True, related_name="documents")
    status = models.CharField(_("tình trạng"), max_length=10, choices=DocStatus.choices, default=DocStatus.IN_FORCE)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("được thay thế bởi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces_documents",
    )
    # Who keeps the entry (a library of a committee); audience says who may read it.
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("đơn vị quản lý"), on_delete=models.PROTECT, related_name="documents"
    )
    audience = models.CharField(_("phạm vi"), max_length=10, choices=Audience.choices, default=Audience.PROVINCE)
    audience_org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("tổ chức đảng được xem"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-number"]
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        indexes = [models.Index(fields=["number", "type_code"], name="documents_number_type")]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} {self.reference}"

    @property
    def label(self) -> str:
        return str(self)


class RelationKind(models.TextChoices):
    REPLACES = "REPLACES", _("thay thế")
    AMENDS = "AMENDS", _("sửa đổi, bổ sung")
    GUIDES = "GUIDES", _("hướng dẫn thực hiện")


class DocumentRelation(models.Model):
    """`source` replaces / amends / guides `target` (e.g. 06-HD/TW guides 294-QĐ/TW)."""

    source = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(_("quan hệ"), max_length=10, choices=RelationKind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "target", "kind"], name="unique_document_relation")]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


def _attachment_path(instance, filename: str) -> str:
    return f"documents/{instance.document_id}/{filename}"


class TextStatus(models.TextChoices):
    """Where the text of an attachment stands: it is extracted by the task worker after the upload."""

    PENDING = "PENDING", _("Đang lấy chữ để tìm kiếm")
    READY = "READY", _("Đã lấy chữ")
    NONE = "NONE", _("Định dạng này không lấy được chữ")
    FAILED = "FAILED", _("Không lấy được chữ")


class Attachment(models.Model):
    """A file of a document, kept in private storage (outside the web root) and served through an access check."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, storage=private_storage, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    # "", "tcvn3" or "vni": the legacy encoding the extracted text was converted from.
    converted_from = models.CharField(max_length=10, blank=True)
    text_status = models.CharField(max_length=10, choices=TextStatus.choices, default=TextStatus.READY)
    # Why the text could not be taken (a cap reached, a damaged file), shown to staff on the document page.
    text_note = models.CharField(max_length=300, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.original_name


class Article(models.Model):
    """A news item or other text (tin bài) kept with the library so its citations link to documents."""

    title = models.CharField(_("tiêu đề"), max_length=400)
    body = models.TextField(_("nội dung"))
    source_url = models.URLField(_("nguồn"), blank=True)
    published_on = models.DateField(_("ngày đăng"), null=True, blank=True)
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="articles")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")

    def __str__(self) -> str:
        return self.title


class Citation(models.Model):
    """One citation of a document found in a text (a document, a guide, an article, later an announcement)."""

    source_type = models.CharField(max_length=40)  # "documents.document", "documents.guide", …
    source_id = models.PositiveBigIntegerField()
    matched_text = models.CharField(max_length=200)
    doc_type = models.CharField(max_length=12, blank=True)
    type_code = models.CharField(max_length=10, blank=True)
    number = models.PositiveIntegerField()
    issuer_code = models.CharField(max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)  # in a State document's number
    cited_date = models.DateField(null=True, blank=True)
    start = models.PositiveIntegerField(default=0)
    target = models.ForeignKey(Document, null=True, on_delete=models.SET_NULL, related_name="citations")

    class Meta:
        indexes = [models.Index(fields=["source_type", "source_id"], name="documents_citation_source")]
        ordering = ["source_type", "source_id", "start"]

    def __str__(self) -> str:
        return self.matched_text


class Guide(MP_Node):
    """A page of the organisation-building handbook (cẩm nang nghiệp vụ), in a tree of branches."""

    steplen = 3
    title = models.CharField(_("tiêu đề"), max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    body = models.TextField(_("nội dung"), blank=True)
    regulations = models.ManyToManyField(Document, verbose_name=_("căn cứ"), blank=True, related_name="guides_based_on")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    node_order_by = ["title"]

    class Meta:
        verbose_name = _("hướng dẫn nghiệp vụ")
        verbose_name_plural = _("hướng dẫn nghiệp vụ")

    def __str__(self) -> str:
        return self.title


class GuideEditor(models.Model):
    """Editor rights on a branch of the guides (the guide and everything under it)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guide_branches")
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="editors")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "guide"], name="unique_guide_editor")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.guide_id}"


class Bookmark(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks")
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    guide = models.ForeignKey(Guide, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "document"], name="unique_document_bookmark"),
            models.UniqueConstraint(fields=["user", "guide"], name="unique_guide_bookmark"),
            models.CheckConstraint(
                condition=models.Q(document__isnull=False, guide__isnull=True)
                | models.Q(document__isnull=True, guide__isnull=False),
                name="bookmark_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.document_id or self.guide_id}"


class ReadingPosition(models.Model):
    """How far the user has read a document or guide (a percentage of the page), to resume there."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    guide = models.ForeignKey(Guide, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    percent = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "document"], name="unique_document_position"),
            models.UniqueConstraint(fields=["user", "guide"], name="unique_guide_position"),
        ]

    def __str__(self) -> str:
        return f"{self.percent}%"


class LibraryVisit(models.Model):
    """When the user last opened the library: documents added since `previous_at` are "new since your last visit"."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="library_visit")
    previous_at = models.DateTimeField(null=True)
    last_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.user_id} {self.last_at}"


class SearchEntry(models.Model):
    """One searchable item of any source, in folded text; the FTS5 table (SQLite) or a tsvector (PostgreSQL)
    indexes these columns. Filters (kind, issuer, year, status, topics) are plain columns here."""

    source = models.CharField(max_length=20)  # "document", "guide", later "announcement"
    object_id = models.PositiveBigIntegerField()
    title = models.TextField()  # folded
    reference = models.TextField(blank=True)  # folded, with the variants of the number ("144 qd tw 144-qd/tw")
    body = models.TextField(blank=True)  # folded
    doc_type = models.CharField(max_length=12, blank=True)
    issuer_code = models.CharField(max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(null=True)
    status = models.CharField(max_length=10, blank=True)
    topics = models.CharField(max_length=400, blank=True)  # " slug1 slug2 "
    # Who may read it, copied from the item (see querysets.audience_q): "PROVINCE", "SUBTREE", "COMMITTEE", or
    # "ALL" for items no organisation owns (the guides).
    audience = models.CharField(max_length=10, default="PROVINCE")
    audience_path = models.CharField(max_length=255, blank=True)
    owner_path = models.CharField(max_length=255, blank=True)
    sort_date = models.DateField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "object_id"], name="unique_search_entry")]

    def __str__(self) -> str:
        return f"{self.source}:{self.object_id}"
