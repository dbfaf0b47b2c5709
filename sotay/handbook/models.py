"""The committee's voice to members: announcements with read receipts, resolution study, and the two-way channel.

Receipts (`AnnouncementReceipt`, `StudyRecord`) are written for every member of the audience when the item is
published, with the member's organisation at that time, so "83% of chi bộ X has read" is one grouped count.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Announcement(models.Model):
    """Thông báo của cấp ủy: the audience is the subtree of `organization`."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("gửi tới (tổ chức và cấp dưới)"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"))
    pinned = models.BooleanField(_("ghim lên đầu"), default=False)
    expires_on = models.DateField(_("hết hạn ngày"), null=True, blank=True)
    published_at = models.DateTimeField(_("lúc đăng"), auto_now_add=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người đăng"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("thông báo của cấp ủy")
        verbose_name_plural = _("thông báo của cấp ủy")
        ordering = ["-pinned", "-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class AnnouncementReceipt(models.Model):
    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="receipts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The member's organisation when the announcement was published (or first read).
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(_("lúc đọc"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["announcement", "user"], name="announcement_receipt_once")]
        indexes = [models.Index(fields=["announcement", "organization"], name="receipt_by_org")]

    def __str__(self) -> str:
        return f"{self.announcement_id}/{self.user_id}"


class FeedbackKind(models.TextChoices):
    QUESTION = "QUESTION", _("Câu hỏi")
    SUGGESTION = "SUGGESTION", _("Kiến nghị, đề xuất")


class FeedbackStatus(models.TextChoices):
    OPEN = "OPEN", _("Đang chờ trả lời")
    FORWARDED = "FORWARDED", _("Đã chuyển lên cấp trên")
    ANSWERED = "ANSWERED", _("Đã trả lời")
    CLOSED = "CLOSED", _("Đã đóng")


OPEN_STATUSES = (FeedbackStatus.OPEN, FeedbackStatus.FORWARDED)


class Feedback(models.Model):
    """Ý kiến phản hồi — the two-way channel: a member's question or suggestion to one committee."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), on_delete=models.PROTECT, related_name="+"
    )
    # The committee that holds it now (forwarding moves it up); only that committee sees it.
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("gửi tới"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("loại"), max_length=12, choices=FeedbackKind.choices)
    subject = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=FeedbackStatus.choices, default=FeedbackStatus.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("lúc gửi"), auto_now_add=True)
    # When it reached the committee holding it (its age in that committee's list).
    received_at = models.DateTimeField(_("lúc nhận"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ý kiến phản hồi")
        verbose_name_plural = _("ý kiến phản hồi")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class FeedbackEvent(models.Model):
    class Action(models.TextChoices):
        SENT = "SENT", _("Gửi")
        ANSWERED = "ANSWERED", _("Trả lời")
        FORWARDED = "FORWARDED", _("Chuyển lên cấp trên")
        CLOSED = "CLOSED", _("Đóng")

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)
    from_org = models.ForeignKey("orgs.Organization", null=True, on_delete=models.PROTECT, related_name="+")
    to_org = models.ForeignKey("orgs.Organization", null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.feedback_id}: {self.action}"


class StudySession(models.Model):
    """Học tập nghị quyết: a committee assigns a document to its subtree with a deadline."""

    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("giao cho (tổ chức và cấp dưới)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    document = models.ForeignKey(
        "documents.Document", verbose_name=_("văn bản"), on_delete=models.PROTECT, related_name="study_sessions"
    )
    instructions = models.TextField(_("yêu cầu"), blank=True)
    deadline = models.DateField(_("hạn hoàn thành"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đợt học tập nghị quyết")
        verbose_name_plural = _("đợt học tập nghị quyết")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(self.document)


class StudyQuestion(models.Model):
    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=500)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.text


class StudyChoice(models.Model):
    question = models.ForeignKey(StudyQuestion, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    is_correct = models.BooleanField(default=False)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.text


class StudyRecord(models.Model):
    """One member's study of one session: done when `studied_at` is set, with the reflection (thu hoạch)."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="records")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    studied_at = models.DateTimeField(_("lúc hoàn thành"), null=True, blank=True)
    reflection = models.TextField(_("bài thu hoạch"), blank=True)
    score = models.PositiveSmallIntegerField(_("số câu đúng"), null=True, blank=True)
    total = models.PositiveSmallIntegerField(_("số câu hỏi"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="study_record_once")]
        indexes = [models.Index(fields=["session", "organization"], name="study_by_org")]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.user_id}"
