"""Import batches: a spreadsheet parsed into a preview, applied in one transaction, and reversible."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        UPLOADED = "UPLOADED", _("Đã tải lên")
        PARSING = "PARSING", _("Đang đọc và kiểm tra")
        PREVIEWED = "PREVIEWED", _("Chờ xác nhận")
        APPLYING = "APPLYING", _("Đang ghi")
        APPLIED = "APPLIED", _("Đã ghi")
        ROLLED_BACK = "ROLLED_BACK", _("Đã hoàn tác")
        REFUSED = "REFUSED", _("Bị từ chối")
        FAILED = "FAILED", _("Lỗi")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("tổ chức nhận dữ liệu"),
        on_delete=models.PROTECT,
        related_name="import_batches",
    )
    default_cell = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("chi bộ mặc định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_name = models.CharField(_("tên tệp"), max_length=255)
    file_path = models.CharField(max_length=500)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    source = models.CharField(_("nguồn dữ liệu"), max_length=100, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UPLOADED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.TextField(blank=True)
    header_row = models.PositiveIntegerField(null=True, blank=True)
    mapping = models.JSONField(default=dict, blank=True)  # column index (str) → field name
    unknown_headings = models.JSONField(default=list, blank=True)  # [[column index, heading text], …]
    counts = models.JSONField(default=dict, blank=True)  # new / changed / unchanged / rejected
    # What the preview found around the table: {"title": {…}, "footer_lines": n, "readings": {column: {…}}}.
    findings = models.JSONField(default=dict, blank=True)
    encodings = models.JSONField(default=dict, blank=True)  # column index (str) → "TCVN3", "VNI" or "" (Unicode)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    rolled_back_at = models.DateTimeField(null=True, blank=True)
    # The lease of the worker parsing or applying the batch (see sotay.imports.leases): who holds it, its last
    # sign of life and when it runs out; an expired lease (or a dead worker process) lets the batch be retried.
    worker = models.CharField(max_length=200, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    previews_purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("lần nhập dữ liệu")
        verbose_name_plural = _("các lần nhập dữ liệu")

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"

    @property
    def source_tag(self) -> str:
        """How member history rows point back to this batch."""
        return f"import:{self.pk}"


class ImportRow(models.Model):
    class Action(models.TextChoices):
        NEW = "NEW", _("Thêm mới")
        CHANGED = "CHANGED", _("Thay đổi")
        UNCHANGED = "UNCHANGED", _("Không đổi")
        REJECTED = "REJECTED", _("Bị loại")

    # A preview's working rows, written 100,000 at a time and purged with their batch: their keys carry no database
    # constraint (each was a check at commit, a second or so per 100,000 rows on PostgreSQL); Django still applies
    # on_delete (docs/decisions/0014-indexes-written-per-row.md). No index of its own on the batch: the (batch,
    # action) index below serves every lookup by batch.
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="rows", db_index=False, db_constraint=False
    )
    row_number = models.PositiveIntegerField()  # as the spreadsheet program numbers it
    action = models.CharField(max_length=10, choices=Action.choices)  # read with the batch: the index below
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    organization = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    values = models.JSONField(default=dict)  # cleaned values (dates as ISO text)
    diff = models.JSONField(default=dict)  # field → [current, incoming]
    errors = models.JSONField(default=list)  # [{"column": …, "message": …}]
    warnings = models.JSONField(default=list)

    class Meta:
        ordering = ["batch_id", "row_number"]
        indexes = [models.Index(fields=["batch", "action"])]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_number} {self.action}"


class ImportMapping(models.Model):
    """A column mapping fixed by hand, remembered for files with the same headings (the same source)."""

    signature = models.CharField(max_length=64, unique=True)  # hash of the folded headings
    headings = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)  # column index (str) → field name, or "" to ignore
    encodings = models.JSONField(default=dict, blank=True)  # column index (str) → "TCVN3", "VNI" or "" (Unicode)
    source = models.CharField(max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.source or self.signature[:12]
