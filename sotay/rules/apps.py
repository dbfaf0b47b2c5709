from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "sotay.rules"
    label = "rules"

    def ready(self) -> None:
        from . import calendar, registry  # noqa: F401  (connect the cache-clearing signals)
