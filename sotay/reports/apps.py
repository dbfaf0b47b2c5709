from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Read-only cross-app queries and exports (XLSX, PDF). Nothing imports this app."""

    name = "sotay.reports"
    label = "reports"
    verbose_name = _("Báo cáo")
