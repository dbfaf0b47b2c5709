from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sotay.core"
    label = "core"

    def ready(self) -> None:
        from .forms import install_text_rule

        install_text_rule()
