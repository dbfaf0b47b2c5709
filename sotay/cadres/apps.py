from django.apps import AppConfig


class CadresConfig(AppConfig):
    name = "sotay.cadres"
    label = "cadres"
    verbose_name = "Cán bộ: chức danh, tiêu chuẩn, quy hoạch, bổ nhiệm"
