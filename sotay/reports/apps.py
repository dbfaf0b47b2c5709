from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Read-only cross-app queries and exports (XLSX, PDF). Nothing imports this app."""

    name = "sotay.reports"
    label = "reports"
