from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpConfig(AppConfig):
    """The user guide per role (tập huấn): help pages in the app, a printable PDF each, and the "?" link of every
    page to its section. The screenshots come from the Chromium tests (tests/test_guide_browser.py)."""

    name = "sotay.help"
    label = "help"
    verbose_name = _("Hướng dẫn sử dụng")
