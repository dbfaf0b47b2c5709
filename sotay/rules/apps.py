from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "sotay.rules"
    label = "rules"
    verbose_name = _("Quy định và lịch ngày làm việc")

    def ready(self) -> None:
        from . import calendar, registry  # noqa: F401  (connect the cache-clearing signals)
