"""What the system tells a user (in-app), and each attempt to carry it further (e-mail, Web Push)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    PUSH = "push", _("Thông báo đẩy")


class Notification(models.Model):
    """One message to one user. The in-app list is this table; nothing is ever deleted, only marked read."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="notifications"
    )
    # A short machine name of what happened ("meeting.invitation", "announcement", "channel.answer"…).
    kind = models.CharField(_("loại"), max_length=60)
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("tổ chức"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("lúc tạo"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("lúc đọc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notif_recipient_unread")]

    def __str__(self) -> str:
        return self.title


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi, sẽ thử lại")
    GAVE_UP = "gave_up", _("Gửi lỗi, đã ngừng thử")


class Delivery(models.Model):
    """One notification through one outside channel; failures are kept and retried, and staff can see them."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    sent_at = models.DateTimeField(_("lúc gửi"), null=True, blank=True)
    # When a failed delivery is tried again (backoff); null once sent or given up.
    next_attempt_at = models.DateTimeField(_("thử lại lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, null=True)

    class Meta:
        verbose_name = _("lượt gửi")
        verbose_name_plural = _("lượt gửi")
        constraints = [models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once_per_channel")]

    def __str__(self) -> str:
        return f"{self.notification_id}/{self.channel}: {self.status}"


class Preference(models.Model):
    """Which outside channels a user wants; without a row, e-mail and push are both on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_enabled = models.BooleanField(_("nhận qua thư điện tử"), default=True)
    push_enabled = models.BooleanField(_("nhận thông báo đẩy trên trình duyệt"), default=True)
    # Blank: the account's own address.
    email = models.EmailField(_("địa chỉ thư nhận thông báo"), blank=True)

    class Meta:
        verbose_name = _("tùy chọn nhận thông báo")
        verbose_name_plural = _("tùy chọn nhận thông báo")

    def __str__(self) -> str:
        return str(self.user_id)


class PushSubscription(models.Model):
    """One browser of one user that agreed to receive Web Push (the W3C Push API subscription)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.URLField(_("địa chỉ nhận"), max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    user_agent = models.CharField(_("trình duyệt"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đăng ký thông báo đẩy")
        verbose_name_plural = _("đăng ký thông báo đẩy")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.endpoint[:60]}"

    def as_subscription_info(self) -> dict:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}
