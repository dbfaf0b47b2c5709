"""The append-only audit log: who did what, to which object, when and from where."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("Tạo mới")
    UPDATE = "update", _("Sửa")
    DELETE = "delete", _("Xóa")
    STATUS = "status", _("Đổi trạng thái")
    TRANSFER = "transfer", _("Chuyển sinh hoạt")
    REORGANIZE = "reorganize", _("Sắp xếp tổ chức")
    GRANT = "grant", _("Phân quyền")
    REVOKE = "revoke", _("Thu hồi quyền")
    LOGIN = "login", _("Đăng nhập")
    LOGIN_FAILED = "login_failed", _("Đăng nhập thất bại")
    LOGOUT = "logout", _("Đăng xuất")
    VIEW = "view", _("Xem hồ sơ")
    EXPORT = "export", _("Xuất dữ liệu")
    # Namespaced verbs ("object.what_happened"), so the log can be filtered by what happened.
    LOGIN_LOCKED_OUT = "login.locked_out", _("Khóa đăng nhập do sai nhiều lần")
    ACCOUNT_UNLOCKED = "account.unlocked", _("Mở khóa tài khoản")
    SECOND_FACTOR_ENROLLED = "account.second_factor_enrolled", _("Bật xác thực hai lớp")
    SECOND_FACTOR_RESET = "account.second_factor_reset", _("Đặt lại xác thực hai lớp")
    SECOND_FACTOR_PASSED = "login.second_factor", _("Xác thực hai lớp")
    ACCOUNTS_CREATED = "account.created", _("Tạo tài khoản")
    ACTIVATION_ISSUED = "account.codes_issued", _("Cấp mã kích hoạt")
    PASSWORD_RESET_ISSUED = "account.reset_issued", _("Cấp mã đặt lại mật khẩu")
    ACCOUNT_ACTIVATED = "account.activated", _("Kích hoạt tài khoản")
    PASSWORD_CHANGED = "account.password_changed", _("Đổi mật khẩu")
    ACCOUNT_DEACTIVATED = "account.deactivated", _("Khóa tài khoản theo đảng viên")
    ACCOUNT_REACTIVATED = "account.reactivated", _("Mở lại tài khoản")
    API_TOKEN_CREATED = "api.token_created", _("Tạo khóa API")
    API_TOKEN_REVOKED = "api.token_revoked", _("Thu hồi khóa API")
    API_TOKEN_USED = "api.token_used", _("Dùng khóa API")


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):  # noqa: D401 - the log is append-only
        raise PermissionError("Nhật ký là chỉ-ghi-thêm: không được sửa.")

    def delete(self):
        raise PermissionError("Nhật ký là chỉ-ghi-thêm: không được xóa.")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("tên người thực hiện"), max_length=150, blank=True)
    action = models.CharField(_("hành động"), max_length=60, choices=AuditAction.choices)
    # What happened, namespaced by the kind of object ("member.status_changed", "cellmeeting.minutes_finalised",
    # "export.register_7"): `sotay.audit.log.event_of`. The audit page filters on it (a prefix such as "member.").
    event = models.CharField(_("sự việc"), max_length=100, blank=True, db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=50, blank=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=50, blank=True)
    object_repr = models.CharField(_("đối tượng"), max_length=300, blank=True)
    # The organisation the entry belongs to, so staff see only their subtree's entries.
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("tổ chức"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    data = models.JSONField(_("chi tiết"), default=dict, blank=True)
    # Who and what, without diacritics, for the audit page's search (đ = d, any case).
    search_folded = models.CharField(max_length=500, blank=True, editable=False)
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    user_agent = models.CharField(_("trình duyệt"), max_length=300, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("mục nhật ký")
        verbose_name_plural = _("nhật ký")
        ordering = ["-at", "-id"]
        # Plain indexes, without PostgreSQL's second "_like" index that `db_index` adds to a text column: these are
        # matched whole, never by prefix (every write adds a row here, so each index is paid on every write).
        indexes = [
            models.Index(fields=["action"], name="audit_action"),
            models.Index(fields=["object_type"], name="audit_object_type"),
            models.Index(fields=["object_id"], name="audit_object_id"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Nhật ký là chỉ-ghi-thêm: không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Nhật ký là chỉ-ghi-thêm: không được xóa.")
