from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "sotay.rules"
    label = "rules"

    def ready(self) -> None:
        from . import registry  # noqa: F401  (connects the cache-clearing signal)
