from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sotay.core"
    label = "core"
    verbose_name = _("Hệ thống")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .compiled import reset_compiled
        from .forms import install_text_rule

        install_text_rule()
        post_migrate.connect(reset_compiled, dispatch_uid="sotay-reset-compiled-queries")
