from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "sotay.notifications"
    label = "notifications"
    verbose_name = "Thông báo đến người dùng"
