from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """Pages that combine several apps (home, organisation pages, audit log).

    They sit above `orgs`, `members` and `audit`, so those apps keep their one-way dependencies.
    """

    name = "sotay.web"
    label = "web"
    verbose_name = _("Trang tổng hợp")

    def ready(self) -> None:
        from . import stamps

        stamps.connect()
