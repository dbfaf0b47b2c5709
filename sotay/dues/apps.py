from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sotay.dues"
    label = "dues"
    verbose_name = _("Đảng phí")
